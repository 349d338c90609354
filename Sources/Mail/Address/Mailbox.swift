/// One mailbox of an address field (RFC 5322 §3.4): an optional display name and an address.
public struct Mailbox: Sendable, Equatable, CustomStringConvertible {
    /// The display name, decoded (RFC 2047) and unquoted, or nil when there is none.
    public var name: String?
    /// The addr-spec as written (`A.Kumar@NIC.in`), without angle brackets or comments.
    public var address: String
    /// The group it was listed in (`undisclosed-recipients`), or nil.
    public var group: String?

    /// Makes a mailbox.
    public init(name: String?, address: String, group: String? = nil) {
        self.name = name
        self.address = address
        self.group = group
    }

    /// The address with its domain lower-cased and, since the desk compares addresses
    /// case-insensitively (`requests.md` §2.9), its local part too.
    public var normalizedAddress: String { address.lowercased() }

    /// The part after the last `@`, lower-case, or "" when there is none.
    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return String(address[address.index(after: at)...]).lowercased()
    }

    /// `Name <address>` or the bare address.
    public var description: String {
        if let name, !name.isEmpty { return "\(name) <\(address)>" }
        return address
    }
}
