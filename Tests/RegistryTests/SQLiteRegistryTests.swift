import Foundation
import Registry
import Testing

@Suite("SQLite registry file")
struct SQLiteRegistryTests {
    @Test("the writer syncs every commit (synchronous = FULL), not GRDB's WAL default of NORMAL")
    func syncsEveryCommit() throws {
        let t = try TemporaryRegistry()
        #expect(try t.registry.synchronousLevel() == 2)
        // Opened again (the migrations already done), the same.
        #expect(try SQLiteRegistry(url: t.registry.url).synchronousLevel() == 2)
    }

    @Test("opening a new path creates a SQLite database in WAL mode")
    func createsWALDatabase() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-reg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("iddesk.sqlite")
        let registry = try SQLiteRegistry(url: url)
        #expect(try registry.journalMode() == "wal")
        let header = try Data(contentsOf: url).prefix(16)
        #expect(String(decoding: header, as: UTF8.self) == "SQLite format 3\0")
    }

    @Test("a file that is not SQLite is refused with an error")
    func refusesNonSQLite() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-notsqlite-\(UUID().uuidString)")
        try Data(repeating: 0x41, count: 4096).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: (any Error).self) {
            let registry = try SQLiteRegistry(url: url)
            _ = try registry.journalMode()
        }
    }
}
