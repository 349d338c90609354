/// An e-mail address as the desk uses it for authority and as a generic ID: an ASCII
/// `local@domain` addr-spec (RFC 5322 §3.4.1, dot-atom form), stored lower-case.
///
/// Comparison is ASCII case-insensitive, as `requests.md` §2.9 asks; any non-ASCII
/// character is refused rather than normalised (`requests.md` §1: look-alike addresses
/// must never match).
public struct EmailAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The part before `@`, lower-case ASCII.
    public let localPart: String
    /// The domain after `@`, lower-case ASCII, without a trailing dot.
    public let domain: String

    /// Reads `text` as a bare addr-spec (no display name, no angle brackets; surrounding
    /// blanks are ignored). Returns nil when it is not one: non-ASCII characters, a missing
    /// or doubled `@`, an empty or dot-edged local part, or a domain that is not dot-separated
    /// labels of letters, digits and inner hyphens with at least two labels.
    public init?(_ text: String) {
        let trimmed = text.trimmingBlanks()
        guard trimmed.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let pieces = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard pieces.count == 2 else { return nil }
        let local = String(pieces[0]).lowercased()
        var domain = String(pieces[1]).lowercased()
        if domain.hasSuffix(".") { domain.removeLast() }
        guard EmailAddress.isDotAtom(local), EmailAddress.isHostName(domain) else { return nil }
        self.localPart = local
        self.domain = domain
    }

    /// `local@domain`, lower-case.
    public var description: String { "\(localPart)@\(domain)" }

    /// True when the domain equals `parent` or ends with `.` + `parent` (so `dopt.gov.in` is
    /// under `gov.in`, and `fakegov.in` is not). `parent` is compared case-insensitively.
    public func isUnder(domain parent: String) -> Bool {
        let p = parent.lowercased()
        return domain == p || domain.hasSuffix("." + p)
    }

    /// Orders by the textual form, so that lists print in a stable order.
    public static func < (lhs: EmailAddress, rhs: EmailAddress) -> Bool {
        lhs.description < rhs.description
    }

    // RFC 5322 §3.2.3 atext, without the characters no real mailbox here uses in practice
    // being treated specially: we accept the whole atext set.
    private static let atext: Set<UInt8> = {
        var set = Set<UInt8>()
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { set.insert(c) }
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { set.insert(c) }
        for c in "!#$%&'*+-/=?^_`{|}~".utf8 { set.insert(c) }
        return set
    }()

    static func isDotAtom(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 64 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty && atom.utf8.allSatisfy { atext.contains($0) }
        }
    }

    /// A DNS host name (RFC 1123 §2.1): two or more labels of `[a-z0-9-]`, no label edged by `-`.
    static func isHostName(_ text: String) -> Bool {
        guard text.utf8.count <= 253 else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            guard (1...63).contains(label.utf8.count),
                  label.first != "-", label.last != "-" else { return false }
            return label.utf8.allSatisfy { c in
                (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D
            }
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, CR and LF.
    func trimmingBlanks() -> String {
        var scalars = Substring(self)
        while let f = scalars.first, f == " " || f == "\t" || f == "\r" || f == "\n" { scalars.removeFirst() }
        while let l = scalars.last, l == " " || l == "\t" || l == "\r" || l == "\n" { scalars.removeLast() }
        return String(scalars)
    }
}
