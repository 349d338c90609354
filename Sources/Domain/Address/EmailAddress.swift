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
        // Byte by byte: every address of every mail and every registry row read comes
        // through here, and the desk's addresses are ASCII by rule.
        var bytes = Array(text.utf8)
        var start = 0, end = bytes.count
        while start < end, EmailAddress.isBlank(bytes[start]) { start += 1 }
        while end > start, EmailAddress.isBlank(bytes[end - 1]) { end -= 1 }
        var at: Int?
        for i in start..<end {
            let b = bytes[i]
            guard b < 0x80 else { return nil }
            if b == UInt8(ascii: "@") {
                guard at == nil else { return nil }
                at = i
            } else if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") {
                bytes[i] = b + 0x20
            }
        }
        guard let at else { return nil }
        var domainEnd = end
        if domainEnd > at + 1, bytes[domainEnd - 1] == UInt8(ascii: ".") { domainEnd -= 1 }
        let local = bytes[start..<at], domain = bytes[(at + 1)..<domainEnd]
        guard EmailAddress.isDotAtom(local), EmailAddress.isHostName(domain) else { return nil }
        self.localPart = String(decoding: local, as: UTF8.self)
        self.domain = String(decoding: domain, as: UTF8.self)
    }

    /// Space, tab, CR or LF: what is trimmed from either end of an address.
    static func isBlank(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A
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

    // RFC 5322 §3.2.3 atext (lower-case letters only: addresses are lower-cased first), by
    // byte value.
    private static let atext: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(c)] = true }
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(c)] = true }
        for c in "!#$%&'*+-/=?^_`{|}~".utf8 { table[Int(c)] = true }
        return table
    }()

    /// A dot-atom of at most 64 characters (RFC 5322 §3.2.3): atoms of atext joined by single dots.
    static func isDotAtom(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 64 else { return false }
        var atom = 0
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard atom > 0 else { return false }
                atom = 0
            } else {
                guard b < 0x80, atext[Int(b)] else { return false }
                atom += 1
            }
        }
        return atom > 0
    }

    /// A DNS host name (RFC 1123 §2.1): two or more labels of `[a-z0-9-]`, no label edged by `-`.
    static func isHostName(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count <= 253 else { return false }
        var labels = 0, length = 0
        var previous: UInt8 = UInt8(ascii: ".")
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard length >= 1, length <= 63, previous != UInt8(ascii: "-") else { return false }
                labels += 1
                length = 0
            } else {
                let allowed = (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D
                guard allowed, !(length == 0 && b == UInt8(ascii: "-")) else { return false }
                length += 1
            }
            previous = b
        }
        guard length >= 1, length <= 63, previous != UInt8(ascii: "-") else { return false }
        return labels + 1 >= 2
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, CR and LF.
    /// By bytes, not characters: a trailing CR LF is one `Character`, equal to neither.
    func trimmingBlanks() -> String {
        let bytes = utf8
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, EmailAddress.isBlank(bytes[start]) { start = bytes.index(after: start) }
        while end > start, EmailAddress.isBlank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return String(self[start..<end])
    }
}
