import Domain
import Foundation
import Registry
import Testing

@Suite("Queued letters in a real SQLite file (workflow.md §8)")
struct LetterQueueTests {
    static let now = Date(timeIntervalSince1970: 1_795_495_500)

    /// Queues `count` letters, each to two recipients, the first and third with one of them sent.
    static func queue(_ count: Int, in t: TemporaryRegistry) throws -> [Int64] {
        try t.registry.write { tx in
            try (0..<count).map { n in
                let id = try tx.queueLetter(template: "acknowledgement", request: nil, subject: "Letter \(n)", variables: "{}",
                                            to: ["officer\(n)@nic.in"], cc: ["nodal@nic.in"], inReplyTo: nil,
                                            messageID: "<\(n).letter@dopt.gov.in>", now: now)
                if n == 0 || n == 2 {
                    try tx.markRecipient(letter: id, address: "nodal@nic.in", state: "sent", reply: "250 ok", nextAttempt: nil)
                }
                return id
            }
        }
    }

    @Test("a backlog is read a page at a time, oldest first, each page after the last id read")
    func pages() throws {
        let t = try TemporaryRegistry()
        let ids = try Self.queue(5, in: t)
        let first = try t.registry.read { try $0.queuedLetters(dueAt: Self.now, limit: 2) }
        #expect(first.map(\.id) == Array(ids[0..<2]))
        let second = try t.registry.read { try $0.queuedLetters(dueAt: Self.now, after: first.last!.id, limit: 2) }
        #expect(second.map(\.id) == Array(ids[2..<4]))
        // A recipient already sent is not due again; the letter still lists everyone.
        #expect(second.first?.recipients.map(\.address) == ["officer2@nic.in"])
        #expect(second.first?.allRecipients.map(\.address) == ["officer2@nic.in", "nodal@nic.in"])
        let third = try t.registry.read { try $0.queuedLetters(dueAt: Self.now, after: second.last!.id, limit: 2) }
        #expect(third.map(\.id) == [ids[4]])
        #expect(try t.registry.read { try $0.queuedLetters(dueAt: Self.now) }.map(\.id) == ids)
    }
}

@Suite("Look-ups of a whole sheet at once, in a real SQLite file")
struct SheetLookupTests {
    @Test("genericIDs and openAllocations find every existing ID among many (more than one statement's worth), whatever the case")
    func manyAtOnce() throws {
        let t = try TemporaryRegistry()
        let addresses = (1...40).map { "igotdoptcc\($0)@nic.in" }
        try t.addDoPT(ids: addresses)
        try t.registry.write { tx in
            let holder = Officer(name: "Shri A. Kumar", designation: "Under Secretary", email: EmailAddress("a.kumar@nic.in")!, mobile: nil)
            try tx.openAllocation(addresses[38], holder: holder, from: "2026-11-24", request: nil)
        }
        let asked = addresses.map { $0.uppercased() } + ["igotdoptcc99@nic.in"]
        let ids = try t.registry.read { try $0.genericIDs(asked, domain: "nic.in") }
        #expect(ids.keys.sorted() == addresses.sorted())
        #expect(ids["igotdoptcc7@nic.in"]?.state == .created)
        let open = try t.registry.read { try $0.openAllocations(addresses + ["igotdoptcc99@nic.in"]) }
        #expect(open.keys.sorted() == [addresses[38]])
        #expect(open[addresses[38]]?.holder.email.description == "a.kumar@nic.in")
    }
}

@Suite("Officers of record read once per transaction, in a real SQLite file")
struct OfficersOfRecordTests {
    struct Refused: Error {}

    @Test("a change of officer in the same transaction is seen at once; one rolled back with its savepoint is not")
    func changesAreSeen() throws {
        let t = try TemporaryRegistry()
        let now = Date(timeIntervalSince1970: 1_795_495_500)
        let code = MDOCode("dopt")!
        func officer(_ email: String) -> Officer {
            Officer(name: "Shri A. Kumar", designation: "Under Secretary", email: EmailAddress(email)!, mobile: nil)
        }
        try t.registry.write { tx in
            try tx.saveMDO(MDORecord(code: code, name: "DoPT", ministry: nil, state: .active), now: now)
            try tx.setOfficerOfRecord(code, role: "nodal", officer: officer("a.kumar@nic.in"), since: "2026-11-24")
            #expect(try tx.officersOfRecord(code)["nodal"]?.email.description == "a.kumar@nic.in")
            try tx.setOfficerOfRecord(code, role: "nodal", officer: officer("b.rao@nic.in"), since: "2026-11-25")
            #expect(try tx.officersOfRecord(code)["nodal"]?.email.description == "b.rao@nic.in")
            #expect(throws: Refused.self) {
                try tx.savepoint {
                    try tx.setOfficerOfRecord(code, role: "nodal", officer: officer("c.das@nic.in"), since: "2026-11-26")
                    #expect(try tx.officersOfRecord(code)["nodal"]?.email.description == "c.das@nic.in")
                    throw Refused()
                }
            }
            #expect(try tx.officersOfRecord(code)["nodal"]?.email.description == "b.rao@nic.in")
        }
    }
}
