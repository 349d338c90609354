/// Test mail as our own mail server hands it to the desk: with the `Authentication-Results`
/// field that server adds (authserv-id `mx.dopt.gov.in`, the default of `[sender_check]`),
/// saying `dmarc=pass` for the domain of the mail's From address. Tests of anything but the
/// sender check start from genuine mail, as the desk sees it in production.
public enum VerifiedMail {
    /// `mail` with that field prepended; `mail` itself when it has no From address.
    public static func from(_ mail: String) -> String {
        authenticationResults(for: mail).map { $0 + "\n" + mail } ?? mail
    }

    /// The field `from(_:)` adds (without its line end), or nil when `mail` has no From address.
    public static func authenticationResults(for mail: String) -> String? {
        guard let line = mail.split(separator: "\n").first(where: { $0.lowercased().hasPrefix("from:") }),
              let at = line.lastIndex(of: "@") else { return nil }
        let domain = line[line.index(after: at)...].prefix { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }.lowercased()
        return "Authentication-Results: mx.dopt.gov.in; dmarc=pass header.from=\(domain)"
    }
}
