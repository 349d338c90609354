import Foundation
import Mail
import Requests

/// What `iddesk inspect` shows of one mail (`cli.md`, `inspect --format json`): the parsed
/// message as the desk reads it, what the parser had to work around, and what the request
/// grammar makes of it (`request`, `problems`, `ignored`).
public struct Inspection: Sendable {
    /// The `message` object of `cli.md`.
    public struct MessageView: Sendable {
        /// The Message-ID with angle brackets, or nil.
        public var message_id: String?
        /// The Date field in its own offset (ISO 8601), or nil.
        public var date: String?
        /// The first From address, lower-case, or nil.
        public var from: String?
        /// The first From display name, or nil.
        public var from_name: String?
        /// The To addresses, lower-case.
        public var to: [String]
        /// The Cc addresses, lower-case.
        public var cc: [String]
        /// The decoded Subject, or nil.
        public var subject: String?
        /// The body the desk reads (`requests.md` §2.6), quoted text included, LF line ends.
        public var text: String
        /// The attachments.
        public var attachments: [AttachmentView]
    }

    /// One attachment: file name (nil when it has none), media type, decoded size in bytes.
    public struct AttachmentView: Sendable {
        /// The file name, or nil.
        public var filename: String?
        /// `type/subtype`.
        public var content_type: String
        /// Decoded size in bytes.
        public var size: Int
    }

    /// The file as given on the command line.
    public var file: String
    /// The message.
    public var message: MessageView
    /// What the parser worked around (an addition to `cli.md`'s keys), one line each.
    public var mail_problems: [String]
    /// What the request grammar read.
    public var parsed: ParsedMail

    /// Reads `message`, found at `file`, with the grammar's `context`.
    public init(file: String, message original: Message, context: ParseContext) {
        self.parsed = RequestParser.parse(original, context: context)
        self.file = file
        // Passwords are never shown (requests.md §3.4): what is shown is the stored copy the
        // desk would keep, with every value cut wherever it stands, not only after its word.
        let message = StoredCopyRedaction.redacted(original).map { Message(bytes: $0) } ?? original
        self.message = MessageView(
            message_id: message.messageID,
            date: message.date?.iso8601,
            from: message.from.first?.normalizedAddress,
            from_name: message.from.first?.name,
            to: message.to.map(\.normalizedAddress),
            cc: message.cc.map(\.normalizedAddress),
            // Passwords are never shown (requests.md §3.4).
            subject: message.subject.map(PasswordScanner.redacted),
            text: PasswordScanner.redacted(message.text),
            attachments: message.attachments.map {
                AttachmentView(filename: $0.filename, content_type: $0.contentType, size: $0.size)
            })
        self.mail_problems = message.problems.map(\.description)
    }

    /// The inspection as a JSON object, keys in the order of `cli.md`.
    public var json: JSONValue {
        .object([
            ("file", .string(file)),
            ("message", .object([
                ("message_id", .optional(message.message_id)),
                ("date", .optional(message.date)),
                ("from", .optional(message.from)),
                ("from_name", .optional(message.from_name)),
                ("to", .array(message.to.map(JSONValue.string))),
                ("cc", .array(message.cc.map(JSONValue.string))),
                ("subject", .optional(message.subject)),
                ("text", .string(message.text)),
                ("attachments", .array(message.attachments.map { a in
                    .object([("filename", .optional(a.filename)), ("content_type", .string(a.content_type)), ("size", .int(a.size))])
                })),
            ])),
        ] + ParsedJSON.keys(parsed) + [
            ("mail_problems", .array(mail_problems.map(JSONValue.string))),
        ])
    }

    /// The inspection as aligned text for people.
    public var text: String {
        var lines: [String] = ["== \(PrintableText.line(file))"]
        func row(_ label: String, _ value: String) { lines.append((label + ":").padding(14) + PrintableText.line(value)) }
        row("Message-ID", message.message_id ?? "(none)")
        row("Date", message.date ?? "(none or unreadable)")
        row("From", message.from.map { f in message.from_name.map { "\($0) <\(f)>" } ?? f } ?? "(none)")
        row("To", message.to.isEmpty ? "(none)" : message.to.joined(separator: ", "))
        if !message.cc.isEmpty { row("Cc", message.cc.joined(separator: ", ")) }
        row("Subject", message.subject ?? "(none)")
        row("Attachments", message.attachments.isEmpty ? "none" : message.attachments.map {
            "\($0.filename ?? "(unnamed)") (\($0.content_type), \($0.size) bytes)"
        }.joined(separator: "; "))
        row("Mail problems", mail_problems.isEmpty ? "none" : mail_problems.joined(separator: "; "))
        for (key, value) in ParsedJSON.keys(parsed) {
            switch (key, value) {
            case ("request", .null): row("Request", "none")
            case ("problems", .array(let items)) where items.isEmpty: break
            case ("problems", .array(let items)):
                row("Problems", "")
                for item in items { lines.append("  - " + PrintableText.line(ParsedJSON.line(item))) }
            default: row(key.prefix(1).uppercased() + key.dropFirst(), value.rendered(indent: 0).replacingOccurrences(of: "\n", with: "\n              "))
            }
        }
        lines.append("Text:")
        for line in PrintableText.line(message.text, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append("  | " + line)
        }
        return lines.joined(separator: "\n")
    }
}
