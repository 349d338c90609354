import Foundation

/// Aligned text tables for people (`iddesk roster`, `requests`, `outbox` with `--format
/// table`): the header row, then the rows, lines joined by LF with none after the last
/// (`(none)` under the header when there are no rows); widths are counted in Characters.
public enum Table {
    /// `rows` under `header`, columns aligned (at most 60 characters wide), each cell on one
    /// line; a longer cell, except in the last column, is cut and ends in `…`, so that the
    /// columns after it stay in line (`--format csv` and `json` keep every value whole).
    public static func render(_ header: [String], _ rows: [[String]]) -> String {
        // Cells hold what mail said (names, subjects, the relay's replies): one line each.
        let all = [header] + rows.map { row in
            row.enumerated().map { i, value in
                let line = PrintableText.line(value)
                return i == row.count - 1 || line.count <= maxWidth ? line : line.prefix(maxWidth - 1) + "…"
            }
        }
        let widths = header.indices.map { i in min(maxWidth, all.map { $0[i].count }.max() ?? 0) }
        return all.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: max(1, widths[i] - cell.count + 2))
            }.joined()
        }.joined(separator: "\n") + (rows.isEmpty ? "\n(none)" : "")
    }

    /// The widest a column is, in characters.
    public static let maxWidth = 60
}
