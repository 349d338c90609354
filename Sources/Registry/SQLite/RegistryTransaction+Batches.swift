import Domain
import Foundation
import GRDB

// The batch forms of the writes a mail makes once per row of a sheet: an allocation's rows,
// a RESET DONE's tickets, the letters of either. Every statement costs SQLite and GRDB a fixed
// few microseconds (arguments, bind, reset, cursors, the statement journal) whatever the number
// of its rows, and an allocation mail of seven rows made about 55 statements; in these forms it
// makes about 20. Rows go in the order given, so ids, audit sequence numbers and the outbox's
// order are those of the one-at-a-time forms.

/// A letter to queue: what `RegistryTransaction.queueLetters` stores for the outbox
/// (`workflow.md` §8). Recipients are lower-cased and a Cc already in To is dropped.
public struct NewLetter: Sendable {
    /// The template's name (`allocation-notice`, …).
    public var template: String
    /// The request the letter belongs to, or nil.
    public var request: RequestNumber?
    /// The subject, its `[REQ-…]` tag included, already free of line breaks.
    public var subject: String
    /// The template's variables as a JSON object.
    public var variables: String
    /// The To addresses.
    public var to: [String]
    /// The Cc addresses.
    public var cc: [String]
    /// The Message-ID answered, or nil.
    public var inReplyTo: String?
    /// The letter's own Message-ID, fixed now so that a resend carries the same one.
    public var messageID: String
    /// Files sent with the letter.
    public var attachments: [LetterAttachment]
    /// The sender this letter replies to (counted by the reply limits), or nil.
    public var answers: String?
    /// True when a reply limit holds the letter: its recipients are `held`, not `queued`.
    public var held: Bool

    /// A letter with every field given; see the properties.
    public init(template: String, request: RequestNumber?, subject: String, variables: String, to: [String], cc: [String],
                inReplyTo: String?, messageID: String, attachments: [LetterAttachment] = [], answers: String? = nil, held: Bool = false) {
        (self.template, self.request, self.subject, self.variables, self.to, self.cc) = (template, request, subject, variables, to, cc)
        (self.inReplyTo, self.messageID, self.attachments, self.answers, self.held) = (inReplyTo, messageID, attachments, answers, held)
    }
}

extension RegistryTransaction {
    /// Rows per multi-row statement: a statement per row count up to this is cached.
    static let batchRows = 16

    /// `values` cut into pieces of at most `size`, each with its statement `sql(list)`, `list`
    /// being the placeholders `?, ?, …`, or with `width` above 1 a tuple per value,
    /// `(?, ?), (?, ?), …`. Each statement's text is built once per transaction (`Known`) and
    /// GRDB caches the statement by it, so there is one statement per piece size.
    func batches<T>(_ values: [T], size: Int, width: Int = 1, _ sql: (String) -> String) -> [(sql: String, piece: ArraySlice<T>)] {
        let head = sql("")
        return stride(from: 0, to: values.count, by: size).map { start in
            let piece = values[start..<min(values.count, start + size)]
            let key = BatchKey(head: head, width: width, count: piece.count)
            if let known = known.batchSQL[key] { return (known, piece) }
            let one = width == 1 ? "?" : "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
            let text = sql(Array(repeating: one, count: piece.count).joined(separator: ", "))
            known.batchSQL[key] = text
            return (text, piece)
        }
    }

    /// Inserts `rows` (each a value per column) into `table` with multi-row `INSERT`s.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk).
    func insert(into table: String, _ columns: String, width: Int, rows: [[(any DatabaseValueConvertible)?]]) throws {
        for (sql, piece) in batches(rows, size: Self.batchRows, width: width, { "INSERT INTO \(table) (\(columns)) VALUES " + $0 }) {
            // One flat array made here: GRDB's generic initialiser, given the lazy
            // `piece.joined()`, iterated it through unspecialised generics, looking up type
            // metadata at every value (a tenth of an allocation mail's time on the writer).
            var values: [(any DatabaseValueConvertible)?] = []
            values.reserveCapacity(piece.count * width)
            for row in piece { values.append(contentsOf: row) }
            try run(sql, values)
        }
    }

    /// Runs `sql(list)` once per piece of at most 32 of `values`, `list` being `?, ?, …` and
    /// `leading` the arguments before the list.
    ///
    /// - Throws: `DatabaseError` when SQLite fails.
    func execute(leading: [(any DatabaseValueConvertible)?], where values: [any DatabaseValueConvertible], _ sql: (String) -> String) throws {
        for (sql, piece) in batches(values, size: 32, sql) {
            try run(sql, leading + piece.map { $0 })
        }
    }

    /// Opens an allocation of each ID to its holder from `from` (a `YYYY-MM-DD` day): the
    /// batch form of `openAllocation(_:holder:from:request:)`.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a second open allocation of an ID breaks a
    ///   unique index).
    public func openAllocations(holders: [(address: String, holder: Officer)], from: String, request: RequestNumber?) throws {
        let number = request?.description
        try insert(into: "allocation", "generic_id, name, designation, email, mobile, agency, contract_end, from_date, request", width: 9,
                   rows: holders.map { a, h in
                       [a, h.name, h.designation, h.email.description, h.mobile, h.agency, h.contractEnd?.description, from, number]
                   })
    }

    /// Sets the state of each of `addresses`: the batch form of `setGenericIDState`.
    ///
    /// - Throws: `DatabaseError` when SQLite fails.
    public func setGenericIDStates(_ addresses: [String], _ state: GenericIDRecord.State) throws {
        try execute(leading: [state.rawValue], where: addresses) { "UPDATE generic_id SET state = ? WHERE address IN (\($0))" }
    }

    /// Opens a reset ticket of `request` for each of `ids`, with the same terms: the batch form
    /// of `openTicket(request:id:notBefore:lateReport:exposed:now:)`.
    ///
    /// - Throws: `DatabaseError` when SQLite fails.
    public func openTickets(request: RequestNumber, ids: [String], notBefore: String?, lateReport: Bool, exposed: Bool, now: Date) throws {
        let (number, opened) = (request.description, RegistryTransaction.utc(now))
        try insert(into: "reset_ticket", "request, generic_id, state, not_before, late_report, exposed_by_mail, opened", width: 7,
                   rows: ids.map { [number, $0, "open", notBefore, lateReport, exposed, opened] })
    }

    /// Closes each ticket of `rowIDs` as done or superseded: the batch form of `closeTicket`.
    ///
    /// - Throws: `DatabaseError` when SQLite fails.
    public func closeTickets(_ rowIDs: [Int64], _ state: ResetTicketRecord.State, by: String, now: Date) throws {
        try execute(leading: [state.rawValue, RegistryTransaction.utc(now), by], where: rowIDs) {
            "UPDATE reset_ticket SET state = ?, closed = ?, closed_by = ? WHERE id IN (\($0))"
        }
    }

    /// Appends an entry per change to the audit chain, in order, all with the same time,
    /// actor, command, request and Message-ID (workflow.md §7): the batch form of `appendAudit`.
    ///
    /// - Throws: `DatabaseError` when SQLite fails.
    @discardableResult public func appendAudits(at: Date, actor: String, command: String, request: String?, messageID: String?,
                                                changes: [String]) throws -> [AuditEntry] {
        var head = try known.auditHead ?? auditHead()
        let time = RegistryTransaction.utc(at)
        let clean = AuditEntry.storable
        let (actor, command, request, messageID) = (clean(actor), clean(command), request.map(clean), messageID.map(clean))
        let entries = changes.map { change in
            var entry = AuditEntry(seq: head.count + 1, at: time, actor: actor, command: command, request: request,
                                   messageID: messageID, change: clean(change), previous: head.hash, hash: "")
            entry.hash = entry.expectedHash
            head = (entry.hash, entry.seq)
            return entry
        }
        try insert(into: "audit", "seq, at, actor, command, request, message_id, change, previous, hash", width: 9, rows: entries.map {
            [$0.seq, $0.at, $0.actor, $0.command, $0.request, $0.messageID, $0.change, $0.previous, $0.hash]
        })
        known.auditHead = head
        return entries
    }

    /// Queues `letters` for the outbox, in order, each recipient `queued` (or `held`), and
    /// returns their ids: the batch form of `queueLetter`.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a Message-ID already queued breaks a
    ///   unique index).
    @discardableResult public func queueLetters(_ letters: [NewLetter], now: Date) throws -> [Int64] {
        guard !letters.isEmpty else { return [] }
        let created = RegistryTransaction.utc(now)
        // The ids are given here, not read back with RETURNING (whose rows SQLite buffers and
        // GRDB decodes: a third of queuing a mail's nine letters): the next after the highest
        // ever given — the table's, or sqlite_sequence's, as AUTOINCREMENT never reuses one —
        // read once a transaction and counted on. A mail rolled back leaves a gap, no harm.
        let first = try known.nextLetterID ?? (Int64.fetchOne(db, sql: """
            SELECT max(coalesce((SELECT max(id) FROM letter), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'letter'), 0))
            """) ?? 0) + 1
        let order = letters.indices.map { first + Int64($0) }
        known.nextLetterID = first + Int64(letters.count)
        try insert(into: "letter", "id, message_id, template, request, subject, variables, in_reply_to, created, answers", width: 9,
                   rows: zip(order, letters).map { id, l in
                       [id, l.messageID, l.template, l.request?.description, l.subject, l.variables, l.inReplyTo, created, l.answers?.lowercased()]
                   })
        var recipients: [[(any DatabaseValueConvertible)?]] = []
        for (id, letter) in zip(order, letters) {
            var seen = Set<String>()
            let state = letter.held ? "held" : "queued"
            for (address, kind) in letter.to.map({ ($0.lowercased(), "to") }) + letter.cc.map({ ($0.lowercased(), "cc") })
            where seen.insert(address).inserted {
                recipients.append([id, address, kind, state])
            }
        }
        try insert(into: "letter_recipient", "letter, address, kind, state", width: 4, rows: recipients)
        for (id, letter) in zip(order, letters) {
            for (position, a) in letter.attachments.enumerated() {
                try db.cachedStatement(sql: "INSERT INTO letter_attachment (letter, position, filename, content_type, content) VALUES (?, ?, ?, ?, ?)")
                    .execute(arguments: [id, position, a.filename, a.contentType, Data(a.content)])
            }
        }
        return order
    }
}
