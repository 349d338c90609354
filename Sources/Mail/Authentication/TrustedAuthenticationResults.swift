/// The `Authentication-Results` fields the desk may believe (`workflow.md` §5.2, RFC 8601 §5):
/// those written by our own mail servers. The header is read from the top — the newest trace
/// fields first — and reading stops at the first `Received` field whose `by` host is not one of
/// ours: anything below it was written before the mail reached us, by someone else, and may be
/// forged. Of the fields above that point, only those whose authserv-id is ours count, and of
/// those only the topmost for each authserv-id: our server prepends its field, so a second
/// one below it with the same id was not written by that server on this delivery.
public enum TrustedAuthenticationResults {
    /// The believable fields of `header`, top first.
    ///
    /// - Parameters:
    ///   - authservIDs: `[sender_check] authserv_ids`, lower-case.
    ///   - ownHosts: `[sender_check] own_hosts` (by default the authserv-ids), lower-case.
    public static func read(_ header: Header, authservIDs: Set<String>, ownHosts: Set<String>) -> [AuthenticationResults] {
        var trusted: [AuthenticationResults] = []
        for field in header.fields {
            switch field.lowercasedName {
            case "received":
                guard let host = ReceivedField.byHost(field.text), ownHosts.contains(host) else { return trusted }
            case "authentication-results":
                if let results = AuthenticationResults(field.text), authservIDs.contains(results.authservID),
                   !trusted.contains(where: { $0.authservID == results.authservID }) {
                    trusted.append(results)
                }
            default:
                continue
            }
        }
        return trusted
    }
}
