import Mail
import Requests

/// When a person must look at a mail, whether or not it was answered (`workflow.md` §6
/// `.Review`): hostile or oversized mail (over `[desk] max_message_bytes`, `max_parts` or
/// `max_depth`, or a header of more than `maxHeaderFields` fields or `maxHeaderBytes` bytes),
/// plain and HTML parts that differ, a scanned letter, or a password next to a binary
/// attachment (which the desk cannot cut from the stored copy).
enum ReviewRule {
    /// A header this long is no office mail's.
    static let maxHeaderFields = 1_000
    /// Bytes of header field values, folding included.
    static let maxHeaderBytes = 1 << 20

    /// The reason `message` goes to `.Review`, or nil.
    static func reason(_ message: Message, parsed: ParsedMail) -> String? {
        for problem in message.problems {
            switch problem {
            case .sizeLimit, .partLimit, .depthLimit:
                return "hostile or oversized mail: \(problem)"
            default:
                continue
            }
        }
        let fields = message.header.fields
        if fields.count > maxHeaderFields {
            return "hostile mail: a header of \(fields.count) fields"
        }
        let headerBytes = fields.reduce(0) { $0 + $1.name.utf8.count + $1.rawValue.count }
        if headerBytes > maxHeaderBytes {
            return "hostile mail: a header of \(headerBytes) bytes"
        }
        if let review = parsed.review { return review }
        if !parsed.passwords.isEmpty, message.attachments.contains(where: { !isText($0) }) {
            return "a password next to a binary attachment, which cannot be cut from the stored copy"
        }
        return nil
    }

    static func isText(_ attachment: Attachment) -> Bool {
        // A forwarded message is read and cut like the rest of the mail.
        attachment.contentType.hasPrefix("text/") || attachment.contentType.hasPrefix("message/") || attachment.contentType == "application/csv"
            || (attachment.filename?.lowercased().hasSuffix(".csv") ?? false)
    }
}
