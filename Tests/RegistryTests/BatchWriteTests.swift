import Domain
import Foundation
@testable import Registry
import Testing

@Suite("Writes of a whole sheet in batches, in a real SQLite file")
struct BatchWriteTests {
    static let now = Date(timeIntervalSince1970: 1_795_495_500)
    // More than one multi-row statement's worth (16 rows each).
    static let addresses = (1...21).map { "igotdoptcc\($0)@nic.in" }

    @Test("20 letters queued at once keep their order, their recipients (a Cc already in To dropped, whatever the case) and held states")
    func letters() throws {
        let t = try TemporaryRegistry()
        let letters = (0..<20).map { n in
            NewLetter(template: "reset-notice", request: nil, subject: "Letter \(n)", variables: "{\"n\":\(n)}",
                      to: ["Officer\(n)@NIC.in"], cc: ["nodal@nic.in", "officer\(n)@nic.in"], inReplyTo: nil,
                      messageID: "<\(19 - n).batch@dopt.gov.in>", held: n == 7)
        }
        let ids = try t.registry.write { try $0.queueLetters(letters, now: Self.now) }
        #expect(ids.count == 20)
        #expect(ids == ids.sorted() && Set(ids).count == 20)
        let stored = try t.registry.read { try $0.letterStates() }
        #expect(stored.map(\.subject) == (0..<20).map { "Letter \($0)" })
        #expect(stored[3].to == ["officer3@nic.in"])
        #expect(stored[3].cc == ["nodal@nic.in"])
        #expect(stored[3].states == ["officer3@nic.in": "queued", "nodal@nic.in": "queued"])
        #expect(stored[7].states == ["officer7@nic.in": "held", "nodal@nic.in": "held"])
        #expect(try t.registry.read { try $0.letterVariables(template: "reset-notice") }.last == "{\"n\":19}")
    }

    @Test("letter ids are new in every batch and transaction, after a mail's savepoint rolled back, and never an id given before (AUTOINCREMENT), even one whose letter is gone")
    func letterIDs() throws {
        let t = try TemporaryRegistry()
        func letters(_ tag: String, _ count: Int) -> [NewLetter] {
            (0..<count).map { NewLetter(template: "reset-notice", request: nil, subject: "\(tag) \($0)", variables: "{}", to: ["a@nic.in"], cc: [],
                                        inReplyTo: nil, messageID: "<\(tag).\($0)@dopt.gov.in>") }
        }
        struct Undone: Error {}
        let (first, second, third) = try t.registry.write { tx -> ([Int64], [Int64], [Int64]) in
            let first = try tx.queueLetters(letters("a", 3), now: Self.now)
            _ = try? tx.savepoint { () throws -> Void in
                _ = try tx.queueLetters(letters("undone", 2), now: Self.now)
                throw Undone()
            }
            let second = try tx.queueLetters(letters("b", 2), now: Self.now)
            return (first, second, try tx.queueLetters(letters("c", 1), now: Self.now))
        }
        #expect(first == [1, 2, 3])
        #expect(second.allSatisfy { $0 > 3 } && third.allSatisfy { $0 > second.max()! })
        // The newest letter deleted: its id is not given again.
        let newest = third[0]
        try t.registry.write { tx in
            try tx.run("DELETE FROM letter_recipient WHERE letter = ?", [newest])
            try tx.run("DELETE FROM letter WHERE id = ?", [newest])
        }
        let later = try t.registry.write { try $0.queueLetters(letters("d", 2), now: Self.now) }
        #expect(later == [newest + 1, newest + 2])
        let stored = try t.registry.read { try $0.letterStates() }
        #expect(stored.map(\.subject) == ["a 0", "a 1", "a 2", "b 0", "b 1", "d 0", "d 1"])
    }

    @Test("a Message-ID queued twice in one batch fails the whole batch, and nothing of it is kept")
    func duplicateMessageID() throws {
        let t = try TemporaryRegistry()
        let letter = NewLetter(template: "reset-notice", request: nil, subject: "Twice", variables: "{}", to: ["a@nic.in"], cc: [],
                               inReplyTo: nil, messageID: "<same@dopt.gov.in>")
        // The error is SQLite's own, with its message: these writes bind and step through
        // SQLite's C interface, not through GRDB's `execute`.
        let error = #expect(throws: (any Error).self) {
            try t.registry.write { try $0.queueLetters([letter, letter], now: Self.now) }
        }
        #expect(String(describing: error).contains("UNIQUE constraint failed: letter.message_id"))
        #expect(try t.registry.read { try $0.letterStates() }.isEmpty)
    }

    @Test("a statement given fewer or more values than it has parameters is refused, never run with the last run's values")
    func parameterCount() throws {
        let t = try TemporaryRegistry()
        for values: [String] in [["a"], ["a", "b", "c"]] {
            let error = #expect(throws: (any Error).self) {
                try t.registry.write { try $0.run("INSERT INTO counter (name, value) VALUES (?, ?)", values) }
            }
            #expect(String(describing: error).contains("\(values.count) values for 2 parameters"))
        }
        try t.registry.write { try $0.run("INSERT INTO counter (name, value) VALUES (?, ?)", ["n", 1]) }
        #expect(try t.registry.read { tx in try tx.query("SELECT value FROM counter WHERE name = ?", ["n"]) { $0.int(0) } } == [1])
    }

    @Test("times are stamped as UTC with Z, to the second, the year in four digits")
    func utcStamps() {
        #expect(RegistryTransaction.utc(Self.now) == "2026-11-24T04:45:00Z")
        #expect(RegistryTransaction.utc(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(RegistryTransaction.utc(Date(timeIntervalSince1970: 951_868_799.9)) == "2000-02-29T23:59:59Z")
        #expect(RegistryTransaction.utc(Date(timeIntervalSince1970: 253_402_300_799)) == "9999-12-31T23:59:59Z")
        #expect(RegistryTransaction.utc(Date(timeIntervalSince1970: -2_208_988_800)) == "1900-01-01T00:00:00Z")
    }

    @Test("a sheet's IDs are read with their MDO and slot; an ID stored under another domain is not one of this desk's")
    func idsByDomain() throws {
        let t = try TemporaryRegistry()
        let addresses = ["igotdoptnodal@nic.in", "igotdoptcp@nic.in", "igotdoptcp2@nic.in", "igotdoptcr12@nic.in"]
        try t.addDoPT(ids: addresses, now: Self.now)
        let found = try t.registry.read { try $0.genericIDs(addresses.map { $0.uppercased() }, domain: "NIC.in") }
        #expect(Set(found.keys) == Set(addresses))
        #expect(found["igotdoptcp@nic.in"]?.id.slot == .publisher(1))
        #expect(found["igotdoptcp2@nic.in"]?.id.slot == .publisher(2))
        #expect(found["igotdoptcr12@nic.in"]?.id.slot == .reviewer(12))
        #expect(found["igotdoptnodal@nic.in"]?.id.mdo == MDOCode("dopt"))
        #expect(found.values.allSatisfy { $0.state == .created })
        #expect(try t.registry.read { try $0.genericIDs(addresses, domain: "gov.in") }.isEmpty)
        #expect(try t.registry.read { try $0.genericID("igotdoptcp2@nic.in", domain: "gov.in") } == nil)
        #expect(try t.registry.read { try $0.genericID("igotdoptcp2@nic.in", domain: "nic.in") }?.id.address == "igotdoptcp2@nic.in")
    }

    @Test("only replies to a sender are in the index that counts them, and the count uses it")
    func repliesIndex() throws {
        let t = try TemporaryRegistry()
        let sql = try t.registry.read { try $0.schemaSQL(of: "letter_by_answers") }
        #expect(sql?.contains("WHERE answers IS NOT NULL") == true)
        let plan = try t.registry.read { try $0.queryPlanOfRepliesSent() }
        #expect(plan.contains("letter_by_answers"))
    }

    @Test("allocations, ID states and tickets opened for 21 IDs at once; tickets closed at once")
    func allocationSheet() throws {
        let t = try TemporaryRegistry()
        let holders = Self.addresses.enumerated().map { n, address in
            (address, Officer(name: "Officer \(n)", designation: "Section Officer", email: EmailAddress("officer\(n)@nic.in")!, mobile: nil))
        }
        try t.addDoPT(ids: Self.addresses, now: Self.now)
        let request = try t.registry.write { tx -> RequestNumber in
            let number = try tx.nextRequestNumber(year: 2026)
            try tx.insertRequest(RequestRecord(number: number, type: "allocation", state: .pending, mdo: MDOCode("dopt")!,
                                               sender: "nodal@nic.in", messageID: nil, received: "2026-11-24T06:30:00Z", note: nil), command: nil)
            try tx.openAllocations(holders: holders, from: "2026-11-24", request: number)
            try tx.setGenericIDStates(Self.addresses, .resetPending)
            try tx.openTickets(request: number, ids: Self.addresses, notBefore: nil, lateReport: false, exposed: false, now: Self.now)
            return number
        }
        let open = try t.registry.read { try $0.openAllocations(Self.addresses) }
        #expect(open.count == 21)
        #expect(open["igotdoptcc21@nic.in"]?.holder.email.description == "officer20@nic.in")
        #expect(open["igotdoptcc21@nic.in"]?.from == "2026-11-24")
        let ids = try t.registry.read { try $0.genericIDs(Self.addresses, domain: "nic.in") }
        #expect(ids.values.allSatisfy { $0.state == .resetPending } && ids.count == 21)
        let tickets = try t.registry.read { try $0.openTickets(request: request) }
        #expect(tickets.map(\.id) == Self.addresses)

        // Close all but the last; the untouched ID keeps its state.
        try t.registry.write { tx in
            try tx.closeTickets(tickets.dropLast().map(\.rowID), .done, by: "spv@dopt.gov.in", now: Self.now)
            try tx.setGenericIDStates(Array(Self.addresses.dropLast()), .allocated)
        }
        #expect(try t.registry.read { try $0.openTickets(request: request) }.map(\.id) == ["igotdoptcc21@nic.in"])
        let closed = try t.registry.read { try $0.tickets(request: request) }.filter { $0.state == .done }
        #expect(closed.count == 20)
        let after = try t.registry.read { try $0.genericIDs(Self.addresses, domain: "nic.in") }
        #expect(after["igotdoptcc1@nic.in"]?.state == .allocated)
        #expect(after["igotdoptcc21@nic.in"]?.state == .resetPending)
    }

    @Test("20 audit entries appended at once make one intact chain with the entries around them")
    func audit() throws {
        let t = try TemporaryRegistry()
        try t.registry.write { tx in
            try tx.appendAudit(at: Self.now, actor: "a", command: "filed", request: nil, messageID: nil, change: "before")
            let batch = try tx.appendAudits(at: Self.now, actor: "b", command: "allocation", request: nil, messageID: "<m@nic.in>",
                                            changes: (1...20).map { "row \($0)" })
            #expect(batch.map(\.seq) == Array(2...21))
            try tx.appendAudit(at: Self.now, actor: "c", command: "filed", request: nil, messageID: nil, change: "after")
        }
        let head = try t.registry.read { try $0.auditHead() }
        #expect(head.count == 22)
        #expect(try t.registry.verifyAudit(head: head.hash) == .intact(count: 22, head: head.hash))
        #expect(try t.registry.read { try $0.auditEntries() }.map(\.change)[1...2] == ["row 1", "row 2"])
    }
}

@Suite("Audit entries with a NUL in their text (workflow.md §7)")
struct AuditNULTests {
    @Test("a NUL in any field is stored as U+FFFD, so the entry is stored as hashed and the chain verifies")
    func nul() throws {
        let t = try TemporaryRegistry()
        let now = Date(timeIntervalSince1970: 1_795_495_500)
        try t.registry.write { tx in
            try tx.appendAudit(at: now, actor: "a\0b@nic.in", command: "filed", request: nil, messageID: "<x\0y@evil.com>",
                               change: "refused: MDO: \"Nul\0Dept\"")
            try tx.appendAudit(at: now, actor: "c@nic.in", command: "filed", request: nil, messageID: nil, change: "after")
        }
        let head = try t.registry.read { try $0.auditHead() }
        #expect(try t.registry.verifyAudit(head: head.hash) == .intact(count: 2, head: head.hash))
        let first = try #require(try t.registry.read { try $0.auditEntries() }.first)
        #expect(first.change == "refused: MDO: \"Nul\u{FFFD}Dept\"")
        #expect(first.messageID == "<x\u{FFFD}y@evil.com>")
    }
}
