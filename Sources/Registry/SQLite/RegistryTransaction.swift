import Domain
import Foundation
import GRDB

/// The registry's operations inside one transaction (see `SQLiteRegistry.write`). The
/// protocol a PostgreSQL store would follow is the set of these methods.
public struct RegistryTransaction {
    let db: Database
    /// What this transaction has learnt and may reuse: the audit chain's head, read once and
    /// then carried forward by each entry appended (a group commit appends hundreds), and the
    /// officers of record of the MDOs looked up (three times for each request).
    let known = Known()

    final class Known {
        /// The last audit entry's hash and sequence number, once read or written.
        var auditHead: (hash: String, count: Int)?
        /// The officers of record by MDO code, as `officersOfRecord` returns them.
        var officers: [String: [String: Officer]] = [:]
        /// The SQL of the batch statements, by their table, width and row count: built once
        /// per transaction rather than once per sheet (see `batches`).
        var batchSQL: [BatchKey: String] = [:]
        /// The id the next queued letter gets, once read (see `queueLetters`).
        var nextLetterID: Int64?
    }

    /// What names a batch statement's SQL: its leading text, tuple width and number of tuples.
    struct BatchKey: Hashable {
        var head: String
        var width: Int
        var count: Int
    }

    init(db: Database) {
        self.db = db
    }

    /// Runs `body` in a savepoint: when it throws, only its changes are undone and the
    /// enclosing transaction goes on (one mail of a group commit).
    ///
    /// - Throws: whatever `body` throws, after rolling back to the savepoint; `DatabaseError`
    ///   when SQLite cannot take, roll back to, or release the savepoint.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        let result: T
        let (head, officers) = (known.auditHead, known.officers)
        // Savepoint statements from the connection's cache: GRDB's `inSavepoint` prepared
        // "SAVEPOINT" and "RELEASE" afresh for every mail (2% of a group of allocation mails).
        try db.cachedStatement(sql: "SAVEPOINT mail").execute()
        do {
            result = try body()
        } catch {
            // Everything written inside is undone; the enclosing transaction goes on.
            do {
                try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT mail").execute()
                try db.cachedStatement(sql: "RELEASE SAVEPOINT mail").execute()
            } catch let undoing {
                // SQLite ended the whole transaction (a full disk, an I/O error): the mail's
                // changes cannot be undone alone, so the group must fail, with its cause.
                throw RegistryError.isRegistryWide(error) ? error : undoing
            }
            (known.auditHead, known.officers) = (head, officers)
            throw error
        }
        try db.cachedStatement(sql: "RELEASE SAVEPOINT mail").execute()
        return result
    }

    // MARK: Audit (workflow.md §7)

    /// Appends an entry to the audit chain and returns it.
    ///
    /// - Throws: `DatabaseError` from SQLite.
    @discardableResult public func appendAudit(at: Date, actor: String, command: String, request: String?, messageID: String?,
                            change: String) throws -> AuditEntry {
        try appendAudits(at: at, actor: actor, command: command, request: request, messageID: messageID, changes: [change])[0]
    }

    /// Every audit entry, in order.
    ///
    /// - Throws: `DatabaseError` from SQLite.
    public func auditEntries() throws -> [AuditEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY seq").map { row in
            AuditEntry(seq: row["seq"], at: row["at"], actor: row["actor"], command: row["command"], request: row["request"],
                       messageID: row["message_id"], change: row["change"], previous: row["previous"], hash: row["hash"])
        }
    }

    /// The last entry's hash and the number of entries.
    ///
    /// - Throws: `DatabaseError` from SQLite.
    public func auditHead() throws -> (hash: String, count: Int) {
        let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT hash, seq FROM audit ORDER BY seq DESC LIMIT 1"))
        return (row?[0] ?? AuditEntry.genesis, row?[1] ?? 0)
    }

    // MARK: Processed mail (workflow.md §6)

    /// The record with `key`, or nil.
    ///
    /// - Throws: `DatabaseError` from SQLite.
    public func processedMail(key: String) throws -> ProcessedMail? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM processed_mail WHERE key = ?"), arguments: [key]).map(RegistryTransaction.processed)
    }

    /// The most recent record of a mail that had file name `file` in `new/`, or nil.
    ///
    /// - Throws: `DatabaseError` from SQLite.
    public func processedMail(file: String) throws -> ProcessedMail? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM processed_mail WHERE file = ? ORDER BY processed DESC LIMIT 1"),
                         arguments: [file]).map(RegistryTransaction.processed)
    }

    /// Records that a mail was handled.
    ///
    /// - Throws: `DatabaseError` (a UNIQUE violation when its key is already recorded).
    public func recordProcessed(_ p: ProcessedMail) throws {
        try db.cachedStatement(sql: """
            INSERT INTO processed_mail (key, message_id, sender, content_hash, file, destination, reason, request, processed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [p.key, p.messageID, p.sender, p.contentHash, p.file, p.destination, p.reason, p.request, p.processed])
    }

    /// Forgets the record of `file` (for `iddesk reprocess`); returns whether one existed.
    ///
    /// - Throws: `DatabaseError` from SQLite.
    @discardableResult public func forgetProcessed(file: String) throws -> Bool {
        try db.cachedStatement(sql: "DELETE FROM processed_mail WHERE file = ?").execute(arguments: [file])
        return db.changesCount > 0
    }

    static func processed(_ row: Row) -> ProcessedMail {
        ProcessedMail(key: row["key"], messageID: row["message_id"], sender: row["sender"], contentHash: row["content_hash"],
                      file: row["file"], destination: row["destination"], reason: row["reason"], request: row["request"],
                      processed: row["processed"])
    }

    // MARK: Request numbers (requests.md §1)

    /// The next request number of `year` (never reused; the counter lives in the same
    /// transaction, so a rolled-back mail leaves a gap at most).
    ///
    /// - Throws: `DatabaseError` from SQLite.
    public func nextRequestNumber(year: Int) throws -> RequestNumber {
        let name = "request-\(year)"
        let current = try Int.fetchOne(try db.cachedStatement(sql: "SELECT value FROM counter WHERE name = ?"), arguments: [name]) ?? 0
        let next = current + 1
        try db.cachedStatement(sql: "INSERT INTO counter (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value").execute(arguments: [name, next])
        guard let number = RequestNumber(year: year, sequence: next) else {
            throw DatabaseError(resultCode: .SQLITE_FULL, message: "request numbers of \(year) are used up")
        }
        return number
    }

    /// `date` as ISO 8601 UTC with `Z`, to the second (`2026-11-24T04:45:00Z`), for years 1900 to 9999 (`CalendarDay`'s). Computed by
    /// arithmetic: it is called for every record, and a formatter per call costs more than
    /// the rest of the record.
    public static func utc(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = CalendarDay.days(holdingSecond: seconds)
        let secondOfDay = seconds - days * 86_400
        let civil = CalendarDay(daysSinceEpoch: days)
        // Written as bytes: a mail's writes stamp a dozen rows, each through here.
        var bytes = [UInt8](repeating: 0, count: 20)
        func put(_ n: Int, at end: Int, width: Int) {
            var n = n
            for i in stride(from: end - 1, through: end - width, by: -1) { bytes[i] = UInt8(0x30 + n % 10); n /= 10 }
        }
        put(civil.year, at: 4, width: 4); bytes[4] = 0x2D
        put(civil.month, at: 7, width: 2); bytes[7] = 0x2D
        put(civil.day, at: 10, width: 2); bytes[10] = 0x54
        put(secondOfDay / 3600, at: 13, width: 2); bytes[13] = 0x3A
        put(secondOfDay % 3600 / 60, at: 16, width: 2); bytes[16] = 0x3A
        put(secondOfDay % 60, at: 19, width: 2); bytes[19] = 0x5A
        return String(decoding: bytes, as: UTF8.self)
    }
}
