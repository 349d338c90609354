/// What happened to one recipient of one letter (`workflow.md` §8), classified from the
/// server's reply code first and libcurl's result second.
public enum SMTPOutcome: Sendable, Equatable {
    /// Accepted by the server (2xx after DATA).
    case sent(reply: String)
    /// Try again later: a 4xx reply, or no reply at all (connection refused, reset, timeout).
    case transient(code: Int, reply: String)
    /// Never: a 5xx reply, or a recipient the server cannot take.
    case permanent(code: Int, reply: String)

    /// Classifies a transfer: the last reply code (0 when the server never answered), its
    /// text, and libcurl's result code.
    static func classify(responseCode: Int, reply: String, curlCode: Int32, curlError: String) -> SMTPOutcome {
        let text = reply.isEmpty ? curlError : reply
        if curlCode == 0 && (200..<300).contains(responseCode) { return .sent(reply: text) }
        if (500..<600).contains(responseCode) { return .permanent(code: responseCode, reply: text) }
        if (400..<500).contains(responseCode) { return .transient(code: responseCode, reply: text) }
        // No usable reply: a refused connection, a timeout, a TLS failure: try again later.
        return .transient(code: responseCode, reply: text)
    }
}
