import Domain
import Testing

@Suite("Problems quoted back at a bounded length (requests.md §6)")
struct ProblemTests {
    @Test("a value seen over 200 characters is cut there with …; a short one is kept whole")
    func quoted() {
        let long = Problem(field: "MDO code", seen: String(repeating: "ब", count: 5_000), expected: "an MDO code")
        #expect(long.seen == String(repeating: "ब", count: 200) + "…")
        let exact = String(repeating: "x", count: 200)
        #expect(Problem(field: "MDO code", seen: exact, expected: "an MDO code").seen == exact)
        #expect(Problem(field: String(repeating: "f", count: 300), seen: nil, expected: "x").field.count == 201)
    }

    @Test("a list of problems in one line stops after ten and says how many more")
    func listed() {
        let problems = (1...25).map { Problem(field: "row \($0)", seen: nil, expected: "a row") }
        let line = Problem.listed(problems)
        #expect(line.hasPrefix("row 1: missing — expected a row; row 2:"))
        #expect(line.hasSuffix("row 10: missing — expected a row; and 15 more"))
        #expect(Problem.listed(Array(problems.prefix(3))) == "row 1: missing — expected a row; row 2: missing — expected a row; row 3: missing — expected a row")
    }
}
