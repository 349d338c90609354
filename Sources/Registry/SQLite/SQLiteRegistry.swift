import Foundation
import GRDB
import SQLiteShim

/// The registry in a SQLite file, through GRDB: WAL mode so that `iddesk roster` can read
/// while the desk writes, `synchronous = FULL` so that a committed transaction survives a
/// crash (a mail leaves `new/` only after its transaction is durable), foreign keys on, and a
/// busy timeout so that a second process waits instead of failing. The schema is migrated
/// when the file is opened.
public final class SQLiteRegistry: Sendable {
    /// The file's location.
    public let url: URL
    /// The GRDB connection pool (one writer, concurrent readers).
    public let pool: DatabasePool

    /// Sets SQLite's process-wide options; call it first thing in a process, before any
    /// connection opens (SQLite accepts them only before it initialises itself, and they must
    /// not change while another thread uses SQLite). It turns off SQLite's memory statistics:
    /// with them on, each of the thousands of allocations a mail's transaction makes inside
    /// SQLite takes a process-wide mutex (3% of the registry thread in `perf`). The desk never
    /// reads those statistics.
    ///
    /// - Returns: true when the options took effect, false when SQLite was already initialised
    ///   (nothing changes then: the registry works the same, a little slower).
    @discardableResult public static func configureLibrary() -> Bool {
        iddesk_sqlite_memstatus_off() == 0
    }

    /// Opens, or creates, the registry file at `url` and brings its schema up to date.
    ///
    /// - Parameter busyTimeout: seconds a writer waits for another process's lock.
    /// - Throws: `DatabaseError` when the file cannot be opened, is not a SQLite database, or
    ///   its schema cannot be migrated.
    public init(url: URL, busyTimeout: TimeInterval = 10) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            // Up to 64 MiB of pages in memory: a year's registry stays in the cache.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            // A group commit of 128 mails writes about 900 pages to the WAL: at SQLite's default
            // of 1,000 pages nearly every commit also ran a checkpoint. At 16,384 (64 MiB of
            // WAL) a page changed by several groups is copied back once.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
            // Each mail is a savepoint: SQLite copies every page the mail changes into a
            // sub-journal, kept in memory only up to 64 KiB and then in a temporary file.
            // `strace` counted 165,000 writes to those files in one pass of 1,000 allocation
            // mails. The sub-journal only undoes a savepoint (the WAL alone makes a commit
            // durable), and one mail's pages fit in memory easily.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        self.url = url
        do {
            self.pool = try DatabasePool(path: url.path, configuration: configuration)
            // GRDB sets `synchronous = NORMAL` on the writer after `prepareDatabase` when it turns
            // WAL on; NORMAL does not sync the WAL at each commit, so a power cut could lose a
            // committed mail's effects after the mail left new/. FULL syncs every commit.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            // A registry a newer iddesk has migrated holds tables and rules this one does not
            // know: writing to it could break them. It is refused, not used.
            if try pool.read({ db in try Migrations.migrator.hasBeenSuperseded(db) }) {
                throw RegistryError.cannotOpen(path: url.path, reason: "made by a newer iddesk (its schema has migrations this version does not know): run that version, or restore a backup")
            }
            try Migrations.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw RegistryError.cannotOpen(path: url.path, reason: RegistryError.reason(error))
        }
    }

    /// Opens the registry of a desk that `iddesk init` set up: unlike `init(url:)`, never
    /// creates one. A registry that has gone missing (moved, a wrong `[desk] registry` path)
    /// must stop the desk: a fresh empty one would number requests from REQ-…-000001 again
    /// and refuse every MDO it has forgotten.
    ///
    /// - Throws: `RegistryError.missing` when there is no file at `url`; otherwise as `init(url:)`.
    public static func existing(url: URL, busyTimeout: TimeInterval = 10) throws -> SQLiteRegistry {
        guard FileManager.default.fileExists(atPath: url.path) else { throw RegistryError.missing(path: url.path) }
        return try SQLiteRegistry(url: url, busyTimeout: busyTimeout)
    }

    /// The SQLite journal mode in force (`wal` for a registry opened here).
    ///
    /// - Throws: `DatabaseError` when the file cannot be read.
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// The writer's `PRAGMA synchronous` level: 2 (FULL) for a registry opened here.
    ///
    /// - Throws: `DatabaseError` when the file cannot be read.
    public func synchronousLevel() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Runs `body` in one write transaction: everything it does commits together, durably,
    /// or — when it throws — not at all.
    ///
    /// - Throws: whatever `body` throws, or `DatabaseError` from SQLite.
    public func write<T>(_ body: (RegistryTransaction) throws -> T) throws -> T {
        try pool.write { db in try body(RegistryTransaction(db: db)) }
    }

    /// Runs `body` on a read-only snapshot.
    ///
    /// - Throws: whatever `body` throws, or `DatabaseError` from SQLite.
    public func read<T>(_ body: (RegistryTransaction) throws -> T) throws -> T {
        try pool.read { db in try body(RegistryTransaction(db: db)) }
    }

    /// Checks the audit chain (`workflow.md` §7): each entry's hash against its content and
    /// its predecessor's hash; with `head`, also that the chain still reaches that hash (an
    /// earlier head taken from `audit head` or the daily summary).
    ///
    /// - Throws: `DatabaseError` when the log cannot be read.
    public func verifyAudit(head: String? = nil) throws -> AuditVerification {
        try pool.read { db in
            let entries = try RegistryTransaction(db: db).auditEntries()
            var previous = AuditEntry.genesis
            var seenHead = head == nil
            for (index, entry) in entries.enumerated() {
                if entry.seq != index + 1 {
                    return .broken(seq: entry.seq, reason: "entry \(index + 1) is missing (found \(entry.seq) in its place)")
                }
                if entry.previous != previous {
                    return .broken(seq: entry.seq, reason: "it does not follow the entry before it (previous hash differs)")
                }
                if entry.hash != entry.expectedHash {
                    return .broken(seq: entry.seq, reason: "its content was changed after it was written (hash differs)")
                }
                if entry.hash == head { seenHead = true }
                previous = entry.hash
            }
            if let head, !seenHead {
                return .broken(seq: entries.count + 1, reason: "the chain no longer reaches the head \(head) taken earlier (entries were cut off or the chain rewritten)")
            }
            return .intact(count: entries.count, head: previous)
        }
    }
}

/// What stops the desk before it opens its registry.
public enum RegistryError: Error, Equatable, CustomStringConvertible {
    /// No registry file at the configured path.
    case missing(path: String)
    /// The file is there but SQLite cannot open it as the registry: the cause in words.
    case cannotOpen(path: String, reason: String)

    /// One line naming the path and what to do.
    public var description: String {
        switch self {
        case .missing(let path):
            return "registry \(path): no such file (iddesk init writes it; check [desk] registry in iddesk.toml)"
        case .cannotOpen(let path, let reason):
            return "registry \(path): \(reason)"
        }
    }

    /// SQLite's result code said as an operator would look for it.
    static func reason(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_READONLY: return "read-only (the desk's user must be able to write it and its folder)"
        case .SQLITE_NOTADB: return "not a SQLite database"
        case .SQLITE_BUSY, .SQLITE_LOCKED: return "locked by another process (another iddesk, or a sqlite3 shell holding a transaction)"
        case .SQLITE_CANTOPEN: return "cannot be opened (check the permissions of the file and its folder)"
        case .SQLITE_CORRUPT: return "damaged (restore it from a backup; see docs/operators.md)"
        case .SQLITE_FULL: return "the disk is full"
        default: return "\(error.message ?? "SQLite error \(error.resultCode.rawValue)")"
        }
    }
}

extension RegistryError {
    /// True when `error` says the registry itself cannot go on: a full or read-only disk, an
    /// I/O error, a lock held elsewhere, damage, no memory, or SQL the schema does not know.
    /// A pass stops there and its mail waits in `new/` for the next one (workflow.md §6).
    /// Any other error from one mail's handling (a constraint a rule broke, a value SQLite
    /// refuses, an error that is not SQLite's) belongs to that mail alone.
    public static func isRegistryWide(_ error: Error) -> Bool {
        if error is RegistryError { return true }
        guard let error = error as? DatabaseError else { return false }
        switch error.resultCode.primaryResultCode {
        case .SQLITE_CONSTRAINT, .SQLITE_MISMATCH, .SQLITE_RANGE, .SQLITE_TOOBIG: return false
        default: return true
        }
    }
}
