/// What happened to one recipient of one letter (`workflow.md` §8), classified from the
/// server's reply code first and libcurl's result second.
public enum SMTPOutcome: Sendable, Equatable {
    /// Accepted by the server (2xx after DATA).
    case sent(reply: String)
    /// Try again later: a 4xx reply, or no reply at all (connection refused, reset, timeout).
    case transient(code: Int, reply: String)
    /// Never: a 5xx reply, or a recipient the server cannot take.
    case permanent(code: Int, reply: String)
    /// The relay refused the desk itself, not this recipient: AUTH was denied (libcurl's
    /// `CURLE_LOGIN_DENIED`), a 4xx/5xx came before any letter was offered (at greeting,
    /// EHLO or STARTTLS: "554 no SMTP service here"), or a 5xx refused the desk's sender
    /// address (MAIL FROM). Nothing about the recipient is known;
    /// every letter would meet the same refusal, so the caller stops and keeps the letters
    /// queued.
    case relayRefused(code: Int, reply: String)

    /// Classifies a transfer: the last reply code (0 when the server never answered), its
    /// text, and libcurl's result code.
    static func classify(responseCode: Int, reply: String, curlCode: Int32, curlError: String) -> SMTPOutcome {
        let text = reply.isEmpty ? curlError : reply
        if curlCode == 0 && (200..<300).contains(responseCode) { return .sent(reply: text) }
        // A wrong password is the operator's to fix; failing each recipient would lose letters.
        if curlCode == 67 { return .relayRefused(code: responseCode, reply: text) }
        if (500..<600).contains(responseCode) { return .permanent(code: responseCode, reply: text) }
        if (400..<500).contains(responseCode) { return .transient(code: responseCode, reply: text) }
        // No usable reply: a refused connection, a timeout, a TLS failure: try again later.
        return .transient(code: responseCode, reply: text)
    }
}
