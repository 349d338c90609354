import Mail

/// The system's public suffix list (Debian package `publicsuffix`), read once per process.
enum SystemSuffixes {
    /// The list at `PublicSuffixList.debianPath`, or nil when it cannot be read.
    static let list: PublicSuffixList? = try? PublicSuffixList(contentsOf: PublicSuffixList.debianPath)

    /// The sender check `configuration` asks for: its authserv-ids and own hosts, and the
    /// system list with the government domains added (nil without the system list).
    static func senderCheck(_ configuration: Configuration) -> SenderCheck {
        SenderCheck(authservIDs: configuration.senderCheck.authservIDs, ownHosts: configuration.senderCheck.ownHosts,
                    suffixes: list?.adding(configuration.people.governmentDomains.domains))
    }
}
