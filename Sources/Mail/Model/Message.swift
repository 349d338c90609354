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
        let root = parser.parseEntity(buffer, from: 0, to: buffer.count, depth: 0, defaultType: .defaultText, top: true)
        var problems = parser.problems
        // Address and date problems are found here, once, rather than on every access.
        for name in ["From", "To", "Cc"] {
            if let field = root.header.first(name), !AddressList.parse(field.text).complete {
                problems.append(.malformedAddress(field: name))
            }
        }
        if let date = root.header.first("Date"), MessageDate(parsing: date.text) == nil {
            problems.append(.malformedDate)
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
    public var subject: String? {
        header.first("Subject").map { $0.decodedText.trimming(" \t") }
    }

    /// The mailboxes of `From` (normally one; the sender check refuses more).
    public var from: [Mailbox] { mailboxes("From") }
    /// The mailboxes of every `To` field.
    public var to: [Mailbox] { mailboxes("To") }
    /// The mailboxes of every `Cc` field.
    public var cc: [Mailbox] { mailboxes("Cc") }
    /// The mailboxes of `Reply-To`.
    public var replyTo: [Mailbox] { mailboxes("Reply-To") }

    /// The mailboxes of every field named `name`, in order.
    public func mailboxes(_ name: String) -> [Mailbox] {
        header.all(name).flatMap { AddressList.parse($0.text).mailboxes }
    }

    /// The Message-ID with its angle brackets (`<…@…>`), blanks and comments removed; nil when absent or empty.
    public var messageID: String? {
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
    public var date: MessageDate? {
        header.first("Date").flatMap { MessageDate(parsing: $0.text) }
    }
}
