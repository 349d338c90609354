/// Which body the desk reads, and what counts as an attachment (`requests.md` §2.6-2.7).
///
/// The body parts are the inline text parts: `text/plain` and `text/html` leaves that are not
/// `Content-Disposition: attachment` and carry no file name, found depth-first without
/// entering encapsulated messages (a forwarded message attached whole is an attachment).
/// The desk reads the first `text/plain` when there is one, else the first `text/html`
/// turned into text. This follows the spec and Python's `get_body`; MimeKit differs for a
/// `multipart/mixed` whose first part is HTML (it finds no text body there).
extension Message {
    /// The first inline `text/plain` part, or nil.
    public var plainPart: MIMEPart? { Message.firstBodyPart(root, subtype: "plain") }
    /// The first inline `text/html` part, or nil.
    public var htmlPart: MIMEPart? { Message.firstBodyPart(root, subtype: "html") }

    /// The text of the first inline `text/plain` part, decoded; nil when there is none.
    public var plainText: String? { plainPart?.text }

    /// The first inline `text/html` part turned into text (`HTMLText`); nil when there is none.
    public var htmlAsText: String? { htmlPart.map { HTMLText.convert($0.text) } }

    /// The body the desk reads (`requests.md` §2.6): the plain part, else the HTML part as
    /// text, else "". Line ends are LF.
    public var text: String { plainText ?? htmlAsText ?? "" }

    /// The messages attached whole (`message/rfc822` or `message/global` parts: a forward sent
    /// "as attachment" by Outlook or Zimbra), each as its top entity, depth-first.
    public var encapsulatedMessages: [MIMEPart] { Message.encapsulatedMessages(in: root) }

    /// The messages attached whole inside `entity` (not entered), each as its top entity.
    public static func encapsulatedMessages(in entity: MIMEPart) -> [MIMEPart] {
        var found: [Attachment] = []
        collectAttachments(entity, into: &found)
        return found.compactMap { attachment in
            if case .message(let inner) = attachment.part.body { inner } else { nil }
        }
    }

    /// The body the desk reads of an encapsulated message's top entity, chosen as `text`
    /// chooses a message's (§2.6): its plain part, else its HTML part as text, else "".
    public static func bodyText(of entity: MIMEPart) -> String {
        if let plain = firstBodyPart(entity, subtype: "plain") { return plain.text }
        return firstBodyPart(entity, subtype: "html").map { HTMLText.convert($0.text) } ?? ""
    }

    /// True for a leaf that is a body candidate: inline `text/plain` or `text/html` without a file name.
    static func isBodyPart(_ part: MIMEPart) -> Bool {
        guard case .leaf = part.body, part.contentType.type == "text",
              part.contentType.subtype == "plain" || part.contentType.subtype == "html" else { return false }
        return !part.isAttachmentDisposition && part.filename == nil
    }

    static func firstBodyPart(_ part: MIMEPart, subtype: String) -> MIMEPart? {
        switch part.body {
        case .leaf:
            return isBodyPart(part) && part.contentType.subtype == subtype ? part : nil
        case .multipart(let children):
            for child in children {
                if let found = firstBodyPart(child, subtype: subtype) { return found }
            }
            return nil
        case .message:
            return nil
        }
    }

    /// The attachments: every leaf that is not a body candidate, and every encapsulated
    /// message as one (not entered), depth-first.
    public var attachments: [Attachment] { Message.attachments(in: root) }

    /// The attachments inside `entity` (an encapsulated message's top entity, say), as
    /// `attachments` finds a message's.
    public static func attachments(in entity: MIMEPart) -> [Attachment] {
        var out: [Attachment] = []
        collectAttachments(entity, into: &out)
        return out
    }

    static func collectAttachments(_ part: MIMEPart, into out: inout [Attachment]) {
        switch part.body {
        case .leaf:
            if !isBodyPart(part) { out.append(Attachment(part: part)) }
        case .multipart(let children):
            for child in children { collectAttachments(child, into: &out) }
        case .message:
            out.append(Attachment(part: part))
        }
    }
}

/// An attachment of a message: its part, file name, media type and decoded size.
public struct Attachment: Sendable {
    /// The MIME part that holds it.
    public let part: MIMEPart

    /// Wraps a part.
    public init(part: MIMEPart) { self.part = part }

    /// The file name (RFC 2183/2231/2047 decoded), or nil when the part has none.
    public var filename: String? { part.filename }
    /// `type/subtype`, lower-case.
    public var contentType: String { part.contentType.mimeType }
    /// The decoded content's size in bytes (for an encapsulated message: its raw size).
    public var size: Int {
        if case .message = part.body { return part.rawBody.count }
        return part.transferEncoding.decodedSize(part.rawBody)
    }
}
