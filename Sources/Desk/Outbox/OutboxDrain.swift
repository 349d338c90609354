import Domain
import Foundation
import Letters
import Logging
import Mail
import Registry
import SMTP

/// Delivers queued letters when `[smtp] url` is empty: each letter is composed (RFC 5322,
/// `workflow.md` §3 headers) and delivered as a file into the Outbox maildir, and its
/// recipients are marked sent in the same step (`workflow.md` §8).
///
/// Each letter is rendered from its template in the OM layout (`LetterRenderer`); a letter
/// without a template gets a plain list of its facts. Sending through SMTP comes with the SMTP
/// issue.
public struct OutboxDrain: Sendable {
    /// The configuration in force.
    public let configuration: Configuration
    /// The desk's logger.
    public let logger: Logger

    /// Makes a drain.
    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Delivers every queued letter at `now`; returns how many were delivered.
    ///
    /// - Throws: `MaildirError` or `DatabaseError`; letters not yet delivered stay queued.
    @discardableResult
    public func run(registry: SQLiteRegistry, now: Date) throws -> Int {
        if configuration.smtp.url != nil { return try send(registry: registry, now: now) }
        let outbox = Maildir(root: configuration.outboxMaildir)
        try outbox.create(withSubfolders: false)
        let letters = try registry.read { try $0.queuedLetters() }
        guard !letters.isEmpty else { return 0 }
        let library = try TemplateLibrary(override: configuration.desk.templates)
        for warning in library.warnings { logger.notice("\(warning)") }
        let office = configuration.office
        let renderer = LetterRenderer(letterhead: [office.government, office.ministry, office.department, office.division] + office.address,
                                      timeZone: office.timeZone, library: library)
        // In groups: deliver the files (each flushed), flush the folder once, then mark the
        // group sent in one transaction. A crash in between delivers a letter again with the
        // same Message-ID, which mail clients show once.
        var index = 0
        while index < letters.count {
            let group = letters[index..<min(letters.count, index + 256)]
            index += group.count
            var delivered: [(Int64, String)] = []
            for letter in group {
                let file = try outbox.deliver(Composer.compose(compose(letter, renderer: renderer, now: now)), into: .new, now: now, syncing: false)
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

    /// Sends due letters through the SMTP relay over one reused connection: each recipient in
    /// its own transaction; sent, failed (5xx, with the reply kept) or queued again with a
    /// back-off of 1 minute doubling to 1 hour, given up after `[smtp] retry_max_hours`.
    /// A relay that is down stops the drain until the next pass (no busy loop).
    func send(registry: SQLiteRegistry, now: Date) throws -> Int {
        guard let url = configuration.smtp.url else { return 0 }
        let letters = try registry.read { try $0.queuedLetters(dueAt: now) }
        guard !letters.isEmpty else { return 0 }
        let library = try TemplateLibrary(override: configuration.desk.templates)
        let office = configuration.office
        let renderer = LetterRenderer(letterhead: [office.government, office.ministry, office.department, office.division] + office.address,
                                      timeZone: office.timeZone, library: library)
        let smtp = configuration.smtp
        let client = try SMTPClient(settings: .init(url: url, username: smtp.username, password: smtp.password?.reveal(),
                                                    startTLS: smtp.startTLS.rawValue, caFile: smtp.caFile?.path,
                                                    connectTimeout: smtp.connectTimeout, timeout: smtp.timeout))
        var sent = 0
        letters: for letter in letters {
            var full = letter
            full.recipients = letter.allRecipients
            let bytes = Composer.compose(compose(full, renderer: renderer, now: now))
            for recipient in letter.recipients {
                let outcome = client.send(bytes, from: configuration.desk.address.description, to: recipient.address)
                let attempts = try registry.read { try $0.attempts(letter: letter.id, address: recipient.address) }
                try registry.write { tx in
                    switch outcome {
                    case .sent(let reply):
                        try tx.markRecipient(letter: letter.id, address: recipient.address, state: "sent", reply: reply, nextAttempt: nil)
                    case .permanent(_, let reply):
                        try tx.markRecipient(letter: letter.id, address: recipient.address, state: "failed", reply: reply, nextAttempt: nil)
                    case .relayRefused:
                        break  // not this recipient's fault: left as it was, the pass stops below
                    case .transient(_, let reply):
                        let created = Instant.parseISO8601(letter.created) ?? now
                        if now.timeIntervalSince(created) > TimeInterval(smtp.retryMaxHours * 3600) {
                            try tx.markRecipient(letter: letter.id, address: recipient.address, state: "failed",
                                                 reply: "given up after \(smtp.retryMaxHours) hours: " + reply, nextAttempt: nil)
                        } else {
                            let delay = min(3600.0, 60.0 * pow(2.0, Double(attempts)))
                            try tx.markRecipient(letter: letter.id, address: recipient.address, state: "queued", reply: reply,
                                                 nextAttempt: now.addingTimeInterval(delay))
                        }
                    }
                }
                if case .sent = outcome { sent += 1 }
                if case .relayRefused(_, let reply) = outcome {
                    logger.error("SMTP relay refused the desk's login; letters wait until [smtp] username/password_file are fixed", metadata: ["reply": "\(reply)"])
                    break letters
                }
                if case .transient(0, let reply) = outcome {
                    logger.warning("SMTP relay unreachable; letters wait for the next pass", metadata: ["reply": "\(reply)"])
                    break letters
                }
            }
        }
        return sent
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
        var body = body(letter, now: now)
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

    /// `[REQ-…]` (or `[REQ-…/CODE]`) and the rest of a queued subject.
    static func splitTag(_ subject: String) -> (String, String) {
        guard subject.hasPrefix("["), let close = subject.firstIndex(of: "]") else { return ("", subject) }
        let tag = String(subject[...close])
        return (tag, String(subject[subject.index(after: close)...]).trimmingCharacters(in: .whitespaces))
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
