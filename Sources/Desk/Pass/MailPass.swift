import Domain
import Foundation
import Logging
import Mail
import Registry
import Requests

/// One pass of the desk over its maildir (`workflow.md` §6): take the maildir's lock, clear
/// stale `tmp/` files, send mail whose record was committed before a crash to its recorded
/// destination, then handle every mail now in `new/` in receipt order — each in one durable
/// transaction (processed record and audit entry) before it leaves `new/`.
///
/// A delivery status notification is recorded against the desk's letter (`Bounces`) and goes
/// to `cur/`, or to `.Ignored` when it changes nothing. A mail that is never a request goes to
/// `.Ignored`, a duplicate to `.Duplicate` (or
/// `.Review` when its content differs); every other mail is applied by `Rules` and goes to
/// `cur/` when handled as asked, else to `.Refused`. Before any of that, the sender check
/// (workflow §5, `SenderCheck`): under `policy = "require"` a mail that fails it goes to
/// `.Forged` with no effect and no reply; under `report` it is processed and DoPT/SPV told.
public struct MailPass: Sendable {
    /// The configuration in force.
    public let configuration: Configuration
    /// The desk's logger.
    public let logger: Logger

    /// Makes a pass for `configuration`.
    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// The sender check of workflow §5.2, from the configuration and the system's public
    /// suffix list: read when a pass has mail to check (the list is 10,000 lines, and most
    /// passes have none).
    func loadSenderCheck() -> SenderCheck {
        let check = SystemSuffixes.senderCheck(configuration)
        if check.suffixes == nil, configuration.senderCheck.policy != .off {
            logger.warning("the public suffix list could not be read: DKIM signatures vouch only for their own domain",
                           metadata: ["file": "\(PublicSuffixList.debianPath)", "package": "publicsuffix"])
        }
        return check
    }

    /// Runs the pass at `now` (the pass's start time; rules never read the clock).
    ///
    /// - Parameter shouldStop: asked before each mail; true ends the pass after the mail in hand.
    /// - Parameter afterwards: run after the time-driven work while the maildir's lock is still
    ///   held (the outbox drain); not run when another process holds the lock.
    /// - Throws: `MaildirError` when the maildir cannot be read or a mail cannot be filed
    ///   (the mail then stays in `new/`, untouched, for the next pass); whatever `afterwards` throws.
    public func run(now: Date, shouldStop: () -> Bool = { false },
                    underLock afterwards: (PassReport) throws -> Void = { _ in }) throws -> PassReport {
        let maildir = Maildir(root: configuration.desk.maildir)
        guard FileManager.default.fileExists(atPath: maildir.new.path) else {
            throw MaildirError.system(operation: "find the maildir's new/ folder (run iddesk init, or fix [desk] maildir)",
                                      path: maildir.new.path, errno: ENOENT, message: "no such folder")
        }
        var report = PassReport()
        guard let lock = try MaildirLock.acquire(maildir, wait: TimeInterval(configuration.desk.pollInterval)) else {
            report.busy = true
            logger.notice("maildir busy: another process holds its lock", metadata: ["maildir": "\(maildir.root.path)"])
            return report
        }
        defer { withExtendedLifetime(lock) {} }

        // A file's age is measured on the machine's clock: a `--now` ahead of it must not make
        // a delivery still being written look 36 hours old.
        report.staleTemporaryFiles = try maildir.removeStaleTemporaryFiles(now: min(now, Date()))
        for name in report.staleTemporaryFiles {
            logger.notice("removed a stale tmp/ file (over 36 hours old)", metadata: ["file": "\(name)"])
        }

        let registry = try SQLiteRegistry.existing(url: configuration.desk.registry)
        let limits = ParseLimits(maxMessageBytes: configuration.desk.maxMessageBytes,
                                 maxParts: configuration.desk.maxParts, maxDepth: configuration.desk.maxDepth)
        let context = configuration.parseContext
        var skipped: [String] = []
        var entries = MaildirOrder.sorted(try maildir.listNew(skipped: &skipped),
                                          receipt: { maildir.receiptTime($0) },
                                          date: { MailPass.headerDate(maildir, $0) })
        for name in skipped {
            logger.warning("not a regular file (a symbolic link, FIFO or folder): left in new/ unread, for a person to look at",
                           metadata: ["file": "\(name)"])
        }
        // A crash between commit and move left these in new/: they go where their record says.
        // One read snapshot for the whole look-up: a pass may start with thousands of mails.
        let recorded = try registry.read { tx in
            try entries.reduce(into: [String: ProcessedMail]()) { found, entry in found[entry.name] = try tx.processedMail(file: entry.name) }
        }
        entries = try entries.filter { entry in
            guard let record = recorded[entry.name] else { return true }
            guard let data = try? maildir.read(entry) else { return true }   // gone, or unreadable: the pass sees to it
            let message = Message(data: data, limits: limits)
            // A name can come again with another mail (a server that reuses names, a mail
            // copied back into new/): only the recorded mail is filed as recorded.
            guard MailPass.isRecorded(record, data: data, message: message) else { return true }
            // The crash may have come before the stored copy's password was cut.
            if let copy = StoredCopyRedaction.redacted(message) {
                try maildir.rewrite(entry, with: copy, now: now)
            }
            try maildir.file(entry, to: MailPass.destination(record.destination))
            logger.notice("moved a mail processed before a crash to its recorded folder",
                          metadata: ["file": "\(entry.name)", "folder": "\(record.destination)"])
            report.lines.append(.init(file: entry.name, requestNumber: record.request, command: nil,
                                      outcome: "recovered: filed to \(MailPass.folderName(record.destination)) as recorded"))
            return false
        }
        // Group commit: up to `groupSize` mails per durable transaction, each in a savepoint;
        // a mail leaves new/ only after the transaction holding its record has committed.
        // The next group is read and parsed on another thread while this one's transaction runs.
        let groups = MailPass.groups(entries)
        // Read only when there is mail to check.
        lazy var senderCheck = loadSenderCheck()
        func prepare(_ group: [MaildirEntry]) -> PreparedGroup {
            PreparedGroup(group, maildir: maildir, configuration: configuration, senderCheck: senderCheck,
                          limits: limits, context: context, now: now)
        }
        var next = 1
        var ahead = groups.first.map(prepare)
        while let current = ahead {
            if shouldStop() {
                report.stoppedEarly = true
                break
            }
            let group = try current.wait()
            ahead = next < groups.count ? prepare(groups[next]) : nil
            next += 1
            var decided: [(MaildirEntry, Decision, String?)] = []
            try registry.write { tx in
                for (entry, examined) in group {
                    let prepared: PreparedMail
                    switch examined {
                    case .mail(let mail):
                        prepared = mail
                    case .vanished:
                        report.vanished.append(entry.name)
                        logger.info("mail vanished before it could be read; skipped", metadata: ["file": "\(entry.name)"])
                        continue
                    case .unreadable(let why):
                        logger.error("a mail cannot be read; filed unread to .Review", metadata: ["file": "\(entry.name)", "error": "\(why)"])
                        let decision = try tx.savepoint { try unreadable(entry, why: why, tx: tx, now: now) }
                        decided.append((entry, decision, nil))
                        continue
                    }
                    let decision: Decision
                    do {
                        decision = try tx.savepoint { try decide(prepared, tx: tx, now: now) }
                    } catch where !RegistryError.isRegistryWide(error) {
                        // This mail's own fault, not the registry's: filed for a person with the
                        // error, so that it does not stop this pass and every pass after it.
                        logger.error("a mail could not be handled; filed to .Review",
                                     metadata: ["file": "\(entry.name)", "error": "\(error)"])
                        decision = try tx.savepoint { try unhandled(prepared, error: error, tx: tx, now: now) }
                    }
                    decided.append((entry, decision, prepared.message.messageID))
                }
            }
            // Moves first, then one flush per folder touched: a crash before the flush leaves a
            // mail in new/ whose record is committed, which the next pass files as recorded.
            var touched: Set<URL> = [maildir.new]
            for (entry, decision, messageID) in decided {
                if let copy = decision.redactedCopy {
                    try maildir.rewrite(entry, with: copy, now: now)
                    logger.notice("a password was cut from the stored copy", metadata: ["file": "\(entry.name)"])
                }
                let filed: MaildirEntry
                do {
                    filed = try maildir.file(entry, to: MailPass.destination(decision.record.destination), syncing: false)
                } catch MaildirError.system(_, _, ENOENT, _) where !FileManager.default.fileExists(atPath: entry.url.path) {
                    // Moved away after it was read (an operator): its record stands, and the
                    // pass goes on with the others.
                    report.vanished.append(entry.name)
                    logger.warning("mail vanished after it was handled; its record stands", metadata: ["file": "\(entry.name)"])
                    continue
                }
                touched.insert(filed.directory)
                logger.info("filed", metadata: [
                    "file": "\(entry.name)", "message-id": "\(messageID ?? "-")",
                    "folder": "\(decision.record.destination)", "reason": "\(decision.record.reason)",
                ])
                report.lines.append(.init(file: entry.name, requestNumber: decision.record.request, command: decision.command,
                                          outcome: "filed to \(MailPass.folderName(decision.record.destination)): \(decision.record.reason)"))
            }
            try maildir.sync(touched)
        }
        // workflow §9: after the mails, at the pass's start time, under the same lock.
        if !report.stoppedEarly {
            report.scheduled = try registry.write { tx in try TimeDrivenWork(configuration: configuration, tx: tx, now: now).run() }
        }
        // The outbox drain runs here, still under the maildir's lock: two passes at once would
        // otherwise both read the same queued letters and deliver each twice.
        try afterwards(report)
        return report
    }

    /// `entries` cut into groups of at most `groupSize` mails and `groupBytes` bytes (a mail
    /// larger than that is a group of its own): two groups are in memory at once, one being
    /// committed and one being prepared, so a flood of large scans stays within bounds.
    public static func groups(_ entries: [MaildirEntry]) -> [[MaildirEntry]] {
        var groups: [[MaildirEntry]] = []
        var current: [MaildirEntry] = []
        var bytes = 0
        for entry in entries {
            var st = stat()
            let size = stat(entry.url.path, &st) == 0 ? Int(st.st_size) : 0
            if !current.isEmpty && (current.count == groupSize || bytes + size > groupBytes) {
                groups.append(current)
                (current, bytes) = ([], 0)
            }
            current.append(entry)
            bytes += size
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }

    /// The bytes of mail in one group, at most (unless one mail is larger).
    public static let groupBytes = 64 << 20

    /// Mails per durable transaction (group commit): each commit costs a sync of the WAL and
    /// of the folders the group was filed to.
    public static let groupSize = 128

    /// Where one mail goes, decided in its transaction.
    struct Decision {
        /// The processed record written for it (its folder and reason).
        var record: ProcessedMail
        /// The command it carried, for the pass's report; nil when it carried none.
        var command: String?
        /// The stored copy with its passwords cut, to be written before the mail is filed; nil
        /// when it held none.
        var redactedCopy: [UInt8]?
    }

    /// What to do with one mail, committed durably before it moves: the processed record and
    /// its audit entry in one transaction.
    func decide(_ mail: PreparedMail, tx: RegistryTransaction, now: Date) throws -> Decision {
        let message = mail.message
        let sender = message.from.first?.normalizedAddress ?? ""
        let (contentHash, file) = (mail.contentHash, mail.entry.name)
        let redacted = mail.redacted
        func filing(_ destination: String, _ reason: String, key: String, request: RequestNumber? = nil,
                    command: String? = nil) throws -> Decision {
            try record(mail, to: destination, reason, key: key, request: request, command: command, tx: tx, now: now)
        }

        let policy = configuration.senderCheck.policy
        let verdict = mail.verdict
        // A DSN made by our own relay carries no signature of its own: coming from our own
        // mail server is its way through the check (workflow §8).
        let fromOwnServer = mail.fromOwnServer
        if case .fail(let why) = verdict, policy == .require, !fromOwnServer {
            // No effect, no reply, and a key of its content: never its Message-ID, which a
            // forger may have copied from a genuine mail (workflow §5, §6).
            return try filing("Forged", "failed the sender check: " + why, key: "forged:\(contentHash):\(file)")
        }
        let key: String
        if !verdict.passed && !fromOwnServer {
            // workflow §6: a Message-ID is recorded only for mail that passed the sender check,
            // so an unverified mail can never make a genuine one look like its duplicate.
            key = "unverified:" + contentHash
        } else if let id = message.messageID {
            key = "id:" + id + "|" + sender
        } else {
            let basis = [sender, message.header.first("Date")?.text ?? "", message.subject ?? "", message.text].joined(separator: "\u{1F}")
            key = "hash:" + AuditEntry.sha256(basis)
        }
        if let earlier = try tx.processedMail(key: key) {
            let same = earlier.contentHash == contentHash
            // The duplicate is recorded under its own file, not its key (which is taken).
            return try filing(same ? "Duplicate" : "Review",
                              same ? "duplicate of a mail processed \(earlier.processed)"
                                   : "same Message-ID and From as a mail processed \(earlier.processed), different content",
                              key: "dup:\(contentHash):\(file)")
        }
        let parsed: ParsedMail, review: String?
        switch mail.reading {
        case .deliveryStatus(let report):
            let outcome = try Bounces(configuration: configuration, tx: tx, now: now)
                .record(report, message: message, sender: sender, trusted: verdict.passed || fromOwnServer)
            return try filing(outcome.destination, outcome.reason, key: key, request: outcome.request, command: outcome.command)
        case .request(let reading, let why):
            (parsed, review) = (reading, why)
        }
        let input = RuleInput(sender: sender, messageID: message.messageID,
                              subject: PasswordScanner.redacted(message.subject ?? ""), receipt: mail.receipt,
                              dated: message.date?.instant, parsed: parsed,
                              original: parsed.passwords.isEmpty ? [UInt8](mail.data) : redacted)
        let rules = Rules(configuration: configuration, tx: tx, input: input, now: now)
        var outcome = try rules.apply()
        if case .fail(let why) = verdict {
            try rules.reportUnverifiedSender(&outcome, reason: why)
        }
        // .Review comes after .Forged, .Duplicate and .Ignored (workflow §6).
        if outcome.destination == "cur" || outcome.destination == "Refused", let why = review {
            outcome.destination = "Review"
            outcome.reason += "; for a person to look at: " + why
        }
        return try filing(outcome.destination, outcome.reason, key: key, request: outcome.request, command: outcome.command)
    }

    /// True when the mail now under a recorded name is the one recorded: the same bytes; or,
    /// a copy whose password was cut before a crash, the same Message-ID and From (without a
    /// Message-ID, the same From and the cut's mark in it).
    static func isRecorded(_ record: ProcessedMail, data: Data, message: Message) -> Bool {
        if ContentHash.sha256(data) == record.contentHash { return true }
        guard (message.from.first?.normalizedAddress ?? "") == record.sender else { return false }
        if let recorded = record.messageID { return message.messageID == recorded }
        return message.messageID == nil && data.range(of: Data(StoredCopyRedaction.marker.utf8)) != nil
    }

    /// The record of a mail that cannot be read (`PreparedGroup.unreadable`): to `.Review`,
    /// unread, with the reason; no reply, no effect. Its key holds the file's name, the only
    /// thing known of it.
    func unreadable(_ entry: MaildirEntry, why: String, tx: RegistryTransaction, now: Date) throws -> Decision {
        let reason = "cannot be read (\(why)): filed unread, for a person to look at"
        // A fresh key each time: a mail that stays unreadable after a crash is recorded again.
        let record = ProcessedMail(key: "unreadable:\(entry.name):\(UUID().uuidString)", messageID: nil, sender: "",
                                   contentHash: "", file: entry.name, destination: "Review", reason: reason, request: nil,
                                   processed: RegistryTransaction.utc(now))
        try tx.recordProcessed(record)
        try tx.appendAudit(at: now, actor: "unknown", command: "filed", request: nil, messageID: nil,
                           change: "\(entry.name) filed to .Review: \(reason)")
        return Decision(record: record, command: nil, redactedCopy: nil)
    }

    /// The record of a mail whose handling failed with `error` (not the registry's fault): to
    /// `.Review`, no reply, no effect but its record and audit entry; its stored copy still
    /// loses its passwords.
    func unhandled(_ mail: PreparedMail, error: Error, tx: RegistryTransaction, now: Date) throws -> Decision {
        try record(mail, to: "Review", "not handled, for a person to look at: " + String(String(describing: error).prefix(300)),
                   key: "unhandled:\(mail.contentHash):\(mail.entry.name)", tx: tx, now: now)
    }

    /// Records where `mail` goes and why, in the registry and the audit log, and says whether
    /// its stored copy lost a password: every mail's copy loses its passwords, forged and
    /// duplicate ones too (§3.4).
    func record(_ mail: PreparedMail, to destination: String, _ reason: String, key: String, request: RequestNumber? = nil,
                command: String? = nil, tx: RegistryTransaction, now: Date) throws -> Decision {
        let (message, file) = (mail.message, mail.entry.name)
        let sender = message.from.first?.normalizedAddress ?? ""
        let reason = reason + (mail.redacted == nil ? "" : "; a password was cut from the stored copy")
        let record = ProcessedMail(key: key, messageID: message.messageID, sender: sender, contentHash: mail.contentHash,
                                   file: file, destination: destination, reason: reason, request: request?.description,
                                   processed: RegistryTransaction.utc(now))
        try tx.recordProcessed(record)
        try tx.appendAudit(at: now, actor: sender.isEmpty ? "unknown" : sender, command: "filed", request: request?.description,
                           messageID: message.messageID, change: "\(file) filed to \(MailPass.folderName(destination)): \(reason)")
        return Decision(record: record, command: command, redactedCopy: mail.redacted)
    }

    /// The maildir destination recorded as `cur` or a sub-maildir name.
    static func destination(_ recorded: String) -> Maildir.Destination {
        if recorded == "cur" { return .cur(addingFlags: ["S"]) }
        return .folder(Maildir.Folder(rawValue: recorded) ?? .review)
    }

    /// `cur/` or `.Name`.
    static func folderName(_ recorded: String) -> String {
        recorded == "cur" ? "cur/" : "." + recorded
    }

    /// The Date header of a mail, read only when receipt times tie.
    static func headerDate(_ maildir: Maildir, _ entry: MaildirEntry) -> Date? {
        guard let data = try? maildir.read(entry) else { return nil }
        // The header is enough: cut at the first blank line, or at 64 KiB.
        let bytes = [UInt8](data.prefix(65_536))
        return Message(bytes: bytes).date?.instant
    }
}
