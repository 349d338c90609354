import Domain
import Foundation
import GRDB

/// Reading and changing MDOs, officers of record, requests, generic IDs, allocations, reset
/// tickets, action codes and queued letters. Each change is one SQL statement inside the
/// caller's transaction; the schema's constraints refuse illegal states.
extension RegistryTransaction {
    // MARK: MDOs and officers of record

    /// The MDO with `code`, or nil.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func mdo(_ code: MDOCode) throws -> MDORecord? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM mdo WHERE code = ?"), arguments: [code.value]).map { row in
            MDORecord(code: code, name: row["name"], ministry: row["ministry"],
                      state: MDORecord.State(rawValue: row["state"]) ?? .nominated)
        }
    }

    /// Every MDO, by code.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func mdos() throws -> [MDORecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM mdo ORDER BY code").compactMap { row in
            MDOCode(row["code"]).map { MDORecord(code: $0, name: row["name"], ministry: row["ministry"],
                                                 state: MDORecord.State(rawValue: row["state"]) ?? .nominated) }
        }
    }

    /// Inserts or updates an MDO.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func saveMDO(_ m: MDORecord, now: Date) throws {
        try db.cachedStatement(sql: """
            INSERT INTO mdo (code, name, ministry, state, created) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET name = excluded.name, ministry = excluded.ministry, state = excluded.state
            """).execute(arguments: [m.code.value, m.name, m.ministry, m.state.rawValue, RegistryTransaction.utc(now)])
    }

    /// The Nodal Officer and Admin of record of an MDO, by role (`nodal`, `admin`).
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func officersOfRecord(_ code: MDOCode) throws -> [String: Officer] {
        if let known = known.officers[code.value] { return known }
        var out: [String: Officer] = [:]
        let sql = "SELECT role, name, designation, email, mobile FROM officer_of_record WHERE mdo = ?"
        for (role, officer) in try query(sql, [code.value], { row -> (String, Officer)? in
            EmailAddress(row.string(3)).map { (row.string(0), Officer(name: row.string(1), designation: row.string(2), email: $0, mobile: row.text(4))) }
        }) {
            out[role] = officer
        }
        known.officers[code.value] = out
        return out
    }

    /// Sets the officer of record for `role` (`nodal` or `admin`).
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func setOfficerOfRecord(_ code: MDOCode, role: String, officer: Officer, since: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO officer_of_record (mdo, role, name, designation, email, mobile, since) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(mdo, role) DO UPDATE SET name = excluded.name, designation = excluded.designation,
                email = excluded.email, mobile = excluded.mobile, since = excluded.since
            """).execute(arguments: [code.value, role, officer.name, officer.designation, officer.email.description, officer.mobile, since])
        known.officers[code.value] = nil
    }

    // MARK: Requests

    /// Records a new request.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func insertRequest(_ r: RequestRecord, command: String?) throws {
        try db.cachedStatement(sql: """
            INSERT INTO request (number, type, state, mdo, sender, message_id, received, command, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [r.number.description, r.type, r.state.rawValue, r.mdo?.value, r.sender, r.messageID, r.received, command, r.note])
    }

    /// The request `number`, or nil.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func request(_ number: RequestNumber) throws -> RequestRecord? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT number, type, state, mdo, sender, message_id, received, note FROM request WHERE number = ?"), arguments: [number.description]).map(RegistryTransaction.request)
    }

    /// The JSON of the command a request carried, or nil.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func requestCommand(_ number: RequestNumber) throws -> String? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT command FROM request WHERE number = ?"), arguments: [number.description])
    }

    /// Requests, newest first; only pending ones when asked.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func requests(pendingOnly: Bool) throws -> [RequestRecord] {
        try Row.fetchAll(db, sql: "SELECT number, type, state, mdo, sender, message_id, received, note FROM request \(pendingOnly ? "WHERE state = 'pending'" : "") ORDER BY received, number")
            .map(RegistryTransaction.request)
    }

    /// The pending nomination of an MDO, or nil.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func pendingNomination(_ code: MDOCode) throws -> RequestRecord? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT number, type, state, mdo, sender, message_id, received, note FROM request WHERE mdo = ? AND type = 'nomination' AND state = 'pending'"),
                         arguments: [code.value]).map(RegistryTransaction.request)
    }

    /// Changes a request's state (and note, when given).
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func setRequestState(_ number: RequestNumber, _ state: RequestRecord.State, note: String? = nil) throws {
        if let note {
            try db.cachedStatement(sql: "UPDATE request SET state = ?, note = ? WHERE number = ?").execute(arguments: [state.rawValue, note, number.description])
        } else {
            try db.cachedStatement(sql: "UPDATE request SET state = ? WHERE number = ?").execute(arguments: [state.rawValue, number.description])
        }
    }

    /// Adds `note` to a request's note (after a `; ` when it already has one), its state unchanged.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func addRequestNote(_ number: RequestNumber, _ note: String) throws {
        try db.cachedStatement(sql: """
            UPDATE request SET note = CASE WHEN note IS NULL OR note = '' THEN ? ELSE note || '; ' || ? END WHERE number = ?
            """).execute(arguments: [note, note, number.description])
    }

    // Reads `number, type, state, mdo, sender, message_id, received, note` by position:
    // GRDB's look-up by name lower-cases the name for every value read.
    static func request(_ row: Row) -> RequestRecord {
        RequestRecord(number: RequestNumber(row[0])!, type: row[1],
                      state: RequestRecord.State(rawValue: row[2]) ?? .pending,
                      mdo: (row[3] as String?).flatMap(MDOCode.init), sender: row[4], messageID: row[5],
                      received: row[6], note: row[7])
    }

    // MARK: Generic IDs

    /// The generic IDs of an MDO, by slot order.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func genericIDs(_ code: MDOCode, domain: String) throws -> [GenericIDRecord] {
        try query("SELECT address, state, request, mdo, slot FROM generic_id WHERE mdo = ?", [code.value]) {
            RegistryTransaction.genericID($0, domain: domain)
        }.sorted { $0.id < $1.id }
    }

    /// The generic ID at `address`, or nil.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func genericID(_ address: String, domain: String) throws -> GenericIDRecord? {
        try query("SELECT address, state, request, mdo, slot FROM generic_id WHERE address = ?", [address.lowercased()]) {
            RegistryTransaction.genericID($0, domain: domain)
        }.first
    }

    /// The generic IDs among `addresses` that exist, by address (lower-case): one query for a
    /// whole allocation sheet, not one per row.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func genericIDs(_ addresses: [String], domain: String) throws -> [String: GenericIDRecord] {
        let records = try rows(where: addresses.map { $0.lowercased() }, {
            "SELECT address, state, request, mdo, slot FROM generic_id WHERE address IN (\($0))"
        }, { RegistryTransaction.genericID($0, domain: domain) })
        var found: [String: GenericIDRecord] = [:]
        for record in records { found[record.id.address] = record }
        return found
    }

    /// The rows of `sql(list)` for `values`, `list` being `?, ?, …`, each made by `decode`: in
    /// pieces of at most 32 values (a statement per piece size is cached), each value asked once.
    ///
    /// - Throws: `DatabaseError` when SQLite fails.
    func rows<T>(where values: [String], _ sql: (String) -> String, _ decode: (ResultRow) -> T?) throws -> [T] {
        try batches(Array(Set(values)).sorted(), size: 32, sql).flatMap { sql, piece in
            try query(sql, piece.map { $0 }, decode)
        }
    }

    /// Inserts a generic ID.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func insertGenericID(_ g: GenericIDRecord) throws {
        try db.cachedStatement(sql: "INSERT INTO generic_id (address, mdo, slot, state, request) VALUES (?, ?, ?, ?, ?)").execute(arguments: [g.id.address, g.id.mdo.value, g.id.slot.description, g.state.rawValue, g.request?.description])
    }

    /// Changes a generic ID's state.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func setGenericIDState(_ address: String, _ state: GenericIDRecord.State) throws {
        try db.cachedStatement(sql: "UPDATE generic_id SET state = ? WHERE address = ?").execute(arguments: [state.rawValue, address])
    }

    /// NIC's answers for the IDs of creation request `request` of MDO `mdo`, in address order:
    /// each ID's state and, once answered, when and by whom (requests.md §4).
    ///
    /// - Throws: `DatabaseError` when SQLite fails.
    public func creationAnswers(_ mdo: MDOCode, request: RequestNumber) throws -> [CreationAnswerRecord] {
        try query("SELECT address, state, answered, answered_by FROM generic_id WHERE mdo = ? AND request = ? ORDER BY address",
                  [mdo.value, request.description]) { row in
            GenericIDRecord.State(rawValue: row.string(1)).map {
                CreationAnswerRecord(address: row.string(0), state: $0, answered: row.text(2), answeredBy: row.text(3))
            }
        }
    }

    /// Applies NIC's CREATED (`state` `.created`) or REFUSED (`.withdrawn`) to `addresses`,
    /// keeping when (`now`, stored ISO 8601 UTC) and by whom (`by`), so that a repeat can be
    /// answered with both (requests.md §4).
    ///
    /// - Throws: `DatabaseError` when SQLite fails.
    public func answerCreation(_ addresses: [String], _ state: GenericIDRecord.State, by: String, now: Date) throws {
        try execute(leading: [state.rawValue, RegistryTransaction.utc(now), by], where: addresses) {
            "UPDATE generic_id SET state = ?, answered = ?, answered_by = ? WHERE address IN (\($0))"
        }
    }

    // Reads `address, state, request, mdo, slot` by position.
    static func genericID(_ row: ResultRow, domain: String) -> GenericIDRecord? {
        // Built from the stored MDO code and slot (reading the address again was a tenth of
        // an allocation sheet's look-up); an address that does not match them, as one made
        // under another domain, is not one of ours.
        guard let mdo = MDOCode(row.string(3)), case .success(let slot) = Slot.parse(row.string(4)),
              let state = GenericIDRecord.State(rawValue: row.string(1)) else { return nil }
        let id = GenericID(mdo: mdo, slot: slot, domain: domain)
        guard id.address == row.string(0) else { return nil }
        return GenericIDRecord(id: id, state: state, request: row.text(2).flatMap(RequestNumber.init))
    }

    // MARK: Allocations

    /// The open allocation of an ID, or nil.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func openAllocation(_ address: String) throws -> AllocationRecord? {
        try query("SELECT id, generic_id, name, designation, email, mobile, agency, contract_end, from_date, to_date, end_reason FROM allocation WHERE generic_id = ? AND to_date IS NULL", [address], RegistryTransaction.allocation).first
    }

    /// The open allocations of the IDs among `addresses` that have one, by address: one query
    /// for a whole allocation sheet.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func openAllocations(_ addresses: [String]) throws -> [String: AllocationRecord] {
        let records = try rows(where: addresses, {
            "SELECT id, generic_id, name, designation, email, mobile, agency, contract_end, from_date, to_date, end_reason"
                + " FROM allocation WHERE generic_id IN (\($0)) AND to_date IS NULL"
        }, RegistryTransaction.allocation)
        var found: [String: AllocationRecord] = [:]
        for record in records { found[record.id] = record }
        return found
    }

    /// Every open allocation whose holder has `email`.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func openAllocations(holder email: String) throws -> [AllocationRecord] {
        try query("SELECT id, generic_id, name, designation, email, mobile, agency, contract_end, from_date, to_date, end_reason FROM allocation WHERE email = ? AND to_date IS NULL", [email.lowercased()], RegistryTransaction.allocation)
    }

    /// Opens an allocation.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func openAllocation(_ address: String, holder: Officer, from: String, request: RequestNumber?) throws {
        try db.cachedStatement(sql: """
            INSERT INTO allocation (generic_id, name, designation, email, mobile, agency, contract_end, from_date, request)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [address, holder.name, holder.designation, holder.email.description, holder.mobile, holder.agency,
                             holder.contractEnd?.description, from, request?.description])
    }

    /// Updates the open allocation's holder details (a contract extension).
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func updateOpenAllocation(_ address: String, holder: Officer) throws {
        try db.cachedStatement(sql: """
            UPDATE allocation SET name = ?, designation = ?, mobile = ?, agency = ?, contract_end = ?
            WHERE generic_id = ? AND to_date IS NULL
            """).execute(arguments: [holder.name, holder.designation, holder.mobile, holder.agency, holder.contractEnd?.description, address])
    }

    /// Ends the open allocation of an ID.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func closeAllocation(_ address: String, to: String, reason: String) throws {
        try db.cachedStatement(sql: "UPDATE allocation SET to_date = ?, end_reason = ? WHERE generic_id = ? AND to_date IS NULL").execute(arguments: [to, reason, address])
    }

    // Reads `id, generic_id, name, designation, email, mobile, agency, contract_end, from_date, to_date, end_reason` by position.
    static func allocation(_ row: ResultRow) -> AllocationRecord? {
        guard let email = EmailAddress(row.string(4)) else { return nil }
        return AllocationRecord(rowID: row.int(0), id: row.string(1),
                                holder: Officer(name: row.string(2), designation: row.string(3), email: email, mobile: row.text(5),
                                                agency: row.text(6), contractEnd: row.text(7).flatMap(CalendarDay.init(iso:))),
                                from: row.string(8), to: row.text(9), endReason: row.text(10))
    }

    // MARK: Reset tickets

    /// Opens a reset ticket.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func openTicket(request: RequestNumber, id: String, notBefore: String?, lateReport: Bool, exposed: Bool, now: Date) throws {
        try db.cachedStatement(sql: """
            INSERT INTO reset_ticket (request, generic_id, state, not_before, late_report, exposed_by_mail, opened)
            VALUES (?, ?, 'open', ?, ?, ?, ?)
            """).execute(arguments: [request.description, id, notBefore, lateReport, exposed, RegistryTransaction.utc(now)])
    }

    /// Open tickets, of a request or of an ID.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func openTickets(request: RequestNumber? = nil, id: String? = nil) throws -> [ResetTicketRecord] {
        var sql = "SELECT id, request, generic_id, state, not_before, late_report, exposed_by_mail, opened, closed, closed_by FROM reset_ticket WHERE state = 'open'"
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let request { sql += " AND request = ?"; arguments.append(request.description) }
        if let id { sql += " AND generic_id = ?"; arguments.append(id) }
        return try query(sql + " ORDER BY id", arguments, RegistryTransaction.ticket)
    }

    /// The requests with an open ticket opened at or before `openedBy` (ISO 8601 UTC, as
    /// stored), in order: the only ones whose reminder can be due, since a ticket's reminder
    /// counts from its opening or later (workflow.md §9). Filtered in SQL, so that a pass does
    /// not read every open ticket of the registry.
    ///
    /// - Throws: `DatabaseError` when SQLite fails.
    public func requestsWithOpenTickets(openedBy: String) throws -> [RequestNumber] {
        try query("SELECT DISTINCT request FROM reset_ticket WHERE state = 'open' AND opened <= ? ORDER BY request", [openedBy]) {
            RequestNumber($0.string(0))
        }
    }

    /// Every ticket of a request.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func tickets(request: RequestNumber) throws -> [ResetTicketRecord] {
        try query("SELECT id, request, generic_id, state, not_before, late_report, exposed_by_mail, opened, closed, closed_by FROM reset_ticket WHERE request = ? ORDER BY id",
                  [request.description], RegistryTransaction.ticket)
    }

    /// Closes a ticket as done or superseded.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func closeTicket(_ rowID: Int64, _ state: ResetTicketRecord.State, by: String, now: Date) throws {
        try db.cachedStatement(sql: "UPDATE reset_ticket SET state = ?, closed = ?, closed_by = ? WHERE id = ?").execute(arguments: [state.rawValue, RegistryTransaction.utc(now), by, rowID])
    }

    // Reads `id, request, generic_id, state, not_before, late_report, exposed_by_mail, opened, closed, closed_by` by position.
    static func ticket(_ row: ResultRow) -> ResetTicketRecord? {
        guard let request = RequestNumber(row.string(1)) else { return nil }
        return ResetTicketRecord(rowID: row.int(0), request: request, id: row.string(2),
                                 state: ResetTicketRecord.State(rawValue: row.string(3)) ?? .open, notBefore: row.text(4),
                                 lateReport: row.bool(5), exposedByMail: row.bool(6), opened: row.string(7),
                                 closed: row.text(8), closedBy: row.text(9))
    }

    // MARK: For the time-driven work (workflow.md §9)

    /// Every `vacant` generic ID with the day its last allocation ended (nil when none did).
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func vacantIDs() throws -> [(address: String, since: String?)] {
        try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT g.address, (SELECT max(a.to_date) FROM allocation a WHERE a.generic_id = g.address) AS since
            FROM generic_id g WHERE g.state = 'vacant' ORDER BY g.address
            """)).map { ($0["address"], $0["since"]) }
    }

    /// The open allocations whose holder has a contract end, by ID.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func allocationsWithContractEnd() throws -> [AllocationRecord] {
        try query("SELECT id, generic_id, name, designation, email, mobile, agency, contract_end, from_date, to_date, end_reason FROM allocation WHERE to_date IS NULL AND contract_end IS NOT NULL ORDER BY generic_id", [], RegistryTransaction.allocation)
    }

    // MARK: Action codes

    /// Stores an action code for a request, as a hash only.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func storeActionCode(_ code: ActionCode, request: RequestNumber, purpose: String, now: Date) throws {
        try db.cachedStatement(sql: "INSERT INTO action_code (hash, request, purpose, created) VALUES (?, ?, ?, ?)").execute(arguments: [AuditEntry.sha256("action-code|" + code.value), request.description, purpose, RegistryTransaction.utc(now)])
    }

    /// The stored code of `request` matching `code`: nil when the code is wrong; its spent
    /// time and spender when it was used already.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func actionCode(_ code: ActionCode, request: RequestNumber) throws -> (purpose: String, spent: String?, spentBy: String?)? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM action_code WHERE hash = ? AND request = ?"),
                         arguments: [AuditEntry.sha256("action-code|" + code.value), request.description]).map {
            ($0["purpose"], $0["spent"], $0["spent_by"])
        }
    }

    /// Marks a code spent.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func spendActionCode(_ code: ActionCode, by: String, now: Date) throws {
        try db.cachedStatement(sql: "UPDATE action_code SET spent = ?, spent_by = ? WHERE hash = ?").execute(arguments: [RegistryTransaction.utc(now), by, AuditEntry.sha256("action-code|" + code.value)])
    }

    // MARK: Counts for the daily summary

    /// How many mails were filed to `destination` (`Forged`, …) at or after `since`.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func filedCount(destination: String, since: Date) throws -> Int {
        try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM processed_mail WHERE destination = ? AND processed >= ?"),
                         arguments: [destination, RegistryTransaction.utc(since)]) ?? 0
    }

    /// Every recipient of a letter whose state is `failed` or `held`, oldest letter first: the
    /// letter's subject, the address and the state.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func failedOrHeldDeliveries() throws -> [(subject: String, address: String, state: String)] {
        try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT l.subject, r.address, r.state FROM letter_recipient r JOIN letter l ON l.id = r.letter
            WHERE r.state IN ('failed', 'held') ORDER BY l.id, r.address
            """)).map { ($0["subject"], $0["address"], $0["state"]) }
    }

    // MARK: Reply limits

    /// The replies to mail from `sender` (letters queued with `answers` = sender) created at
    /// or after `since`, not counting held ones: what `[limits] replies_per_sender_per_*`
    /// limit. Counted in the registry, so separate `iddesk process` runs share the count.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    /// Counting stops at `upTo`: the caller only asks whether a limit is reached, and a
    /// sender over it must not make each further reply slower.
    public func repliesSent(to sender: String, since: Date, upTo: Int) throws -> Int {
        try Int.fetchOne(try db.cachedStatement(sql: RegistryTransaction.repliesSentSQL),
                         arguments: [sender.lowercased(), RegistryTransaction.utc(since), upTo]) ?? 0
    }

    static let repliesSentSQL = """
        SELECT count(*) FROM (SELECT 1 FROM letter l WHERE l.answers = ? AND l.created >= ?
        AND EXISTS (SELECT 1 FROM letter_recipient r WHERE r.letter = l.id AND r.state <> 'held') LIMIT ?)
        """

    /// The `CREATE` statement of schema object `name` (a table or an index), or nil.
    func schemaSQL(of name: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [name])
    }

    /// SQLite's query plan for `repliesSent`, its steps' details joined by newlines.
    func queryPlanOfRepliesSent() throws -> String {
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + RegistryTransaction.repliesSentSQL, arguments: ["nodal@nic.in", "2026-11-24T00:00:00Z", 10])
            .map { $0["detail"] as String }.joined(separator: "\n")
    }

    /// Sets counter `name` to 1 and returns true when it was never set: a "do this once" mark
    /// (the notice to DoPT/SPV that a sender's replies are held, once a day).
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func markOnce(_ name: String) throws -> Bool {
        try db.cachedStatement(sql: "INSERT INTO counter (name, value) VALUES (?, 1) ON CONFLICT(name) DO NOTHING").execute(arguments: [name])
        return db.changesCount > 0
    }

    // MARK: File numbers

    /// A counter's current value (0 when never used).
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func counter(_ name: String) throws -> Int {
        try Int.fetchOne(try db.cachedStatement(sql: "SELECT value FROM counter WHERE name = ?"), arguments: [name]) ?? 0
    }

    /// The next sequence number of `year` for circular OMs (`[office] file_series` `{seq}`).
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func nextFileSequence(year: Int) throws -> Int {
        let name = "file-\(year)"
        let next = (try Int.fetchOne(try db.cachedStatement(sql: "SELECT value FROM counter WHERE name = ?"), arguments: [name]) ?? 0) + 1
        try db.cachedStatement(sql: "INSERT INTO counter (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value")
            .execute(arguments: [name, next])
        return next
    }

    // MARK: Letters

    /// Queues a letter for its recipients (`workflow.md` §3, §8): template, request, subject,
    /// the variables its template renders (JSON), To and Cc addresses (duplicates dropped, a
    /// Cc that is also a To dropped), the mail it answers, and its fixed Message-ID.
    ///
    /// `answers` is the sender of the mail the letter replies to, when it is a reply. With
    /// `held`, every recipient starts `held` instead of `queued`: the letter is kept but
    /// not sent (a reply over the sender's rate limit, workflow §5 / config `[limits]`).
    ///
    /// - Returns: the letter's row id.
    /// - Throws: `DatabaseError` when SQLite fails (its Message-ID already used, a full disk, a lock held past the busy timeout).
    @discardableResult public func queueLetter(template: String, request: RequestNumber?, subject: String, variables: String,
                            to: [String], cc: [String], inReplyTo: String?, messageID: String, now: Date,
                            attachments: [LetterAttachment] = [], answers: String? = nil, held: Bool = false) throws -> Int64 {
        let letter = NewLetter(template: template, request: request, subject: subject, variables: variables, to: to, cc: cc,
                               inReplyTo: inReplyTo, messageID: messageID, attachments: attachments, answers: answers, held: held)
        return try queueLetters([letter], now: now)[0]
    }

    /// The variables (JSON) of every letter of `template`, oldest first.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func letterVariables(template: String) throws -> [String] {
        try String.fetchAll(try db.cachedStatement(sql: "SELECT variables FROM letter WHERE template = ? ORDER BY id"), arguments: [template])
    }

    /// Every letter, oldest first: template, subject, request, To and Cc.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func letters() throws -> [(template: String, subject: String, request: String?, to: [String], cc: [String])] {
        try letterStates().map { ($0.template, $0.subject, $0.request, $0.to, $0.cc) }
    }

    /// Every letter, oldest first, with each recipient's state (`queued`, `sent`, …).
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func letterStates() throws -> [(template: String, subject: String, request: String?, to: [String], cc: [String], states: [String: String])] {
        try Row.fetchAll(db, sql: "SELECT * FROM letter ORDER BY id").map { row in
            let id: Int64 = row["id"]
            let recipients = try Row.fetchAll(try db.cachedStatement(sql: "SELECT address, kind, state FROM letter_recipient WHERE letter = ? ORDER BY rowid"), arguments: [id])
            var states: [String: String] = [:]
            for r in recipients { states[r["address"]] = r["state"] }
            return (row["template"], row["subject"], row["request"],
                    recipients.filter { $0["kind"] == "to" }.map { $0["address"] },
                    recipients.filter { $0["kind"] == "cc" }.map { $0["address"] }, states)
        }
    }
}

/// A file sent with a letter (the circular's list of MDOs, a roster as CSV).
public struct LetterAttachment: Sendable, Equatable {
    /// The file name.
    public var filename: String
    /// `type/subtype`.
    public var contentType: String
    /// The content.
    public var content: [UInt8]

    /// Makes an attachment.
    public init(filename: String, contentType: String, content: [UInt8]) {
        self.filename = filename; self.contentType = contentType; self.content = content
    }
}

/// A queued letter with what composing it needs.
public struct QueuedLetter: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// The Message-ID fixed when it was queued.
    public var messageID: String
    /// The template's name.
    public var template: String
    /// The request it is about, or nil.
    public var request: String?
    /// The subject with its tag.
    public var subject: String
    /// The template's variables, JSON.
    public var variables: String
    /// The Message-ID it answers, or nil.
    public var inReplyTo: String?
    /// Recipients still queued, with their kind (`to`, `cc`).
    public var recipients: [(address: String, kind: String)]
    /// Files sent with the letter, in order.
    public var attachments: [LetterAttachment] = []
    /// When it was queued, ISO 8601 UTC.
    public var created: String = ""
    /// Every recipient with its kind, for the To and Cc fields (whatever their state).
    public var allRecipients: [(address: String, kind: String)] = []

    /// Equal when the same letter has the same queued recipients and attachments.
    public static func == (a: QueuedLetter, b: QueuedLetter) -> Bool {
        a.id == b.id && a.recipients.map { $0.address + $0.kind } == b.recipients.map { $0.address + $0.kind } && a.attachments == b.attachments
    }

    /// Makes a letter record.
    public init(id: Int64, messageID: String, template: String, request: String?, subject: String, variables: String,
                inReplyTo: String?, recipients: [(address: String, kind: String)], attachments: [LetterAttachment] = []) {
        self.id = id; self.messageID = messageID; self.template = template; self.request = request; self.subject = subject
        self.variables = variables; self.inReplyTo = inReplyTo; self.recipients = recipients; self.attachments = attachments
    }
}

extension RegistryTransaction {
    /// Letters with at least one recipient still queued and due (`next_attempt` passed or
    /// none), oldest first; only the due recipients are listed. Without `now`, every queued one.
    /// With `limit`, the first `limit` such letters whose id is above `after` (a page of a
    /// backlog).
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func queuedLetters(dueAt now: Date? = nil, after: Int64 = 0, limit: Int? = nil) throws -> [QueuedLetter] {
        let due = now.map { RegistryTransaction.utc($0) } ?? "9999"
        // Three queries for the whole page, not three per letter: a backlog of thousands of
        // letters is read in milliseconds.
        let pending = """
            SELECT DISTINCT letter FROM letter_recipient WHERE state = 'queued' AND (next_attempt IS NULL OR next_attempt <= ?)
            AND letter > ? ORDER BY letter LIMIT ?
            """
        let arguments: [(any DatabaseValueConvertible)?] = [due, after, limit ?? -1]
        // Read by position through SQLite's C interface: a page is thousands of rows, and
        // GRDB's look-up by column name lower-cased the name for every value.
        var everyone: [Int64: [(address: String, kind: String)]] = [:]
        var dueRecipients: [Int64: [(address: String, kind: String)]] = [:]
        let recipients = try query("""
            SELECT letter, address, kind, state, next_attempt FROM letter_recipient WHERE letter IN (\(pending)) ORDER BY rowid
            """, arguments) { row in
            (id: row.int(0), address: row.string(1), kind: row.string(2), queued: row.string(3) == "queued", next: row.text(4))
        }
        for r in recipients {
            everyone[r.id, default: []].append((r.address, r.kind))
            if r.queued, r.next.map({ $0 <= due }) ?? true {
                dueRecipients[r.id, default: []].append((r.address, r.kind))
            }
        }
        var attachments: [Int64: [LetterAttachment]] = [:]
        for (id, attachment) in try query("""
            SELECT letter, filename, content_type, content FROM letter_attachment WHERE letter IN (\(pending)) ORDER BY letter, position
            """, arguments, { row in
            (row.int(0), LetterAttachment(filename: row.string(1), contentType: row.string(2), content: row.bytes(3)))
        }) {
            attachments[id, default: []].append(attachment)
        }
        return try query("""
            SELECT id, message_id, template, request, subject, variables, in_reply_to, created FROM letter WHERE id IN (\(pending)) ORDER BY id
            """, arguments) { row in
            let id = row.int(0)
            var letter = QueuedLetter(id: id, messageID: row.string(1), template: row.string(2), request: row.text(3),
                                      subject: row.string(4), variables: row.string(5), inReplyTo: row.text(6),
                                      recipients: dueRecipients[id] ?? [], attachments: attachments[id] ?? [])
            letter.created = row.string(7)
            letter.allRecipients = everyone[id] ?? []
            return letter
        }
    }

    /// Marks the queued recipients of a letter `sent` (delivered to the relay or the Outbox maildir).
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func markSent(letter id: Int64, reply: String, now: Date) throws {
        try db.cachedStatement(sql: """
            UPDATE letter_recipient SET state = 'sent', attempts = attempts + 1, last_reply = ? WHERE letter = ? AND state = 'queued'
            """).execute(arguments: [reply, id])
    }

    /// Records one recipient's outcome: `sent`, `failed` (with the reply), or still `queued`
    /// with the next attempt time (a transient failure).
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func markRecipient(letter id: Int64, address: String, state: String, reply: String, nextAttempt: Date?) throws {
        try run("""
            UPDATE letter_recipient SET state = ?, attempts = attempts + 1, last_reply = ?, next_attempt = ?
            WHERE letter = ? AND address = ?
            """, [state, reply, nextAttempt.map { RegistryTransaction.utc($0) }, id, address])
    }

    /// The attempts made so far for one recipient.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func attempts(letter id: Int64, address: String) throws -> Int {
        try Int.fetchOne(try db.cachedStatement(sql: "SELECT attempts FROM letter_recipient WHERE letter = ? AND address = ?"), arguments: [id, address]) ?? 0
    }

    /// Every letter's recipients with their states, for `iddesk outbox`.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func recipientStates(letter id: Int64) throws -> [(address: String, state: String)] {
        try Row.fetchAll(try db.cachedStatement(sql: "SELECT address, state FROM letter_recipient WHERE letter = ? ORDER BY rowid"), arguments: [id])
            .map { ($0["address"], $0["state"]) }
    }
}

extension RegistryTransaction {
    /// The letter the desk issued under `messageID` (with angle brackets): its row id, request
    /// and every recipient address; nil when the desk issued no such letter.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func letter(messageID: String) throws -> (id: Int64, request: String?, recipients: [String])? {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT id, request FROM letter WHERE message_id = ?"), arguments: [messageID]) else { return nil }
        let id: Int64 = row["id"]
        let recipients = try String.fetchAll(try db.cachedStatement(sql: "SELECT address FROM letter_recipient WHERE letter = ? ORDER BY rowid"), arguments: [id])
        return (id, row["request"], recipients)
    }

    /// Marks one recipient `bounced` with what the DSN said (`workflow.md` §8); the attempt
    /// count is left as the sending made it.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func markBounced(letter id: Int64, address: String, report: String) throws {
        try db.execute(sql: "UPDATE letter_recipient SET state = 'bounced', last_reply = ?, next_attempt = NULL WHERE letter = ? AND address = ?",
                       arguments: [report, id, address])
    }
}

/// One recipient of a letter as `iddesk outbox` shows it (`cli.md`).
public struct RecipientDelivery: Sendable, Equatable {
    /// The address.
    public var address: String
    /// `queued`, `held`, `sent`, `failed` or `bounced`.
    public var state: String
    /// SMTP transactions tried.
    public var attempts: Int
    /// The server's last reply, or what the DSN said; nil before any attempt.
    public var lastReply: String?
}

extension RegistryTransaction {
    /// Each letter's recipients with attempts and last reply or DSN, by letter, in the order of
    /// `letterStates()`.
    ///
    /// - Throws: `DatabaseError` when SQLite fails (a constraint the schema enforces, a full disk, a lock held past the busy timeout).
    public func recipientDeliveries() throws -> [[RecipientDelivery]] {
        var byLetter: [Int64: [RecipientDelivery]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT letter, address, state, attempts, last_reply FROM letter_recipient ORDER BY rowid") {
            byLetter[row["letter"], default: []].append(RecipientDelivery(address: row["address"], state: row["state"],
                                                                          attempts: row["attempts"], lastReply: row["last_reply"]))
        }
        return try Int64.fetchAll(db, sql: "SELECT id FROM letter ORDER BY id").map { byLetter[$0] ?? [] }
    }
}
