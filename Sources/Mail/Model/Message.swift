import Foundation

/// A parsed mail (RFC 5322, MIME): its top entity, the header fields the desk reads, the body
/// it reads and its attachments, and the problems met while parsing.
///
/// Parsing never fails and never throws: mail that breaks the RFCs is read as far as real
/// mailers would, and `problems` says what was worked around.
public struct Message: Sendable {
    /// The top MIME entity; its header is the message header.
    public let root: MIMEPart
    /// What the parser worked around, in the order met.
    public let problems: [MailProblem]
    /// The message's size in bytes as given to the parser.
    public let size: Int

    /// Parses `bytes` (a whole RFC 5322 message in any line-ending convention) within `limits`.
    public init(bytes: [UInt8], limits: ParseLimits = ParseLimits()) {
        var parser = MessageParser(limits: limits)
        var input = bytes
        if input.count > limits.maxMessageBytes {
            input = Array(input[0..<limits.maxMessageBytes])
            parser.problems.append(.sizeLimit(limit: limits.maxMessageBytes))
        }
        let buffer = MessageParser.normalizingLineEnds(input)
        self.buffer = buffer
        let bareCR = MessageParser.bareCRInHeader(input)
        let root = parser.parseEntity(buffer, from: 0, to: buffer.count, depth: 0, defaultType: .defaultText, top: true)
        var problems = parser.problems
        if bareCR { problems.append(.bareCarriageReturnInHeader) }
        // Addresses and the date are read once, here, and their problems noted.
        func read(_ name: String) -> [Mailbox] {
            var mailboxes: [Mailbox] = []
            for field in root.header.all(name) {
                let parsed = AddressList.parse(bytes: field.unfoldedBytes)
                if !parsed.complete { problems.append(.malformedAddress(field: name)) }
                mailboxes += parsed.mailboxes
            }
            return mailboxes
        }
        self.from = read("From")
        // Decoded once: it is read many times, and a hostile one is megabytes of encoded words.
        self.subject = root.header.first("Subject").map { $0.decodedText.trimming(" \t") }
        if from.count > 1 { problems.append(.multipleFrom(count: from.count)) }
        self.to = read("To")
        self.cc = read("Cc")
        if let field = root.header.first("Date") {
            self.date = MessageDate(parsing: field.text)
            if self.date == nil { problems.append(.malformedDate) }
        } else {
            self.date = nil
        }
        self.root = root
        self.problems = problems
        self.size = bytes.count
    }

    /// Parses the message in `data`; see `init(bytes:limits:)`.
    public init(data: Data, limits: ParseLimits = ParseLimits()) {
        self.init(bytes: [UInt8](data), limits: limits)
    }

    /// The message header.
    public var header: Header { root.header }

    /// The Subject, unfolded, encoded words decoded, blanks at the ends trimmed; nil when absent.
    public let subject: String?

    /// The mailboxes of `From` (normally one; the sender check refuses more).
    public let from: [Mailbox]
    /// The message's bytes as parsed: line ends made LF, cut at the size limit. Every
    /// `HeaderField.rawValue` and `MIMEPart.rawBody` is a slice of it, so their indices are
    /// offsets here (how `StoredCopyRedaction` rewrites a part without re-composing the rest).
    public let buffer: [UInt8]
    /// The mailboxes of every `To` field.
    public let to: [Mailbox]
    /// The mailboxes of every `Cc` field.
    public let cc: [Mailbox]
    /// The mailboxes of `Reply-To`.
    public var replyTo: [Mailbox] { mailboxes("Reply-To") }

    /// The mailboxes of every field named `name`, in order.
    public func mailboxes(_ name: String) -> [Mailbox] {
        header.all(name).flatMap { AddressList.parse(bytes: $0.unfoldedBytes).mailboxes }
    }

    /// The Message-ID with its angle brackets (`<…@…>`), blanks and comments removed; nil when absent or empty.
    public var messageID: String? { Message.messageID(in: header) }

    /// The Message-ID of any header (a returned message's, say), read as `messageID` reads it.
    public static func messageID(in header: Header) -> String? {
        guard let field = header.first("Message-ID") else { return nil }
        var id = field.text.trimming(" \t")
        if let open = id.firstIndex(of: "<"), let close = id[open...].firstIndex(of: ">") {
            id = String(id[open...close])
        } else if !id.isEmpty {
            id = "<" + id.filter { $0 != " " && $0 != "\t" } + ">"
        }
        return id.isEmpty || id == "<>" ? nil : id
    }

    /// The Date field's value, or nil when absent or unreadable.
    public let date: MessageDate?
}
