import Foundation

/// The public suffixes of the DNS (`gov.in`, `co.uk`, `*.ck` but not `www.ck`), read from the
/// Public Suffix List format (https://publicsuffix.org/list/): one rule a line, `//` comments,
/// `*.` wildcard rules and `!` exception rules. The sender check (`workflow.md` §5.2) uses it
/// to refuse a DKIM signature of a public suffix as a voucher for the domains below it: a
/// `d=gov.in` signature does not vouch for `dopt.gov.in`.
///
/// Rules are matched on lower-case ASCII labels. The list spells internationalised rules in
/// Unicode; an ASCII `xn--` domain does not match them, so `isPublicSuffix` answers true for
/// any domain holding an `xn--` label — the careful answer, which leaves such domains only
/// the exact-domain alignment.
public struct PublicSuffixList: Sendable {
    private var rules: Set<String> = []
    private var wildcards: Set<String> = []
    private var exceptions: Set<String> = []

    /// Where Debian's `publicsuffix` package installs the list.
    public static let debianPath = "/usr/share/publicsuffix/public_suffix_list.dat"

    /// Reads the rules in `text` (the `.dat` format; blank lines and `//` comments skipped).
    public init(text: String) {
        for line in text.split(whereSeparator: \.isNewline) {
            // A rule ends at the first blank; the rest of the line is not part of it.
            guard let rule = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first,
                  !rule.hasPrefix("//") else { continue }
            let lowered = rule.lowercased()
            if lowered.hasPrefix("!") {
                exceptions.insert(String(lowered.dropFirst()))
            } else if lowered.hasPrefix("*.") {
                wildcards.insert(String(lowered.dropFirst(2)))
            } else {
                rules.insert(lowered)
            }
        }
    }

    /// Reads the list at `path`.
    ///
    /// - Throws: the file-system error when the file cannot be read (Debian package
    ///   `publicsuffix` not installed, or another path that does not exist).
    public init(contentsOf path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        self.init(text: String(decoding: data, as: UTF8.self))
    }

    /// This list with `domains` added as rules of their own (the configured government
    /// domains: `nic.in` and `gov.in` vouch for no domain below them).
    public func adding(_ domains: [String]) -> PublicSuffixList {
        var copy = self
        for domain in domains { copy.rules.insert(domain.lowercased()) }
        return copy
    }

    /// The number of rules read (normal, wildcard and exception).
    public var count: Int { rules.count + wildcards.count + exceptions.count }

    /// True when `domain` (no trailing dot) is a public suffix: it matches a rule, or a
    /// wildcard rule without an exception, or it is a single label (the list's implicit `*`).
    public func isPublicSuffix(_ domain: String) -> Bool {
        let d = domain.lowercased()
        if d.isEmpty || !d.contains(".") { return true }
        if d.split(separator: ".").contains(where: { $0.hasPrefix("xn--") }) { return true }
        if rules.contains(d) { return true }
        if exceptions.contains(d) { return false }
        if let dot = d.firstIndex(of: "."), wildcards.contains(String(d[d.index(after: dot)...])) { return true }
        return false
    }
}
