import Domain
import Foundation
import GRDB
import Registry
import Testing

/// A registry in a fresh SQLite file, removed at the end.
final class TemporaryRegistry {
    let directory: URL
    let registry: SQLiteRegistry
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        registry = try SQLiteRegistry(url: directory.appendingPathComponent("iddesk.sqlite"))
    }
    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Records MDO `dopt`, active, with each of `addresses` as a created generic ID on nic.in.
    func addDoPT(ids addresses: [String], now: Date = Date(timeIntervalSince1970: 1_795_495_500)) throws {
        try registry.write { tx in
            try tx.saveMDO(MDORecord(code: MDOCode("dopt")!, name: "DoPT", ministry: nil, state: .active), now: now)
            for address in addresses {
                try tx.insertGenericID(GenericIDRecord(id: try GenericID.parse(address, domain: "nic.in").get(), state: .created, request: nil))
            }
        }
    }

    func fill(_ count: Int) throws {
        for i in 1...count {
            _ = try registry.write { tx in
                try tx.appendAudit(at: Date(timeIntervalSince1970: 1_795_495_500 + Double(i)), actor: "a.kumar@nic.in",
                                   command: "nomination", request: "REQ-2026-00000\(i)", messageID: "<m\(i)@nic.in>",
                                   change: "entry \(i)")
            }
        }
    }
}

@Suite("Audit chain (workflow.md §7) on a real SQLite file")
struct AuditChainTests {
    struct MailRefused: Error {}

    @Test("entries appended in a savepoint that is rolled back leave no gap: the next entry follows the last one kept")
    func rolledBackSavepoint() throws {
        let t = try TemporaryRegistry()
        try t.fill(2)
        let at = Date(timeIntervalSince1970: 1_795_496_000)
        try t.registry.write { tx in
            try tx.appendAudit(at: at, actor: "a", command: "filed", request: nil, messageID: nil, change: "kept 3")
            #expect(throws: MailRefused.self) {
                try tx.savepoint {
                    try tx.appendAudit(at: at, actor: "b", command: "filed", request: nil, messageID: nil, change: "rolled back")
                    try tx.appendAudit(at: at, actor: "b", command: "filed", request: nil, messageID: nil, change: "rolled back too")
                    throw MailRefused()
                }
            }
            _ = try tx.savepoint {
                try tx.appendAudit(at: at, actor: "c", command: "filed", request: nil, messageID: nil, change: "kept 4")
            }
        }
        let entries = try t.registry.read { try $0.auditEntries() }
        #expect(entries.map(\.change) == ["entry 1", "entry 2", "kept 3", "kept 4"])
        guard case .intact(4, _) = try t.registry.verifyAudit() else { Issue.record("chain broken"); return }
    }

    @Test("an untouched chain verifies, and reaches its own head")
    func intact() throws {
        let t = try TemporaryRegistry()
        try t.fill(5)
        let head = try t.registry.read { try $0.auditHead() }
        #expect(head.count == 5)
        #expect(try t.registry.verifyAudit() == .intact(count: 5, head: head.hash))
        #expect(try t.registry.verifyAudit(head: head.hash) == .intact(count: 5, head: head.hash))
        let entries = try t.registry.read { try $0.auditEntries() }
        #expect(entries.first?.previous == AuditEntry.genesis)
        #expect(zip(entries, entries.dropFirst()).allSatisfy { $0.hash == $1.previous })
    }

    @Test("an edited entry is caught by verify")
    func edited() throws {
        let t = try TemporaryRegistry()
        try t.fill(5)
        try t.registry.pool.write { db in try db.execute(sql: "UPDATE audit SET change = 'entry 3, edited' WHERE seq = 3") }
        #expect(try t.registry.verifyAudit() == .broken(seq: 3, reason: "its content was changed after it was written (hash differs)"))
    }

    @Test("a deleted last entry passes verify but not verify --head")
    func deletedTail() throws {
        let t = try TemporaryRegistry()
        try t.fill(5)
        let head = try t.registry.read { try $0.auditHead() }.hash
        try t.registry.pool.write { db in try db.execute(sql: "DELETE FROM audit WHERE seq = 5") }
        guard case .intact(4, _) = try t.registry.verifyAudit() else { Issue.record("a cut tail is a valid shorter chain"); return }
        guard case .broken(_, let reason) = try t.registry.verifyAudit(head: head) else { Issue.record("verify --head missed it"); return }
        #expect(reason.contains("no longer reaches the head"))
    }

    @Test("a deleted middle entry is caught by verify")
    func deletedMiddle() throws {
        let t = try TemporaryRegistry()
        try t.fill(5)
        try t.registry.pool.write { db in try db.execute(sql: "DELETE FROM audit WHERE seq = 2") }
        guard case .broken(let seq, _) = try t.registry.verifyAudit() else { Issue.record("missed"); return }
        #expect(seq == 3)
    }

    @Test("a whole rewritten chain passes verify but not verify --head")
    func rewritten() throws {
        let t = try TemporaryRegistry()
        try t.fill(4)
        let head = try t.registry.read { try $0.auditHead() }.hash
        // Rewrite every entry consistently, as someone with write access to the file could.
        let entries = try t.registry.read { try $0.auditEntries() }
        try t.registry.pool.write { db in
            try db.execute(sql: "DELETE FROM audit")
            var previous = AuditEntry.genesis
            for var e in entries {
                e.change = e.change + " (rewritten)"
                e.previous = previous
                e.hash = e.expectedHash
                previous = e.hash
                try db.execute(sql: "INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [e.seq, e.at, e.actor, e.command, e.request, e.messageID, e.change, e.previous, e.hash])
            }
        }
        guard case .intact(4, let newHead) = try t.registry.verifyAudit() else { Issue.record("a consistent rewrite verifies alone"); return }
        #expect(newHead != head)
        guard case .broken = try t.registry.verifyAudit(head: head) else { Issue.record("verify --head missed the rewrite"); return }
    }
}

@Suite("Registry records")
struct RegistryRecordTests {
    @Test("request numbers count per year and survive reopening; a rolled-back transaction leaves no number used twice")
    func requestNumbers() throws {
        let t = try TemporaryRegistry()
        #expect(try t.registry.write { try $0.nextRequestNumber(year: 2026) }.description == "REQ-2026-000001")
        #expect(try t.registry.write { try $0.nextRequestNumber(year: 2026) }.description == "REQ-2026-000002")
        #expect(try t.registry.write { try $0.nextRequestNumber(year: 2027) }.description == "REQ-2027-000001")
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try t.registry.write { tx -> Void in
                _ = try tx.nextRequestNumber(year: 2026)
                throw Abort()
            }
        }
        let reopened = try SQLiteRegistry(url: t.registry.url)
        #expect(try reopened.write { try $0.nextRequestNumber(year: 2026) }.description == "REQ-2026-000003")
    }

    @Test("processed records: found by key and by file, unique per key, forgotten on reprocess")
    func processed() throws {
        let t = try TemporaryRegistry()
        let record = ProcessedMail(key: "id:<a@nic.in>|a@nic.in", messageID: "<a@nic.in>", sender: "a@nic.in", contentHash: "abc",
                                   file: "1795495500.M1P1.host", destination: "Refused", reason: "not understood",
                                   request: nil, processed: "2026-11-24T04:45:00Z")
        try t.registry.write { try $0.recordProcessed(record) }
        #expect(try t.registry.read { try $0.processedMail(key: record.key) } == record)
        #expect(try t.registry.read { try $0.processedMail(file: record.file) } == record)
        #expect(throws: DatabaseError.self) { try t.registry.write { try $0.recordProcessed(record) } }
        #expect(try t.registry.write { try $0.forgetProcessed(file: record.file) })
        #expect(try t.registry.read { try $0.processedMail(key: record.key) } == nil)
    }

    @Test("the schema refuses illegal states: two open allocations of one ID, a state outside the list")
    func constraints() throws {
        let t = try TemporaryRegistry()
        try t.registry.pool.write { db in
            try db.execute(sql: "INSERT INTO mdo VALUES ('dopt', 'DoPT', NULL, 'active', '2026-11-24T04:45:00Z')")
            try db.execute(sql: "INSERT INTO generic_id (address, mdo, slot, state, request) VALUES ('igotdoptcc1@nic.in', 'dopt', 'cc1', 'created', NULL)")
            try db.execute(sql: "INSERT INTO allocation (generic_id, name, designation, email, from_date) VALUES ('igotdoptcc1@nic.in', 'A', 'B', 'a@nic.in', '2026-11-24')")
        }
        #expect(throws: DatabaseError.self) {
            try t.registry.pool.write { db in
                try db.execute(sql: "INSERT INTO allocation (generic_id, name, designation, email, from_date) VALUES ('igotdoptcc1@nic.in', 'C', 'D', 'c@nic.in', '2026-11-25')")
            }
        }
        #expect(throws: DatabaseError.self) {
            try t.registry.pool.write { db in try db.execute(sql: "UPDATE generic_id SET state = 'lost'") }
        }
        #expect(throws: DatabaseError.self) {
            try t.registry.pool.write { db in try db.execute(sql: "INSERT INTO mdo VALUES ('dopt', 'Again', NULL, 'active', 'x')") }
        }
    }
}
