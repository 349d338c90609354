/// One thing wrong with a request, as the refusal names it (`requests.md` §2.10, §6): the
/// field, the value seen, and what was expected. The value seen is never a password.
public struct Problem: Hashable, Sendable, CustomStringConvertible {
    /// The field (`Email`, `MDO code`), or for an allocation row the row's generic ID.
    public var field: String
    /// The value seen, or nil when the field was missing.
    public var seen: String?
    /// What was expected.
    public var expected: String

    /// The characters of a field name or a value seen kept when quoted back: a mail can carry
    /// a 5 MB "value", and every refusal, log line and record that quotes it would too.
    public static let quotedLength = 200

    /// Makes a problem; a field or a value seen longer than `quotedLength` characters is cut
    /// there and ends in `…`.
    public init(field: String, seen: String?, expected: String) {
        self.field = Problem.quoted(field)
        self.seen = seen.map(Problem.quoted)
        self.expected = expected
    }

    static func quoted(_ text: String) -> String {
        guard text.utf8.count > quotedLength else { return text }
        let kept = text.prefix(quotedLength)
        return kept.endIndex == text.endIndex ? text : kept + "…"
    }

    /// `problems` in one line, `; ` between them, at most `limit` of them and then how many
    /// more there were (a sheet of 300,000 bad rows is not a 20 MB log line).
    public static func listed(_ problems: [Problem], limit: Int = 10) -> String {
        let shown = problems.prefix(limit).map(\.description).joined(separator: "; ")
        return problems.count > limit ? shown + "; and \(problems.count - limit) more" : shown
    }

    /// `Email: "a.kumar@gmail.com" — expected a government address`.
    public var description: String {
        "\(field): " + (seen.map { "\"\($0)\"" } ?? "missing") + " — expected \(expected)"
    }
}
