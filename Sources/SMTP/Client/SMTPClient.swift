import CCurl
import CurlShim
import Foundation

/// Sends messages to one SMTP relay through libcurl (`workflow.md` §8), keeping one easy
/// handle — and so one connection — for every letter it sends, until it is released.
///
/// Each recipient gets a transaction of its own, so that a refused recipient is known by name
/// and never stops the others. Not thread-safe: one client per sending task.
public final class SMTPClient: @unchecked Sendable {
    /// How to reach the relay.
    public struct Settings: Sendable {
        /// `smtp://host:port/ehlo.name` or `smtps://host:port/ehlo.name`.
        public var url: String
        /// AUTH user, or nil.
        public var username: String?
        /// AUTH password, or nil; never logged.
        public var password: String?
        /// STARTTLS on `smtp://`: `required`, `opportunistic` or `off`.
        public var startTLS: String
        /// An extra CA bundle, or nil.
        public var caFile: String?
        /// Seconds for connect, EHLO, STARTTLS and AUTH.
        public var connectTimeout: Int
        /// Seconds for one letter.
        public var timeout: Int

        /// Makes settings.
        public init(url: String, username: String? = nil, password: String? = nil, startTLS: String = "required",
                    caFile: String? = nil, connectTimeout: Int = 10, timeout: Int = 60) {
            self.url = url; self.username = username; self.password = password; self.startTLS = startTLS
            self.caFile = caFile; self.connectTimeout = connectTimeout; self.timeout = timeout
        }
    }

    /// The libcurl easy handle (`CURL *`), renewed after a session that broke off.
    private var handle: UnsafeMutableRawPointer
    /// True while the handle holds a connection whose session is in step: after a transfer the
    /// server answered, false after one that broke off or a new handle.
    private var connected = false

    /// Opens a handle for `settings` (no connection is made until the first letter).
    ///
    /// - Throws: `SMTPClientError.setup` when libcurl cannot make a handle.
    public init(settings: Settings) throws {
        CurlGlobal.ensureInitialised()
        guard let h = curl_easy_init() else { throw SMTPClientError.setup("libcurl could not make a handle") }
        handle = UnsafeMutableRawPointer(h)
        // What stays the same for every letter is set once: libcurl keeps options across
        // transfers on a handle, and setting the URL again re-parses it for each letter.
        iddesk_curl_setopt_string(h, CURLOPT_URL, settings.url)
        iddesk_curl_setopt_long(h, CURLOPT_UPLOAD, 1)
        iddesk_curl_setopt_read_function(h, smtpRead)
        iddesk_curl_setopt_long(h, CURLOPT_VERBOSE, 1)
        iddesk_curl_setopt_debug_function(h, smtpDebug)
        iddesk_curl_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        iddesk_curl_setopt_long(h, CURLOPT_CONNECTTIMEOUT, settings.connectTimeout)
        iddesk_curl_setopt_long(h, CURLOPT_TIMEOUT, settings.timeout)
        // libcurl waits up to 120 s for a reply to a command by default, QUIT at the end
        // included: a stalled relay held the process that long after its pass was over.
        iddesk_curl_setopt_long(h, CURLOPT_SERVER_RESPONSE_TIMEOUT, settings.timeout)
        if settings.url.lowercased().hasPrefix("smtp://") {
            let level: curl_usessl
            switch settings.startTLS {
            case "off": level = CURLUSESSL_NONE
            case "opportunistic": level = CURLUSESSL_TRY
            default: level = CURLUSESSL_ALL
            }
            iddesk_curl_setopt_long(h, CURLOPT_USE_SSL, Int(level.rawValue))
        }
        if let caFile = settings.caFile { iddesk_curl_setopt_string(h, CURLOPT_CAINFO, caFile) }
        if let user = settings.username { iddesk_curl_setopt_string(h, CURLOPT_USERNAME, user) }
        if let password = settings.password { iddesk_curl_setopt_string(h, CURLOPT_PASSWORD, password) }
    }

    deinit {
        SMTPClient.close(handle)
    }

    /// Cleans up a handle; cleaning up sends QUIT on its open connection, whose reply is
    /// awaited at most 2 seconds (a relay that stalled would otherwise hold the caller for the
    /// whole response timeout).
    private static func close(_ handle: UnsafeMutableRawPointer) {
        let h = handle
        iddesk_curl_setopt_long(h, CURLOPT_SERVER_RESPONSE_TIMEOUT, 2)
        curl_easy_cleanup(h)
    }

    /// Replaces the handle with a copy of its options and no connection, so that a session
    /// that broke off is never used again.
    private func renew() {
        if let copy = curl_easy_duphandle(handle) {
            SMTPClient.close(handle)
            handle = copy
        }
        connected = false
    }

    /// The data libcurl reads the message from and writes the server's replies into.
    final class Transfer {
        let bytes: [UInt8]
        var offset = 0
        /// The server's reply lines, without their line ends.
        var lines: [String] = []
        /// True once MAIL FROM was sent: a refusal before it is the session's, not a letter's.
        var mailSent = false
        /// True once RCPT TO was sent: a 5xx between the two refuses the desk's sender address.
        var recipientSent = false
        /// True once DATA was sent: from then on the relay may hold the letter.
        var dataSent = false
        init(bytes: [UInt8]) { self.bytes = bytes }
    }

    /// Sends `message` (CRLF line ends) from `sender` to one `recipient`.
    ///
    /// A session that breaks off (the connection closed or timed out with no refusal from the
    /// server, or a 421 "closing channel") is never used again: the handle is renewed. When
    /// it broke on a connection kept from an earlier letter (relays close idle connections,
    /// or allow a number of messages to each), the letter is sent once more on a new
    /// connection; what that gives is the outcome. A letter the relay accepted but whose
    /// reply was lost may so arrive twice, with the same Message-ID (`workflow.md` §8).
    public func send(_ message: [UInt8], from sender: String, to recipient: String) -> SMTPOutcome {
        let reused = connected
        var attempt = transfer(message, from: sender, to: recipient)
        if attempt.brokeOff {
            renew()
            // A kept connection the relay had closed fails before the letter is offered: then
            // it goes again at once on a new one. Once DATA was sent the relay may have the
            // letter (it stalled after the final dot): sending it again could deliver it twice,
            // and would wait a second `[smtp] timeout`. It stays queued for a later attempt.
            if reused && !attempt.dataSent {
                attempt = transfer(message, from: sender, to: recipient)
                if attempt.brokeOff { renew() }
            }
        }
        return attempt.outcome
    }

    /// One transfer on the current handle: its outcome, and whether the session broke off.
    private func transfer(_ message: [UInt8], from sender: String, to recipient: String) -> (outcome: SMTPOutcome, brokeOff: Bool, dataSent: Bool) {
        let transfer = Transfer(bytes: message)
        let context = Unmanaged.passRetained(transfer)
        defer { context.release() }
        var recipients: UnsafeMutablePointer<curl_slist>? = nil
        recipients = curl_slist_append(recipients, "<\(recipient)>")
        defer { curl_slist_free_all(recipients) }

        let h = handle
        iddesk_curl_setopt_string(h, CURLOPT_MAIL_FROM, "<\(sender)>")
        iddesk_curl_setopt_slist(h, CURLOPT_MAIL_RCPT, recipients)
        iddesk_curl_setopt_off_t(h, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.count))
        iddesk_curl_setopt_pointer(h, CURLOPT_READDATA, context.toOpaque())
        iddesk_curl_setopt_pointer(h, CURLOPT_DEBUGDATA, context.toOpaque())

        let code = curl_easy_perform(h)
        var response = 0
        iddesk_curl_getinfo_long(h, CURLINFO_RESPONSE_CODE, &response)
        let error = String(cString: curl_easy_strerror(code))
        let replies = Reply.group(transfer.lines)
        // The last reply that carries the code is the server's word on this letter.
        let reply = replies.last { $0.hasPrefix(String(response)) } ?? replies.last ?? ""
        // Broken off: libcurl failed without a refusal from the server (its last reply was a
        // positive step, 250 to RCPT or 354 to DATA, or there was none), or the server said
        // 421 and closed the channel (RFC 5321 §3.8).
        let brokeOff = code != CURLE_OK && (!(400..<600).contains(response) || response == 421)
        connected = !brokeOff
        if code != CURLE_OK, code != CURLE_LOGIN_DENIED, response != 421,
           !transfer.mailSent && (400..<600).contains(response) || transfer.mailSent && !transfer.recipientSent && (500..<600).contains(response) {
            // Refused before any letter was offered (greeting, EHLO, STARTTLS), or the desk's
            // own sender address refused for good: failing this recipient for it would fail
            // every letter of the queue.
            renew()
            return (.relayRefused(code: response, reply: reply), false, transfer.dataSent)
        }
        if brokeOff && response != 421 {
            let after = reply.isEmpty ? "" : " after \"\(reply)\""
            return (.transient(code: 0, reply: "connection lost\(after): \(error)"), true, transfer.dataSent)
        }
        return (SMTPOutcome.classify(responseCode: response, reply: reply, curlCode: Int32(code.rawValue), curlError: error), brokeOff, transfer.dataSent)
    }

    /// How many new connections the last transfer opened (0 when it reused one).
    public var lastConnectCount: Int {
        var count = 0
        iddesk_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &count)
        return count
    }
}

/// Why a client could not be made.
public enum SMTPClientError: Error, Equatable {
    /// libcurl refused to make or set up a handle.
    case setup(String)
}

/// libcurl's read callback: copies the next bytes of the message.
private func smtpRead(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let context else { return 0 }
    let transfer = Unmanaged<SMTPClient.Transfer>.fromOpaque(context).takeUnretainedValue()
    let n = min(size * count, transfer.bytes.count - transfer.offset)
    guard n > 0 else { return 0 }
    transfer.bytes.withUnsafeBufferPointer { source in
        UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + transfer.offset, byteCount: n)
    }
    transfer.offset += n
    return n
}

/// libcurl's debug callback: keeps the server's reply lines (the only place their text shows),
/// cut at CR and LF bytes, and notes when MAIL FROM and RCPT TO are sent.
private func smtpDebug(_ handle: UnsafeMutableRawPointer?, _ type: curl_infotype, _ data: UnsafeMutablePointer<CChar>?,
                       _ size: Int, _ context: UnsafeMutableRawPointer?) -> Int32 {
    guard type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT, let data, let context else { return 0 }
    let transfer = Unmanaged<SMTPClient.Transfer>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if type == CURLINFO_HEADER_OUT {
        // The commands the desk sends: only whether MAIL FROM, RCPT TO and DATA went is kept.
        let command = bytes.prefix(9).map { $0 | 0x20 }
        if command == Array("mail from".utf8) { transfer.mailSent = true }
        if command.prefix(7) == Array("rcpt to".utf8)[...] { transfer.recipientSent = true }
        if command.prefix(4) == Array("data".utf8)[...] { transfer.dataSent = true }
        return 0
    }
    for line in bytes.split(whereSeparator: { $0 == 0x0D || $0 == 0x0A }) {
        transfer.lines.append(String(decoding: UnsafeRawBufferPointer(rebasing: line), as: UTF8.self))
    }
    return 0
}

/// SMTP replies from their lines (RFC 5321 §4.2.1).
enum Reply {
    /// The replies of `lines`: a multi-line reply (`550-first`, `550-second`, `550 last`) is
    /// one reply, its lines joined by a blank, so that none of the server's words is lost.
    static func group(_ lines: [String]) -> [String] {
        var replies: [String] = []
        var open: [String] = []
        for line in lines {
            open.append(line)
            let bytes = Array(line.utf8)
            // "250-" continues; "250 ", a bare "250" or anything else ends the reply.
            let continues = bytes.count >= 4 && bytes[0..<3].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && bytes[3] == 0x2D
            if !continues {
                replies.append(open.joined(separator: " "))
                open = []
            }
        }
        if !open.isEmpty { replies.append(open.joined(separator: " ")) }
        return replies
    }
}
