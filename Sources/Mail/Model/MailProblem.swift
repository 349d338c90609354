/// Something wrong with a mail that the parser worked around. The message is still returned
/// with everything that could be read; problems say what was odd, for the log, for filing
/// to `.Review` and for `iddesk inspect`.
public enum MailProblem: Sendable, Equatable, CustomStringConvertible {
    /// The message is larger than `[desk] max_message_bytes`; only the first `limit` bytes were read.
    case sizeLimit(limit: Int)
    /// More than `[desk] max_parts` MIME parts; the rest were not read.
    case partLimit(limit: Int)
    /// MIME nesting deeper than `[desk] max_depth`; deeper parts were kept unparsed.
    case depthLimit(limit: Int)
    /// A header line that is neither `Name: value` nor a continuation (1-based line number); skipped.
    case malformedHeaderLine(line: Int)
    /// The header ended without a blank line before the body.
    case headerNotTerminated
    /// A CR not followed by LF inside a header whose lines end in LF: read as a line end here,
    /// as part of the line by mail servers (`MessageParser.bareCRInHeader`).
    case bareCarriageReturnInHeader
    /// A multipart entity without a `boundary` parameter; read as one text part.
    case multipartWithoutBoundary
    /// A multipart entity whose boundary never occurs; read as one text part.
    case boundaryNotFound(boundary: String)
    /// A multipart entity whose closing boundary is missing; its last part runs to the end.
    case missingFinalBoundary(boundary: String)
    /// A Content-Transfer-Encoding the desk does not know; the body was kept as it is.
    case unknownTransferEncoding(String)
    /// A charset that is unknown, or bytes invalid in the declared one; read as UTF-8 or windows-1252.
    case charsetFallback(String)
    /// Base64 with characters outside the alphabet or bad padding; they were skipped.
    case badBase64
    /// An address field that could not be read whole (field name); what could be read is kept.
    case malformedAddress(field: String)
    /// More than one From mailbox (several From fields, or a list in one): the sender check
    /// refuses such mail (`workflow.md` §5.1).
    case multipleFrom(count: Int)
    /// A Date field that could not be read.
    case malformedDate
    /// An RFC 2047 encoded word that could not be decoded; kept as written.
    case badEncodedWord

    /// One line for people.
    public var description: String {
        switch self {
        case .sizeLimit(let l): return "message larger than \(l) bytes: only the first \(l) bytes were read"
        case .partLimit(let l): return "more than \(l) MIME parts: the rest were not read"
        case .depthLimit(let l): return "MIME nesting deeper than \(l): deeper parts were not read"
        case .malformedHeaderLine(let n): return "header line \(n) is not a header field: skipped"
        case .headerNotTerminated: return "the header ends without a blank line"
        case .bareCarriageReturnInHeader: return "a CR without LF inside the header, read as a line end (a mail server reads it as part of the line)"
        case .multipartWithoutBoundary: return "multipart without a boundary parameter: read as one part"
        case .boundaryNotFound(let b): return "multipart boundary \"\(b)\" not found: read as one part"
        case .missingFinalBoundary(let b): return "multipart boundary \"\(b)\" is never closed"
        case .unknownTransferEncoding(let e): return "unknown Content-Transfer-Encoding \"\(e)\": kept as is"
        case .charsetFallback(let c): return "charset \"\(c)\" unknown or invalid: read as UTF-8 or windows-1252"
        case .badBase64: return "base64 with stray characters or bad padding: skipped them"
        case .malformedAddress(let f): return "\(f): address list only partly readable"
        case .multipleFrom(let n): return "From: \(n) mailboxes where there must be exactly one"
        case .malformedDate: return "Date: not a readable date"
        case .badEncodedWord: return "an RFC 2047 encoded word could not be decoded"
        }
    }
}
