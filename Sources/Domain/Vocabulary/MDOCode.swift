/// An MDO's code (`requests.md` §1): 2 to 16 ASCII letters and digits, written in any case,
/// kept lower-case; it is part of every generic ID (`igot{code}{slot}@…`).
public struct MDOCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The code, lower-case.
    public let value: String

    /// Reads `text` (blanks at the ends ignored); nil unless it is 2-16 ASCII letters or digits.
    public init?(_ text: String) {
        let t = text.trimmingBlanks().lowercased()
        guard (2...16).contains(t.utf8.count),
              t.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }) else { return nil }
        value = t
    }

    /// The code.
    public var description: String { value }

    /// Orders by the code's text.
    public static func < (a: MDOCode, b: MDOCode) -> Bool { a.value < b.value }

    /// A code suggested from an MDO's name: the initials of its significant words, lower-case
    /// (`Department of Personnel and Training` → `dpt`), for the refusal of a nomination
    /// without a code (`requests.md` §3.1); nil when fewer than two initials.
    public static func suggestion(forName name: String) -> MDOCode? {
        let minor: Set<String> = ["of", "and", "the", "for", "&", "in", "on", "to"]
        let initials = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .filter { !minor.contains($0.lowercased()) }
            .compactMap { $0.first }
            .filter { $0.isASCII }
            .map { String($0).lowercased() }
            .joined()
        return MDOCode(String(initials.prefix(16)))
    }
}
