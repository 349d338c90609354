import Foundation

/// A letter to be composed (RFC 5322, MIME): who, what, and the fields that tie it to the
/// mail it answers. `Composer` turns it into bytes.
public struct OutgoingMessage: Sendable {
    /// An attachment: a file name, a media type and the content.
    public struct Attachment: Sendable {
        /// The file name shown to the reader (any script; RFC 2231-encoded when not ASCII).
        public var filename: String
        /// `type/subtype`, for example `text/csv`.
        public var contentType: String
        /// The content, in bytes; sent as base64.
        public var content: [UInt8]

        /// Makes an attachment.
        public init(filename: String, contentType: String, content: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.content = content
        }
    }

    /// The author (the desk).
    public var from: Mailbox
    /// The primary recipients.
    public var to: [Mailbox]
    /// The copy recipients.
    public var cc: [Mailbox]
    /// The subject, any script.
    public var subject: String
    /// When the letter was written.
    public var date: Date
    /// The offset the Date field is written in, seconds east of UTC (19800 for IST).
    public var dateOffsetSeconds: Int
    /// The Message-ID with its angle brackets, fixed when the letter was queued.
    public var messageID: String
    /// The Message-ID this letter answers, or nil (RFC 5322 §3.6.4).
    public var inReplyTo: String?
    /// The thread's Message-IDs, oldest first (RFC 5322 §3.6.4).
    public var references: [String]
    /// `Auto-Submitted` (RFC 3834 §5): `auto-replied`, `auto-generated`, or nil.
    public var autoSubmitted: String?
    /// Other fields, in order (`X-Iddesk-Loop`); names must be ASCII field names.
    public var extraFields: [(name: String, value: String)]
    /// The text body; any line ending, any script.
    public var body: String
    /// Attachments after the text, in order.
    public var attachments: [Attachment]

    /// Makes a letter; see the properties.
    public init(from: Mailbox, to: [Mailbox], cc: [Mailbox] = [], subject: String, date: Date,
                dateOffsetSeconds: Int = 0, messageID: String, inReplyTo: String? = nil,
                references: [String] = [], autoSubmitted: String? = nil,
                extraFields: [(name: String, value: String)] = [], body: String, attachments: [Attachment] = []) {
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.date = date
        self.dateOffsetSeconds = dateOffsetSeconds
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.autoSubmitted = autoSubmitted
        self.extraFields = extraFields
        self.body = body
        self.attachments = attachments
    }

    private static let messageIDAlphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// A new Message-ID on `domain`, `<seconds.order+random@domain>` (RFC 5322 §3.6.4: unique;
    /// the desk fixes it when a letter is queued): the seconds of `now` (UTC, since 1970), then
    /// 11 base-32 characters of `MessageIDClock` (so that the IDs one desk makes sort in the
    /// order they were made), then 128 random bits in 26 base-32 characters (so that no one can
    /// guess one: a DSN is trusted only when it names a Message-ID the desk sent).
    public static func newMessageID(domain: String, now: Date = Date()) -> String {
        var characters = [UInt8](repeating: 0, count: 37)
        // The order, most significant character first: 55 bits, enough until the year 3111.
        var order = MessageIDClock.next()
        for i in stride(from: 10, through: 0, by: -1) {
            characters[i] = messageIDAlphabet[Int(order & 31)]
            order >>= 5
        }
        // 128 random bits from two draws, 5 bits per character.
        var generator = PooledRandom()
        var high = generator.next(), low = generator.next()
        for i in 11..<37 {
            characters[i] = messageIDAlphabet[Int(low & 31)]
            low = (low >> 5) | ((high & 31) << 59)
            high >>= 5
        }
        let random = String(decoding: characters, as: UTF8.self)
        let seconds = Int(now.timeIntervalSince1970)
        return "<\(seconds).\(random)@\(domain)>"
    }
}
