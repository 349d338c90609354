import Foundation
import GRDB

/// The registry's SQLite file, opened through GRDB in WAL mode so that `iddesk roster` can
/// read while the desk writes, with foreign keys on and a busy timeout so that a second
/// process waits instead of failing.
///
/// The schema's migrations arrive with the registry issue; until then opening the file
/// creates an empty, valid SQLite database in WAL mode.
public final class SQLiteRegistry: Sendable {
    /// The file's location.
    public let url: URL
    /// The GRDB connection pool (one writer, concurrent readers).
    public let pool: DatabasePool

    /// Opens, or creates, the registry file at `url`.
    ///
    /// - Parameter busyTimeout: seconds a writer waits for another process's lock.
    /// - Throws: `DatabaseError` when the file cannot be opened or is not a SQLite database.
    public init(url: URL, busyTimeout: TimeInterval = 10) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        self.url = url
        self.pool = try DatabasePool(path: url.path, configuration: configuration)
    }

    /// The SQLite journal mode in force (`wal` for a registry opened here).
    ///
    /// - Throws: `DatabaseError` when the file cannot be read.
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}
