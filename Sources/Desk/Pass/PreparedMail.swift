import Dispatch
import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Mail
import Registry
import Requests

/// What the desk can learn from one mail without the registry: its bytes, the parsed
/// message, the content hash, the stored copy with its passwords cut (requests §3.4), the
/// sender check's verdict (workflow §5), whether it is a delivery status notification, the
/// request grammar's reading (requests §2–§3) and the review rule's reason (workflow §6).
///
/// None of it depends on the registry, so a pass works it out for the next group of mails on
/// another thread while the current group's transaction runs (`PreparedGroup`).
struct PreparedMail: Sendable {
    /// The mail's file in `new/`.
    let entry: MaildirEntry
    /// Its bytes as received.
    let data: Data
    /// Those bytes parsed (RFC 5322, MIME), within the configured limits.
    let message: Message
    /// The time the mail reached `new/` (from its file name, else its mtime, else the pass's
    /// start).
    let receipt: Date
    /// SHA-256 of the bytes as received, hex.
    let contentHash: String
    /// The stored copy with its passwords cut; nil when it held none.
    let redacted: [UInt8]?
    /// The sender check's verdict (`.pass` when `[sender_check] policy = "off"`).
    let verdict: SenderVerdict
    /// A delivery status notification, or a mail read as a request.
    let reading: Reading
    /// A DSN made by the desk's own relay (workflow §8).
    let fromOwnServer: Bool

    /// How the mail reads: a DSN is never read as a request.
    enum Reading: Sendable {
        /// An RFC 3464 report about a letter, recorded by `Bounces`.
        case deliveryStatus(DeliveryStatusReport)
        /// The request grammar's reading and why a person should look at the mail (workflow
        /// §6), or nil.
        case request(ParsedMail, review: String?)
    }

    /// Reads and examines `entry`; nil when the file vanished before it could be read.
    ///
    /// - Throws: `MaildirError` when the file exists but cannot be read.
    static func prepare(_ entry: MaildirEntry, maildir: Maildir, configuration: Configuration, senderCheck: SenderCheck,
                        limits: ParseLimits, context: ParseContext, now: Date) throws -> PreparedMail? {
        guard let data = try maildir.read(entry) else { return nil }
        let message = Message(data: data, limits: limits)
        let verdict: SenderVerdict = configuration.senderCheck.policy == .off
            ? .pass(evidence: "sender check off") : senderCheck.verdict(message)
        let report = DeliveryStatusReport(message)
        let reading: Reading
        if let report {
            reading = .deliveryStatus(report)
        } else {
            let parsed = RequestParser.parse(message, context: context)
            reading = .request(parsed, review: ReviewRule.reason(message, parsed: parsed))
        }
        return PreparedMail(entry: entry, data: data, message: message, receipt: maildir.receiptTime(entry) ?? now,
                            contentHash: ContentHash.sha256(data), redacted: StoredCopyRedaction.redacted(message),
                            verdict: verdict, reading: reading,
                            fromOwnServer: report != nil && Bounces.fromOwnServer(message, configuration: configuration))
    }
}

/// A group of mails being prepared on a background thread; `wait()` hands over the result.
/// The pass prepares group k + 1 while group k's transaction runs, so that the registry work
/// and the parsing share the machine's cores.
final class PreparedGroup: @unchecked Sendable {
    // Written once by the worker before `done` is signalled, read once after `wait()`.
    private var result: Result<[(MaildirEntry, Examined)], Error> = .success([])
    private let done = DispatchSemaphore(value: 0)

    /// Starts preparing `entries` in order on a global queue.
    init(_ entries: [MaildirEntry], maildir: Maildir, configuration: Configuration, senderCheck: SenderCheck,
         limits: ParseLimits, context: ParseContext, now: Date) {
        // The mails of a group are independent: they are examined on a thread per core, each
        // taking the next mail, so the preparing uses whatever the registry's thread leaves —
        // all of both cores while that thread waits for this group. (libdispatch's
        // concurrentPerform counted the waiting thread as busy and ran one worker.)
        let slots = Slots(count: entries.count)
        let workers = min(entries.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        let finished = DispatchGroup()
        for _ in 0..<workers {
            finished.enter()
            let thread = Thread {
                // Below the registry's thread (nice 5: on Linux a per-thread value, `who` 0 the
                // calling thread): when both cores are busy, the transaction runs first.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 5)
                while let index = slots.claim() {
                    slots.put(index, Result {
                        try PreparedMail.prepare(entries[index], maildir: maildir, configuration: configuration,
                                                 senderCheck: senderCheck, limits: limits, context: context, now: now)
                    })
                }
                finished.leave()
            }
            thread.stackSize = 8 << 20   // as the main thread's: the parsers recurse by MIME depth
            thread.start()
        }
        finished.notify(queue: .global()) { [self] in
            result = Result {
                try zip(entries, slots.results).map { entry, one in
                    switch one {
                    case .success(let mail): return (entry, mail.map(Examined.mail) ?? .vanished)
                    case .failure(let error):
                        guard let reason = PreparedGroup.unreadable(error) else { throw error }
                        return (entry, .unreadable(reason))
                    }
                }
            }
            done.signal()
        }
    }

    /// What became of one mail of the group.
    enum Examined {
        /// Read and examined.
        case mail(PreparedMail)
        /// Gone before it could be read (an operator moved it).
        case vanished
        /// There but not readable by the desk (its permissions, a folder in its place): the
        /// reason, for the record. The mail is filed unread for a person to look at, so that
        /// one such file cannot hold up every mail after it, pass after pass.
        case unreadable(String)
    }

    /// The reason a mail cannot be read, when `error` is about that one file; nil for a fault
    /// of the maildir or the machine (an I/O error, no file handles left), which stops the pass.
    static func unreadable(_ error: Error) -> String? {
        guard case .system(let operation, _, let code, let message) = error as? MaildirError,
              [EACCES, EPERM, EISDIR, ELOOP, ENXIO, EINVAL].contains(code) else { return nil }
        return "\(operation) failed: \(message)"
    }

    /// The examined mails, in the order given.
    ///
    /// - Throws: the first `MaildirError` met reading the group that is not one mail's own.
    func wait() throws -> [(MaildirEntry, Examined)] {
        done.wait()
        return try result.get()
    }
}

/// The results of one group's mails, each put once from whichever thread examined it.
private final class Slots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<PreparedMail?, Error>]

    private var next = 0

    /// `count` empty slots.
    init(count: Int) { slots = Array(repeating: .success(nil), count: count) }

    /// The next index no worker has taken, or nil when every one is taken.
    func claim() -> Int? {
        lock.withLock {
            guard next < slots.count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    /// Stores the result of the mail at `index`.
    func put(_ index: Int, _ result: Result<PreparedMail?, Error>) { lock.withLock { slots[index] = result } }

    /// Every slot, in order.
    var results: [Result<PreparedMail?, Error>] { lock.withLock { slots } }
}
