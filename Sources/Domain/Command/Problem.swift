/// One thing wrong with a request, as the refusal names it (`requests.md` §2.10, §6): the
/// field, the value seen, and what was expected. The value seen is never a password.
public struct Problem: Hashable, Sendable, CustomStringConvertible {
    /// The field (`Email`, `MDO code`), or for an allocation row the row's generic ID.
    public var field: String
    /// The value seen, or nil when the field was missing.
    public var seen: String?
    /// What was expected.
    public var expected: String

    /// Makes a problem.
    public init(field: String, seen: String?, expected: String) {
        self.field = field
        self.seen = seen
        self.expected = expected
    }

    /// `Email: "a.kumar@gmail.com" — expected a government address`.
    public var description: String {
        "\(field): " + (seen.map { "\"\($0)\"" } ?? "missing") + " — expected \(expected)"
    }
}
