import GRDB
import GRDBSQLite

// The registry's hot statements (the batch inserts and updates of a sheet, its letters, the
// look-ups a sheet makes per row, the outbox's queue and outcomes) bind their values, step and
// read their rows through SQLite's C interface on GRDB's own cached statement and connection.
// A profile of the allocation pass put GRDB's glue around each statement (arguments built as
// an array of `DatabaseValue` through generic code, validated, bound, the statement's will/did
// execute hooks, rows copied and decoded by column name) at about a fifth of the writer
// thread's time, more than the rules; SQLite's own work was a third. Only what GRDB does for
// features the desk does not use (transaction observers, tracing) is skipped: the connection
// pool, transactions, savepoints, migrations, the statement cache and every other statement
// stay GRDB's, and errors are GRDB's `DatabaseError`, as before.

/// SQLite's "copy the value now" destructor for bound text (sqlite.org/c3ref/c_static.html).
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

extension RegistryTransaction {
    /// Runs the cached statement of `sql` with `values` bound to its parameters in order, and
    /// calls `row` with the statement at each result row (`RETURNING`).
    ///
    /// Text is bound up to its first NUL, as GRDB binds it (the desk's text has none: mail
    /// text and audit fields are cleaned when read).
    ///
    /// - Throws: `DatabaseError` with SQLite's extended result code and message when a value
    ///   cannot be bound or a step fails (a constraint the schema enforces, a full disk).
    func run(_ sql: String, _ values: [(any DatabaseValueConvertible)?], row: (SQLiteStatement) throws -> Void = { _ in }) throws {
        let statement = try db.cachedStatement(sql: sql)
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        // Reset again on the way out, so that the statement holds no read or write cursor.
        defer { sqlite3_reset(handle) }
        // As GRDB checks: a parameter left unbound would keep its value from the last run.
        guard values.count == Int(sqlite3_bind_parameter_count(handle)) else {
            throw DatabaseError(resultCode: .SQLITE_RANGE, message: "\(values.count) values for \(sqlite3_bind_parameter_count(handle)) parameters", sql: sql)
        }
        for (n, value) in values.enumerated() {
            let index = Int32(n + 1)
            let code: Int32
            switch value?.databaseValue.storage ?? .null {
            case .null: code = sqlite3_bind_null(handle, index)
            case .int64(let i): code = sqlite3_bind_int64(handle, index, i)
            case .double(let d): code = sqlite3_bind_double(handle, index, d)
            case .string(let s): code = sqlite3_bind_text(handle, index, s, -1, transient)
            case .blob(let data):
                code = data.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient) }
            }
            guard code == SQLITE_OK else { throw failure(code, sql) }
        }
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_DONE: return
            case SQLITE_ROW: try row(handle)
            case let code: throw failure(code, sql)
            }
        }
    }

    /// The error of a failed call: SQLite's code and its message for the connection.
    private func failure(_ code: Int32, _ sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
    }

    /// The rows of `sql` with `values` bound, each made by `decode` (rows it gives nil for are
    /// left out): the look-ups a sheet makes per row read this way, not through GRDB's `Row`.
    ///
    /// - Throws: `DatabaseError`, as `run`.
    func query<T>(_ sql: String, _ values: [(any DatabaseValueConvertible)?], _ decode: (ResultRow) -> T?) throws -> [T] {
        var out: [T] = []
        try run(sql, values) { handle in
            if let value = decode(ResultRow(handle: handle)) { out.append(value) }
        }
        return out
    }
}

/// The current result row of a statement that `RegistryTransaction.query` steps: its columns
/// read by position (0-based), valid only inside the `decode` call.
struct ResultRow {
    let handle: SQLiteStatement

    /// The column's text, or nil when it is NULL.
    func text(_ index: Int32) -> String? {
        guard let bytes = sqlite3_column_text(handle, index) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
    }

    /// The column's text, or "" when it is NULL (a NOT NULL column).
    func string(_ index: Int32) -> String { text(index) ?? "" }

    /// The column's bytes (a BLOB), empty when NULL.
    func bytes(_ index: Int32) -> [UInt8] {
        guard let start = sqlite3_column_blob(handle, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, index))))
    }

    /// The column's integer (0 when NULL).
    func int(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// The column's integer as a truth value (0 is false).
    func bool(_ index: Int32) -> Bool { int(index) != 0 }
}
