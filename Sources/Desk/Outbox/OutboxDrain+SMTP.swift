import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Letters
import Logging
import Mail
import Registry
import SMTP

extension OutboxDrain {
    /// Sends due letters through the SMTP relay (`workflow.md` §8) over up to
    /// `[smtp] connections` parallel connections, each a reused libcurl handle: each recipient
    /// in its own transaction; sent, failed (5xx, with the reply kept) or queued again with a
    /// back-off of 1 minute doubling to 1 hour, given up after `[smtp] retry_max_hours`.
    /// A connection that cannot reach the relay, or that the relay closes (421) on a new
    /// connection, stops; the pass stops when none is left, and at once when the relay refuses
    /// the desk's login (no busy loop, no letter failed for the operator's mistake).
    ///
    /// The registry is written in small groups on a thread of its own, never while holding a
    /// connection's turn or waiting on the network. A crash after a transfer and before its
    /// group is written sends that letter again with the same Message-ID.
    ///
    /// - Throws: `SMTPClientError` when libcurl cannot make a handle, `DatabaseError`, or a
    ///   template error; outcomes already written stay written.
    func send(registry: SQLiteRegistry, now: Date) throws -> Int {
        guard let url = configuration.smtp.url else { return 0 }
        let smtp = configuration.smtp
        let settings = SMTPClient.Settings(url: url, username: smtp.username, password: smtp.password?.reveal(),
                                           startTLS: smtp.startTLS.rawValue, caFile: smtp.caFile?.path,
                                           connectTimeout: smtp.connectTimeout, timeout: smtp.timeout)
        // A backlog is read a page at a time, so that memory stays bounded however long the
        // queue. The first page is small: a relay that is down is found on its first letter,
        // and then a pass has read and composed a few dozen letters, not thousands (a tenth
        // of a pass of a thousand mails went on that).
        var limit = OutboxDrain.firstPage
        func page(after: Int64) throws -> [QueuedLetter] {
            try registry.read { try $0.queuedLetters(dueAt: now, after: after, limit: limit) }
        }
        var letters = try page(after: 0)
        guard !letters.isEmpty else { return 0 }
        let renderer = try makeRenderer()
        var sent = 0
        // The connections' handles live across pages, so that a backlog goes over the same
        // connections however it is paged.
        var clients: [SMTPClient] = []
        while let last = letters.last {
            let workers = max(1, min(smtp.connections, letters.count))
            while clients.count < workers { clients.append(try SMTPClient(settings: settings)) }
            let work = try send(letters, renderer: renderer, clients: Array(clients.prefix(workers)), registry: registry, now: now)
            sent += work.sent
            if work.wasStopped || letters.count < limit { break }
            limit = OutboxDrain.page
            letters = try page(after: last.id)
        }
        return sent
    }

    /// Letters read from the queue at a time, after the first page.
    static let page = 2_000

    /// Letters read first: enough to keep every connection busy while the next page is read.
    static let firstPage = 64

    /// Sends one page of letters; returns its queue (sent count, whether it was stopped).
    ///
    /// - Throws: as `send(registry:now:)`.
    private func send(_ letters: [QueuedLetter], renderer: LetterRenderer, clients: [SMTPClient],
                      registry: SQLiteRegistry, now: Date) throws -> SendingQueue {
        let work = SendingQueue(letters, connections: clients.count)
        // Letters are composed on their own threads, ahead of the connections, so that
        // rendering the next letter overlaps the transfer of this one.
        let composed = ComposedLetters(count: letters.count)
        let composers = DispatchGroup()
        for _ in 0..<max(1, ProcessInfo.processInfo.activeProcessorCount) {
            composers.enter()
            Thread.detachNewThread { [self] in
                defer { composers.leave() }
                // Below the connections' threads (nice 5, per thread on Linux): a connection's
                // next command waits for the relay and then for a core, and a composer that
                // took that core held back every letter behind it; composers are ahead by
                // up to 256 letters and catch up on the time the connections spend waiting.
                #if canImport(Glibc)
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 5)
                #endif
                while let index = composed.claim() {
                    composed.put(index, composeForSending(letters[index], renderer: renderer, now: now))
                }
            }
        }
        // A thread per connection: `concurrentPerform` runs no more iterations at once than
        // there are cores, so `[smtp] connections = 4` gave two connections on two cores.
        // Each connection waits on the relay's replies most of the time; more of them than
        // cores is the point.
        // Outcomes are written on a thread of their own: a connection goes on sending while
        // the last ones are committed (a sync of the WAL each time), and what the connections
        // hand over while one transaction runs goes in the next.
        let recorder = OutcomeRecorder { [self] outcomes in
            do {
                try record(outcomes, registry: registry, now: now)
                work.count(sent: outcomes.filter { if case .sent = $0.outcome { true } else { false } }.count)
            } catch {
                work.fail(error)
            }
        }
        let connections = DispatchGroup()
        for client in clients {
            connections.enter()
            Thread.detachNewThread { [self] in
                defer { connections.leave() }
                drainQueue(work, composed: composed, client: client, recorder: recorder)
            }
        }
        connections.wait()
        composed.cancel()
        composers.wait()
        recorder.finish()
        if let error = work.error { throw error }
        return work
    }

    /// One connection's share: takes letters off the queue until it is empty or stopped.
    private func drainQueue(_ work: SendingQueue, composed: ComposedLetters, client: SMTPClient, recorder: OutcomeRecorder) {
        let sender = configuration.desk.address.description
        var pending: [RecipientOutcome] = []
        func flush() {
            guard !pending.isEmpty else { return }
            recorder.add(pending)
            pending.removeAll()
        }
        letters: while let (index, letter) = work.next() {
            let bytes = composed.take(index)
            for recipient in letter.recipients {
                let outcome = client.send(bytes, from: sender, to: recipient.address)
                pending.append(RecipientOutcome(letter: letter, address: recipient.address, outcome: outcome))
                switch outcome {
                case .relayRefused(let code, let reply):
                    if work.stop() {
                        if [530, 534, 535].contains(code) || (code == 454 && reply.lowercased().contains("auth")) {
                            logger.error("SMTP relay refused the desk's login; letters wait until [smtp] username/password_file are fixed",
                                         metadata: ["reply": "\(reply)"])
                        } else {
                            logger.error("SMTP relay refused the desk's session or its sender address ([desk] address); letters wait for the next pass",
                                         metadata: ["reply": "\(reply)"])
                        }
                    }
                    break letters
                case .transient(let code, let reply) where code == 0 || code == 421:
                    // This connection could not reach the relay, or the relay closed it on a
                    // new connection (the client already tried a new one for a kept one).
                    // It stops; the others go on, and the pass ends when none is left.
                    if work.connectionLost() {
                        logger.warning("SMTP relay unreachable or closing; letters wait for the next pass", metadata: ["reply": "\(reply)"])
                    } else {
                        logger.notice("an SMTP connection was lost; the others go on", metadata: ["reply": "\(reply)"])
                    }
                    break letters
                default:
                    continue
                }
            }
            if pending.count >= 32 { flush() }
        }
        flush()
    }

    /// Writes a group of outcomes in one transaction.
    private func record(_ outcomes: [RecipientOutcome], registry: SQLiteRegistry, now: Date) throws {
        let retryMaxHours = configuration.smtp.retryMaxHours
        try registry.write { tx in
            for item in outcomes {
                let (id, address) = (item.letter.id, item.address)
                switch item.outcome {
                case .sent(let reply):
                    try tx.markRecipient(letter: id, address: address, state: "sent", reply: reply, nextAttempt: nil)
                case .permanent(_, let reply):
                    try tx.markRecipient(letter: id, address: address, state: "failed", reply: reply, nextAttempt: nil)
                case .relayRefused:
                    break  // not this recipient's fault: left as it was
                case .transient(_, let reply):
                    let created = Instant.parseISO8601(item.letter.created) ?? now
                    if now.timeIntervalSince(created) > TimeInterval(retryMaxHours * 3600) {
                        try tx.markRecipient(letter: id, address: address, state: "failed",
                                             reply: "given up after \(retryMaxHours) hours: " + reply, nextAttempt: nil)
                    } else {
                        let attempts = try tx.attempts(letter: id, address: address)
                        let delay = min(3600.0, 60.0 * pow(2.0, Double(attempts)))
                        try tx.markRecipient(letter: id, address: address, state: "queued", reply: reply,
                                             nextAttempt: now.addingTimeInterval(delay))
                    }
                }
            }
        }
    }
}

/// Writes the outcomes the connections hand over, on a thread of its own, each time all that
/// has gathered since the last write, until `finish()`.
final class OutcomeRecorder: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: [RecipientOutcome] = []
    private var finishing = false
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts the thread; `write` gets each gathered batch, in the order handed over.
    init(write: @escaping @Sendable ([RecipientOutcome]) -> Void) {
        Thread.detachNewThread { [self] in
            while let batch = nextBatch() { write(batch) }
            stopped.signal()
        }
    }

    /// Hands outcomes over to be written.
    func add(_ outcomes: [RecipientOutcome]) {
        condition.lock()
        pending += outcomes
        condition.signal()
        condition.unlock()
    }

    /// Waits until everything handed over is written, and ends the thread.
    func finish() {
        condition.lock()
        finishing = true
        condition.signal()
        condition.unlock()
        stopped.wait()
    }

    /// Everything gathered, waiting for some; nil once finishing with nothing left.
    private func nextBatch() -> [RecipientOutcome]? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !finishing { condition.wait() }
        guard !pending.isEmpty else { return nil }
        defer { pending = [] }
        return pending
    }
}

/// What one transaction did for one recipient.
struct RecipientOutcome: Sendable {
    let letter: QueuedLetter
    let address: String
    let outcome: SMTPOutcome
}

/// The letters of one pass, shared by the connections: each takes the next one; the first to
/// meet a relay-wide failure stops them all.
final class SendingQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let letters: [QueuedLetter]
    private var index = 0
    private var stopped = false
    private var sentCount = 0
    private var firstError: Error?

    /// Connections still sending; the pass stops when none is left.
    private var activeConnections: Int

    /// The letters of a page, to be sent over `connections` connections.
    init(_ letters: [QueuedLetter], connections: Int) {
        self.letters = letters
        self.activeConnections = connections
    }

    /// A connection gave up (the relay unreachable or closing): true when it was the last,
    /// which stops the pass.
    func connectionLost() -> Bool {
        lock.withLock {
            activeConnections -= 1
            if activeConnections <= 0 { stopped = true }
            return activeConnections <= 0
        }
    }

    /// The next letter and its index, or nil when none is left or the pass was stopped.
    func next() -> (Int, QueuedLetter)? {
        lock.withLock {
            guard !stopped, index < letters.count else { return nil }
            defer { index += 1 }
            return (index, letters[index])
        }
    }

    /// Stops the pass; true for the first caller (who logs why).
    func stop() -> Bool {
        lock.withLock {
            defer { stopped = true }
            return !stopped
        }
    }

    /// Stops the pass on an error, keeping the first.
    func fail(_ error: Error) {
        lock.withLock {
            stopped = true
            if firstError == nil { firstError = error }
        }
    }

    /// Adds to the count of recipients sent.
    func count(sent: Int) { lock.withLock { sentCount += sent } }

    /// Recipients sent so far.
    var sent: Int { lock.withLock { sentCount } }
    /// True once a relay-wide failure or an error stopped the pass.
    var wasStopped: Bool { lock.withLock { stopped } }
    var error: Error? { lock.withLock { firstError } }
}

/// The composed bytes of a pass's letters, filled by the composer threads in order and taken
/// by the connections. Composers stay at most `lookahead` letters ahead of the connections so
/// that a large backlog is never all in memory at once.
final class ComposedLetters: @unchecked Sendable {
    private let condition = NSCondition()
    private var slots: [[UInt8]?]
    private var claimed = 0
    private var taken = 0
    private var cancelled = false
    private let lookahead = 256

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// The next index to compose, or nil when all are claimed or the pass is over. Waits while
    /// the composers are `lookahead` letters ahead.
    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && claimed < slots.count && claimed - taken >= lookahead { condition.wait() }
        guard !cancelled, claimed < slots.count else { return nil }
        defer { claimed += 1 }
        return claimed
    }

    /// Stores a composed letter.
    func put(_ index: Int, _ bytes: [UInt8]) {
        condition.lock()
        slots[index] = bytes
        condition.broadcast()
        condition.unlock()
    }

    /// The composed letter at `index`, waiting for it; its slot is emptied.
    func take(_ index: Int) -> [UInt8] {
        condition.lock()
        defer { condition.unlock() }
        while slots[index] == nil { condition.wait() }
        let bytes = slots[index]!
        slots[index] = nil
        taken += 1
        condition.broadcast()
        return bytes
    }

    /// Ends composing: waiting composers return nil.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
