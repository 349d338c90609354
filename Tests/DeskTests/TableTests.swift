import Desk
import Testing

/// cli.md: "Human output on stdout as aligned text".
@Suite("Aligned tables (cli.md)")
struct TableTests {
    @Test("a cell longer than a column may be is cut with …, so the columns after it stay in line; the last column is whole")
    func longCells() {
        let long = String(repeating: "Shri Verylongname ", count: 10)
        let text = Table.render(["ID", "HOLDER", "SINCE", "NOTE"], [
            ["igotdoptcc1@nic.in", long, "2026-11-24", long],
            ["igotdoptcc2@nic.in", "Ms. D. Rao", "2026-11-25", "-"],
        ])
        let lines = text.split(separator: "\n").map(String.init)
        let columns = lines.map { line -> Int in
            guard let at = line.range(of: "SINCE") ?? line.range(of: "2026-11-2") else { return -1 }
            return line.distance(from: line.startIndex, to: at.lowerBound)
        }
        #expect(columns.count == 3 && Set(columns).count == 1 && columns[0] > 0, "\(text)")
        #expect(lines[1].contains("…") && lines[1].hasSuffix(long), "\(lines[1])")
    }
}
