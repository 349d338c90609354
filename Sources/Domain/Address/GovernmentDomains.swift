/// The configured government domains (`[people] government_domains`): an address is a
/// government address when its domain *equals* one of them or *ends with a dot and* one of
/// them (`requests.md` §1), so `dopt.gov.in` is government and `fakegov.in` is not.
public struct GovernmentDomains: Sendable, Equatable {
    /// The listed domains, lower-case, without a leading or trailing dot.
    public let domains: [String]

    /// Makes the set from the configured list; entries are lower-cased and stripped of dots
    /// at either end.
    public init(_ domains: [String]) {
        self.domains = domains.map { d in
            var s = Substring(d.lowercased())
            while s.first == "." { s.removeFirst() }
            while s.last == "." { s.removeLast() }
            return String(s)
        }
    }

    /// True when `address` is a government address under these domains.
    public func contains(_ address: EmailAddress) -> Bool {
        domains.contains { address.isUnder(domain: $0) }
    }
}
