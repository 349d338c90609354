import Domain
import Foundation
import Letters
import Logging
import Mail
import Registry
import SMTP

/// Delivers queued letters (`workflow.md` §8): each letter is composed (RFC 5322,
/// `workflow.md` §3 headers) and, when `[smtp] url` is empty, delivered as a file into the
/// Outbox maildir with its recipients marked sent in the same step; otherwise sent through the
/// relay (`OutboxDrain+SMTP.swift`).
///
/// Each letter is rendered from its template in the OM layout (`LetterRenderer`); a letter
/// without a template gets a plain list of its facts.
public struct OutboxDrain: Sendable {
    /// The configuration in force.
    public let configuration: Configuration
    /// The desk's logger.
    public let logger: Logger
    /// The templates, when the caller has loaded and checked them already; nil: loaded when
    /// there are letters to render.
    public let templates: TemplateLibrary?

    /// Makes a drain; `templates` as loaded by the caller (`iddesk process` checks them at
    /// start), so that a pass does not read and compile them twice.
    public init(configuration: Configuration, logger: Logger, templates: TemplateLibrary? = nil) {
        self.configuration = configuration
        self.logger = logger
        self.templates = templates
    }

    /// Delivers every queued letter at `now`; returns how many were delivered.
    ///
    /// - Throws: `MaildirError` or `DatabaseError`; letters not yet delivered stay queued.
    @discardableResult public func run(registry: SQLiteRegistry, now: Date) throws -> Int {
        if configuration.smtp.url != nil { return try send(registry: registry, now: now) }
        let outbox = Maildir(root: configuration.outboxMaildir)
        try outbox.create(withSubfolders: false)
        let letters = try registry.read { try $0.queuedLetters() }
        guard !letters.isEmpty else { return 0 }
        let renderer = try makeRenderer()
        // In groups: deliver the files (each flushed), flush the folder once, then mark the
        // group sent in one transaction. Each file is named after its letter's Message-ID, so
        // after a crash in between, a letter whose file is already in new/ or cur/ is only
        // marked sent, not written again.
        let filed = Set(try FileManager.default.contentsOfDirectory(atPath: outbox.cur.path).map {
            MaildirEntry(directory: outbox.cur, name: $0).uniqueName
        })
        var index = 0
        while index < letters.count {
            let group = letters[index..<min(letters.count, index + 256)]
            index += group.count
            var delivered: [(Int64, String)] = []
            for letter in group {
                let name = OutboxDrain.fileName(letter.messageID)
                if filed.contains(name) || FileManager.default.fileExists(atPath: outbox.new.appendingPathComponent(name, isDirectory: false).path) {
                    delivered.append((letter.id, name))
                    continue
                }
                let file = try outbox.deliver(Composer.compose(compose(letter, renderer: renderer, now: now)), into: .new, now: now,
                                              syncing: false, name: name)
                delivered.append((letter.id, file.name))
            }
            try outbox.sync([outbox.new])
            try registry.write { tx in
                for (id, name) in delivered { try tx.markSent(letter: id, reply: "delivered to \(name)", now: now) }
            }
        }
        if !letters.isEmpty { logger.info("letters delivered to the Outbox maildir", metadata: ["count": "\(letters.count)"]) }
        return letters.count
    }

    /// The renderer for this configuration's office and templates; a template the operator's
    /// folder lacks falls back to the bundled one, with a notice.
    ///
    /// - Throws: a template error naming the file (unknown variable, syntax).
    public func makeRenderer() throws -> LetterRenderer {
        let library = try templates ?? TemplateLibrary(override: configuration.desk.templates)
        for warning in library.warnings { logger.notice("\(warning)") }
        let office = configuration.office
        return LetterRenderer(letterhead: [office.government, office.ministry, office.department, office.division] + office.address,
                              timeZone: office.timeZone, library: library)
    }

    /// The bytes sent for `letter` at `now` (RFC 5322, CRLF), as the relay gets them: rendered
    /// from its template and composed, its To and Cc fields naming every recipient of the
    /// letter, sent or not, so that a letter sent again to one recipient reads the same.
    public func composeForSending(_ letter: QueuedLetter, renderer: LetterRenderer, now: Date) -> [UInt8] {
        var full = letter
        full.recipients = full.allRecipients
        return Composer.compose(compose(full, renderer: renderer, now: now))
    }

    /// The letter as a message.
    func compose(_ letter: QueuedLetter, renderer: LetterRenderer, now: Date) -> OutgoingMessage {
        let desk = Mailbox(name: "iGOT ID Desk", address: configuration.desk.address.description)
        // RFC 3834 §5: a letter answering a mail is auto-replied; one the desk starts
        // (approval requests, tickets, notices) is auto-generated.
        let automatic = letter.inReplyTo == nil
        let to = letter.recipients.filter { $0.kind == "to" }.map(\.address)
        var cc = letter.recipients.filter { $0.kind == "cc" }.map(\.address)
        var subject = letter.subject
        let body: String
        let variables = (try? JSONSerialization.jsonObject(with: Data(letter.variables.utf8))) as? [String: Any] ?? [:]
        let (tag, rest) = OutboxDrain.splitTag(letter.subject)
        if let fixedBody = variables["rendered_body"] as? String {
            // Rendered when queued (a circular OM: its file number and date are fixed then).
            body = fixedBody
            subject = variables["rendered_subject"] as? String ?? subject
        } else if let rendered = renderer.render(letter.template, variables: variables, tag: tag, fallbackSubject: rest, to: to, now: now) {
            subject = rendered.subject
            body = rendered.body
            cc += rendered.cc.filter { !cc.contains($0) && !to.contains($0) }
        } else {
            body = self.body(letter, now: now)
        }
        return OutgoingMessage(
            from: desk,
            to: to.map { Mailbox(name: nil, address: $0) },
            cc: cc.map { Mailbox(name: nil, address: $0) },
            subject: subject, date: now,
            dateOffsetSeconds: configuration.office.timeZone.secondsFromGMT(for: now),
            messageID: letter.messageID, inReplyTo: letter.inReplyTo, references: letter.inReplyTo.map { [$0] } ?? [],
            autoSubmitted: automatic ? "auto-generated" : "auto-replied",
            extraFields: [("X-Iddesk-Loop", configuration.desk.address.description)],
            body: body,
            attachments: letter.attachments.map { .init(filename: $0.filename, contentType: $0.contentType, content: $0.content) })
    }

    private static let fileNameBytes = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.@_-".utf8)

    /// The Outbox file name of the letter with `messageID`: the Message-ID without its angle
    /// brackets, any byte but letters, digits, `.`, `@`, `_` and `-` made `_` (no `/`, and no
    /// `:` to read as maildir flags). Message-IDs are unique, and so are these names.
    static func fileName(_ messageID: String) -> String {
        let bytes = messageID.utf8.filter { $0 != 0x3C && $0 != 0x3E }.map { fileNameBytes.contains($0) ? $0 : 0x5F }
        let name = String(decoding: bytes.prefix(200), as: UTF8.self)
        return name.isEmpty || name.hasPrefix(".") ? "letter" + name : name
    }

    /// `[REQ-…]` (or `[REQ-…/CODE]`) and the rest of a queued subject.
    static func splitTag(_ subject: String) -> (String, String) {
        guard subject.hasPrefix("["), let close = subject.firstIndex(of: "]") else { return ("", subject) }
        let tag = String(subject[...close])
        // Blanks only (Foundation's trimming by character set is slow, and subjects were
        // sanitized when queued: no other white space is left).
        var rest = subject[subject.index(after: close)...]
        while rest.first == " " { rest.removeFirst() }
        while rest.last == " " { rest.removeLast() }
        return (tag, String(rest))
    }

    /// A plain rendering: the OM's heading lines, the reference, the letter's facts, and the
    /// system-generated line. Facts are indented so that no line can read as a control line.
    func body(_ letter: QueuedLetter, now: Date) -> String {
        let office = configuration.office
        var lines = [office.government, office.ministry, office.department, office.division] + office.address
        lines.append("")
        if let request = letter.request { lines.append("No. iGOT-Desk/\(request)") }
        lines.append("Dated: \(OMDate.format(now, timeZone: office.timeZone))")
        lines.append("")
        lines.append("Subject: " + letter.subject)
        lines.append("")
        lines.append("    Letter: \(letter.template)")
        if let object = try? JSONSerialization.jsonObject(with: Data(letter.variables.utf8)) as? [String: Any] {
            for key in object.keys.sorted() where key != "request" {
                lines.append("    \(key): " + Self.describe(object[key] as Any))
            }
        }
        lines.append("")
        lines.append("This is a system-generated communication of the iGOT ID Desk and needs no signature.")
        return lines.joined(separator: "\n") + "\n"
    }

    static func describe(_ value: Any) -> String {
        if value is NSNull { return "-" }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }
}
