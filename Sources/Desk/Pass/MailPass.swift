import Foundation
import Logging
import Mail

/// One pass of the desk over its maildir (`workflow.md` §6): take the maildir's lock, clear
/// stale `tmp/` files, then handle every mail now in `new/` in receipt order.
///
/// Until the request grammar and the registry land, every mail is filed to `.Refused` with
/// the reason "not understood", as the maildir issue asks: nothing is ever left half-done.
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

    /// Runs the pass at `now` (the pass's start time; rules never read the clock).
    ///
    /// - Parameter shouldStop: asked before each mail; true ends the pass after the mail in hand.
    /// - Throws: `MaildirError` when the maildir cannot be read or a mail cannot be filed
    ///   (the mail then stays in `new/`, untouched, for the next pass).
    public func run(now: Date, shouldStop: () -> Bool = { false }) throws -> PassReport {
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

        report.staleTemporaryFiles = try maildir.removeStaleTemporaryFiles(now: now)
        for name in report.staleTemporaryFiles {
            logger.notice("removed a stale tmp/ file (over 36 hours old)", metadata: ["file": "\(name)"])
        }

        let limits = ParseLimits(maxMessageBytes: configuration.desk.maxMessageBytes,
                                 maxParts: configuration.desk.maxParts, maxDepth: configuration.desk.maxDepth)
        let entries = MaildirOrder.sorted(try maildir.listNew(),
                                          receipt: { maildir.receiptTime($0) },
                                          date: { MailPass.headerDate(maildir, $0) })
        for entry in entries {
            if shouldStop() {
                report.stoppedEarly = true
                break
            }
            guard let data = try maildir.read(entry) else {
                report.vanished.append(entry.name)
                logger.info("mail vanished before it could be read; skipped", metadata: ["file": "\(entry.name)"])
                continue
            }
            let message = Message(data: data, limits: limits)
            let reason = "not understood"
            try maildir.file(entry, to: .folder(.refused))
            logger.info("filed to .Refused", metadata: [
                "file": "\(entry.name)", "message-id": "\(message.messageID ?? "-")", "reason": "\(reason)",
            ])
            report.lines.append(.init(file: entry.name, requestNumber: nil, command: nil,
                                      outcome: "filed to .Refused: \(reason)"))
        }
        return report
    }

    /// The Date header of a mail, read only when receipt times tie.
    static func headerDate(_ maildir: Maildir, _ entry: MaildirEntry) -> Date? {
        guard let data = try? maildir.read(entry) else { return nil }
        // The header is enough: cut at the first blank line, or at 64 KiB.
        let bytes = [UInt8](data.prefix(65_536))
        return Message(bytes: bytes).date?.instant
    }
}
