import Desk
import Domain
import Foundation
import Logging
import Mail
import Registry
import Testing
import TestSupport

/// The life of an MDO through the rules of workflow §1-2, on a real maildir and SQLite file:
/// each mail goes through a real pass, and the registry and the queued letters are checked
/// after each step.
@Suite("Rules: the life of an MDO (workflow.md §1-2)")
struct LifecycleTests {
    final class World {
        let directory: URL
        var configuration: Configuration
        let registry: SQLiteRegistry
        var clock = Date(timeIntervalSince1970: 1_795_495_500)   // 2026-11-24 10:15 IST
        var counter = 0

        init(idsPerRequest: Int? = nil, policy: Configuration.SenderCheckPolicy? = nil) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-life-\(UUID().uuidString)")
            let layout = DeskLayout(directory: directory)
            try layout.create()
            var configuration = try ConfigLoader.load(file: layout.configFile, environment: [:]).configuration
            if let idsPerRequest { configuration.idsPerRequest = idsPerRequest }
            if let policy { configuration.senderCheck.policy = policy }
            // The daily summary late in the day: each step sees only the letters of its mail.
            configuration.summaryAt = Configuration.ClockTime(hour: 23, minute: 59)
            self.configuration = configuration
            registry = try SQLiteRegistry(url: configuration.desk.registry)
        }
        deinit { try? FileManager.default.removeItem(at: directory) }

        /// Delivers a mail and runs a pass; returns its report line.
        @discardableResult
        /// With `verified` false the mail carries no Authentication-Results (the sender check fails).
        func send(from: String, subject: String, body: String, days: Int = 0, verified: Bool = true,
                  messageID: String? = nil) throws -> PassReport.Line {
            counter += 1
            clock = clock.addingTimeInterval(TimeInterval(days * 86_400 + 60))
            let date = MessageDateText.rfc5322(clock)
            let text = "From: \(from)\nTo: igot-desk@dopt.gov.in\nSubject: \(subject)\nDate: \(date)\nMessage-ID: \(messageID ?? "<m\(counter)@test.nic.in>")\n\n\(body)\n"
            let mail = verified ? VerifiedMail.from(text) : text
            let name = "\(Int(clock.timeIntervalSince1970)).M\(counter)P1.test"
            try Data(mail.utf8).write(to: directory.appendingPathComponent("Maildir/new/\(name)"))
            let report = try MailPass(configuration: configuration, logger: Logger(label: "test")).run(now: clock)
            return try #require(report.lines.first)
        }

        func letters() throws -> [(template: String, subject: String, request: String?, to: [String], cc: [String])] {
            try registry.read { try $0.letters() }
        }

        /// The action code in the subject tag of the last letter of `template` for `request`.
        func code(_ template: String, _ request: String) throws -> String {
            let letter = try #require(try letters().last { $0.template == template && $0.request == request })
            let tag = try #require(letter.subject.split(separator: "]").first)
            return String(try #require(tag.split(separator: "/").last))
        }

        func idState(_ address: String) throws -> String? {
            try registry.read { try $0.genericID(address, domain: "nic.in")?.state.rawValue }
        }
    }

    static let nomination = """
        MDO: Department of Personnel and Training
        MDO code: dopt
        Nodal Officer: Shri A. Kumar, Deputy Secretary, a.kumar@nic.in, 9800000001
        Admin: Ms. B. Sharma, Section Officer, b.sharma@gov.in, 9800000002
        """

    @Test("nomination to handover, with every letter and state")
    func life() throws {
        let w = try World()
        // 1. Nomination.
        let nominated = try w.send(from: "a.kumar@nic.in", subject: "Nomination of Nodal Officer and Admin - DoPT", body: Self.nomination)
        #expect(nominated.requestNumber == "REQ-2026-000001")
        #expect(try w.registry.read { try $0.mdo(MDOCode("dopt")!)?.state } == .nominated)
        var letters = try w.letters()
        #expect(letters.map(\.template) == ["acknowledgement", "approval-request"])
        #expect(letters[0].to == ["a.kumar@nic.in"] && letters[0].subject.hasPrefix("[REQ-2026-000001] "))
        #expect(letters[1].to == ["spv.igot@nic.in"])
        let approvalCode = try w.code("approval-request", "REQ-2026-000001")
        #expect(approvalCode.count == 8)

        // 2. A wrong code changes nothing; the right one approves; a repeat is "already done".
        let wrong = try w.send(from: "spv.igot@nic.in", subject: "Re: approval", body: "APPROVE REQ-2026-000001 ZZZZZZZZ")
        #expect(wrong.outcome.contains("refused: \"ZZZZZZZZ\": expected the action code of REQ-2026-000001"), "\(wrong.outcome)")
        #expect(try w.registry.read { try $0.mdo(MDOCode("dopt")!)?.state } == .nominated)
        let approved = try w.send(from: "spv.igot@nic.in", subject: "Re: [REQ-2026-000001/\(approvalCode)] Approval request", body: "APPROVE")
        #expect(approved.outcome.hasPrefix("filed to cur/"))
        #expect(try w.registry.read { try $0.mdo(MDOCode("dopt")!)?.state } == .active)
        #expect(try w.registry.read { try $0.officersOfRecord(MDOCode("dopt")!)["nodal"]?.email.description } == "a.kumar@nic.in")
        let granted = try #require(try w.letters().last { $0.template == "access-granted" })
        #expect(granted.to == ["a.kumar@nic.in", "b.sharma@gov.in"])
        #expect(granted.cc == ["spv.igot@nic.in"])
        let again = try w.send(from: "spv.igot@nic.in", subject: "Re: [REQ-2026-000001/\(approvalCode)]", body: "APPROVE")
        #expect(again.outcome.contains("already done on"))

        // 3. A stranger may not ask for IDs: the refusal names the rule only.
        let stranger = try w.send(from: "x.other@nic.in", subject: "Request for creation of generic IDs - dopt",
                                  body: "MDO code: dopt\nIDs:\nigotdoptcc1@nic.in")
        #expect(stranger.outcome.contains("only by the MDO's Nodal Officer or Admin"))
        #expect(try w.idState("igotdoptcc1@nic.in") == nil)

        // 4. Creation by list; NIC creates three and refuses one.
        let creation = try w.send(from: "a.kumar@nic.in", subject: "Request for creation of generic IDs - dopt",
                                  body: "MDO code: dopt\nIDs:\nigotdoptcc1@nic.in\nigotdoptcc2@nic.in\nigotdoptcr1@nic.in\nigotdoptcp@nic.in")
        let creationNumber = try #require(creation.requestNumber)
        #expect(try w.idState("igotdoptcc1@nic.in") == "requested")
        let toNIC = try #require(try w.letters().last { $0.template == "id-creation-request" })
        #expect(toNIC.to == ["support.igot@nic.in"])
        #expect(toNIC.cc == ["spv.igot@nic.in", "a.kumar@nic.in", "b.sharma@gov.in"])
        let nicCode = try w.code("id-creation-request", creationNumber)
        _ = try w.send(from: "support.igot@nic.in", subject: "Re: [\(creationNumber)/\(nicCode)]",
                       body: "CREATED \(creationNumber) \(nicCode) igotdoptcc1@nic.in igotdoptcc2@nic.in igotdoptcr1@nic.in")
        #expect(try w.idState("igotdoptcc2@nic.in") == "created")
        _ = try w.send(from: "support.igot@nic.in", subject: "Re: [\(creationNumber)/\(nicCode)]",
                       body: "REFUSED \(creationNumber) \(nicCode) igotdoptcp@nic.in name reserved")
        #expect(try w.idState("igotdoptcp@nic.in") == "withdrawn")
        #expect(try w.registry.read { try $0.request(RequestNumber(creationNumber)!)?.state } == .completed)

        // 5. Creation by count numbers after the highest slot.
        let more = try w.send(from: "b.sharma@gov.in", subject: "Creation of IDs", body: "MDO code: dopt\nContent creators: 1")
        #expect(more.outcome.hasPrefix("filed to cur/"))
        #expect(try w.idState("igotdoptcc3@nic.in") == "requested")

        // 6. Allocation: two accepted rows, one refused (not created yet); reset ticket to DoPT/SPV.
        let allocation = try w.send(from: "a.kumar@nic.in", subject: "Allocation of generic IDs - dopt", body: """
            MDO code: dopt
            igotdoptcc1@nic.in: Shri C. Verma, Assistant Director, c.verma@nic.in, 9800000003
            igotdoptcc2@nic.in: Ms. D. Rao, Consultant, d.rao@learnwell.example.com, 9800000004, Agency: Learnwell Pvt Ltd, Contract end: 31/03/2027
            igotdoptcc3@nic.in: Shri K. Lal, Section Officer, k.lal@nic.in, 9800000009
            """)
        let allocationNumber = try #require(allocation.requestNumber)
        #expect(allocation.outcome.contains("2 row(s) applied, 1 problem(s)"))
        #expect(try w.idState("igotdoptcc1@nic.in") == "reset-pending")
        #expect(try w.registry.read { try $0.openTickets(request: RequestNumber(allocationNumber)!) }.map(\.id) == ["igotdoptcc1@nic.in", "igotdoptcc2@nic.in"])
        letters = try w.letters()
        #expect(letters.filter { $0.template == "allocation-notice" }.map(\.to) == [["c.verma@nic.in"], ["d.rao@learnwell.example.com"]])
        let resetCode = try w.code("reset-ticket", allocationNumber)

        // 7. RESET DONE: the IDs are allocated; each holder gets a reset notice.
        _ = try w.send(from: "spv.igot@nic.in", subject: "Re: [\(allocationNumber)/\(resetCode)] Reset ticket", body: "RESET DONE")
        #expect(try w.idState("igotdoptcc1@nic.in") == "allocated")
        #expect(try w.registry.read { try $0.request(RequestNumber(allocationNumber)!)?.state } == .completed)
        #expect(try w.letters().filter { $0.template == "reset-notice" }.count == 2)

        // 8. A future-dated handover by the holder: the ticket waits for the day.
        let handover = try w.send(from: "c.verma@nic.in", subject: "Handover of generic ID igotdoptcc1@nic.in", body: """
            Generic ID: igotdoptcc1@nic.in
            Reason: transfer
            Effective date: 15/12/2026
            Successor: Shri E. Singh, Section Officer, e.singh@nic.in, 9800000006
            """)
        let handoverNumber = try #require(handover.requestNumber)
        #expect(try w.idState("igotdoptcc1@nic.in") == "reset-pending")
        let ticket = try #require(try w.registry.read { try $0.openTickets(id: "igotdoptcc1@nic.in") }.first)
        #expect(ticket.notBefore == "2026-12-15")
        #expect(try w.registry.read { try $0.openAllocation("igotdoptcc1@nic.in") }?.holder.email.description == "e.singh@nic.in")
        let ack = try #require(try w.letters().last { $0.template == "handover-acknowledgement" && $0.request == handoverNumber })
        #expect(ack.to == ["c.verma@nic.in", "e.singh@nic.in"])

        // 9. A late handover (over 30 days past) of cc2 by the Admin is marked late.
        let late = try w.send(from: "b.sharma@gov.in", subject: "Handover", body: """
            Generic ID: igotdoptcc2@nic.in
            Outgoing officer: Ms. D. Rao
            Reason: contract over
            Effective date: 01/10/2026
            Successor: Shri F. Khan, Section Officer, f.khan@nic.in, 9800000012
            """)
        #expect(late.outcome.hasPrefix("filed to cur/"))
        #expect(try w.registry.read { try $0.openTickets(id: "igotdoptcc2@nic.in") }.first?.lateReport == true)

        // 10. The wrong outgoing officer is refused and nothing changes.
        let notHolder = try w.send(from: "a.kumar@nic.in", subject: "Handover", body: """
            Generic ID: igotdoptcc2@nic.in
            Outgoing officer: someone.else@nic.in
            Reason: transfer
            Effective date: 01/12/2026
            Successor: Shri G. Nair, Section Officer, g.nair@nic.in, 9800000013
            """)
        #expect(notHolder.outcome.contains("current holder"))
        #expect(try w.registry.read { try $0.openAllocation("igotdoptcc2@nic.in") }?.holder.email.description == "f.khan@nic.in")

        // 11. Vacancy: the ID is vacant, a ticket opens.
        let vacancy = try w.send(from: "a.kumar@nic.in", subject: "Vacancy of generic ID igotdoptcc2@nic.in",
                                 body: "Generic ID: igotdoptcc2@nic.in\nOfficer: f.khan@nic.in\nReason: retirement\nEffective date: 30/11/2026")
        #expect(vacancy.outcome.hasPrefix("filed to cur/"))
        #expect(try w.idState("igotdoptcc2@nic.in") == "vacant")

        // 12. Status: the roster goes to the Nodal Officer, not to a stranger.
        #expect(try w.send(from: "a.kumar@nic.in", subject: "Status dopt", body: "").outcome == "filed to cur/: roster sent")
        // The roster letter, rendered into the Outbox maildir, lists each ID with its holder.
        try OutboxDrain(configuration: w.configuration, logger: Logger(label: "test")).run(registry: w.registry, now: w.clock)
        let outbox = w.directory.appendingPathComponent("Outbox/new")
        let texts = try FileManager.default.contentsOfDirectory(atPath: outbox.path).map {
            Message(data: try Data(contentsOf: outbox.appendingPathComponent($0)))
        }
        let roster = try #require(texts.first { $0.subject?.hasSuffix("] Roster") == true })
        #expect(roster.to.map(\.address) == ["a.kumar@nic.in"])
        // Wrapped lines keep their indentation: join them back for the check.
        let body = roster.text.replacingOccurrences(of: "\n       ", with: " ")
        #expect(body.contains("igotdoptcc1@nic.in (reset-pending): Shri E. Singh, Section Officer, e.singh@nic.in, since 2026-12-15; reset pending under"), "\(roster.text)")
        #expect(body.contains("igotdoptcc2@nic.in (vacant)"))
        #expect(body.contains("Nodal Officer of dopt: Shri A. Kumar, Deputy Secretary, a.kumar@nic.in"))
        #expect(try w.send(from: "x.other@nic.in", subject: "Status dopt", body: "").outcome.contains("goes only to its Nodal Officer"))

        // The audit chain holds every step.
        guard case .intact(let count, _) = try w.registry.verifyAudit() else { Issue.record("audit chain broken"); return }
        #expect(count > 20)
    }

    @Test("REJECT of a nomination: MDO rejected, the nominator told; a new nomination supersedes a pending one")
    func rejectAndSupersede() throws {
        let w = try World()
        _ = try w.send(from: "a.kumar@nic.in", subject: "Nomination", body: Self.nomination)
        _ = try w.send(from: "a.kumar@nic.in", subject: "Nomination", body: Self.nomination.replacingOccurrences(of: "9800000002", with: "9800000022"))
        #expect(try w.registry.read { try $0.request(RequestNumber("REQ-2026-000001")!)?.state } == .rejected)
        #expect(try w.registry.read { try $0.request(RequestNumber("REQ-2026-000001")!)?.note } == "superseded by REQ-2026-000002")
        let code = try w.code("approval-request", "REQ-2026-000002")
        let rejected = try w.send(from: "spv.igot@nic.in", subject: "Re: [REQ-2026-000002/\(code)]", body: "REJECT - nominee is not a Deputy Secretary")
        #expect(rejected.outcome.hasPrefix("filed to cur/"))
        #expect(try w.registry.read { try $0.mdo(MDOCode("dopt")!)?.state } == .rejected)
        let letter = try #require(try w.letters().last { $0.template == "rejection" })
        #expect(letter.to == ["a.kumar@nic.in"])
        // Only DoPT/SPV may approve; the nominator may not approve their own nomination.
        _ = try w.send(from: "a.kumar@nic.in", subject: "Nomination", body: Self.nomination)
        let code3 = try w.code("approval-request", "REQ-2026-000003")
        #expect(try w.send(from: "a.kumar@nic.in", subject: "Re: [REQ-2026-000003/\(code3)]", body: "APPROVE").outcome
                .contains("accepted only from DoPT/SPV"))
        #expect(try w.registry.read { try $0.mdo(MDOCode("dopt")!)?.state } == .nominated)
    }
}

/// RFC 5322 dates for test mail.
enum MessageDateText {
    static func rfc5322(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Kolkata")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.string(from: date)
    }
}

@Suite("Rules: passwords and reprocessing")
struct PasswordRuleTests {
    @Test("a mailed password for a known ID opens an immediate reset ticket, whatever the mail asks")
    func exposed() throws {
        let w = try LifecycleTests.World()
        _ = try w.send(from: "a.kumar@nic.in", subject: "Nomination", body: LifecycleTests.nomination)
        let code = try w.code("approval-request", "REQ-2026-000001")
        _ = try w.send(from: "spv.igot@nic.in", subject: "Re: [REQ-2026-000001/\(code)]", body: "APPROVE")
        _ = try w.send(from: "a.kumar@nic.in", subject: "Request for creation of generic IDs - dopt", body: "MDO code: dopt\nIDs:\nigotdoptcc1@nic.in")
        let line = try w.send(from: "a.kumar@nic.in", subject: "Status dopt", body: "MDO code: dopt\nThe password for igotdoptcc1@nic.in is Secret#123")
        #expect(line.outcome.contains("reset ticket opened: password exposed by mail"))
        let tickets = try w.registry.read { try $0.openTickets(id: "igotdoptcc1@nic.in") }
        #expect(tickets.count == 1 && tickets[0].exposedByMail && tickets[0].notBefore == nil)
        // The request of its own is the ID's MDO's.
        #expect(try w.registry.read { try $0.request(tickets[0].request)?.mdo?.value } == "dopt")
        // The same mail again (`reprocess` puts its stored copy back): the open ticket stands, no second.
        _ = try w.send(from: "a.kumar@nic.in", subject: "Status dopt", body: "MDO code: dopt\nThe password for igotdoptcc1@nic.in is [REDACTED]")
        #expect(try w.registry.read { try $0.openTickets(id: "igotdoptcc1@nic.in") }.count == 1)
        // Nothing the desk stored holds the password.
        let dump = try w.registry.read { tx in try tx.auditEntries().map(\.change).joined() + tx.letters().map(\.subject).joined() }
        #expect(!dump.contains("Secret#123"))
        for suffix in ["", "-wal"] {
            let path = w.configuration.desk.registry.path + suffix
            if let bytes = FileManager.default.contents(atPath: path) {
                #expect(bytes.range(of: Data("Secret#123".utf8)) == nil, "the registry file\(suffix) holds the password")
            }
        }
    }
}

extension PasswordRuleTests {
    @Test("an allocation whose table carries a password applies, and its ID's ticket says the password was mailed")
    func exposedInAllocation() throws {
        let (w, _, creation, nic) = try ControlLineRuleTests.world()
        _ = try w.send(from: "support.igot@nic.in", subject: "Re: [\(creation)/\(nic)]", body: "CREATED")
        let line = try w.send(from: "a.kumar@nic.in", subject: "Allocation of generic IDs - dopt", body:
            "MDO code: dopt\n\nGeneric ID\tName\tDesignation\tEmail\tMobile\tPassword\n"
            + "igotdoptcc1@nic.in\tShri C. Verma\tAssistant Director\tc.verma@nic.in\t9800000003\tQw7#Secret\n")
        #expect(line.outcome.contains("1 row(s) applied"), "\(line.outcome)")
        let tickets = try w.registry.read { try $0.openTickets(id: "igotdoptcc1@nic.in") }
        #expect(tickets.count == 1 && tickets[0].exposedByMail, "\(tickets)")
        let ticketLetter = try #require(try w.letters().last { $0.template == "reset-ticket" })
        #expect(ticketLetter.to == ["spv.igot@nic.in"])
    }
}

@Suite("Rules: changes of Nodal Officer and Admin (requests.md §3.1, §3.4)")
struct ChangeOfNodalOfficerTests {
    /// An active MDO whose nodal and admin IDs are created and held by the officers of record.
    static func activeWithRoleIDs() throws -> LifecycleTests.World {
        let w = try LifecycleTests.World()
        _ = try w.send(from: "a.kumar@nic.in", subject: "Nomination", body: LifecycleTests.nomination)
        _ = try w.send(from: "spv.igot@nic.in", subject: "Re: [REQ-2026-000001/\(try w.code("approval-request", "REQ-2026-000001"))]", body: "APPROVE")
        let creation = try w.send(from: "a.kumar@nic.in", subject: "Creation of IDs", body: "MDO code: dopt\nNodal: yes\nAdmin: yes")
        let number = try #require(creation.requestNumber)
        _ = try w.send(from: "support.igot@nic.in", subject: "Re: [\(number)/\(try w.code("id-creation-request", number))]", body: "CREATED")
        let allocation = try w.send(from: "a.kumar@nic.in", subject: "Allocation", body: """
            MDO code: dopt
            igotdoptnodal@nic.in: Shri A. Kumar, Deputy Secretary, a.kumar@nic.in, 9800000001
            igotdoptadmin@nic.in: Ms. B. Sharma, Section Officer, b.sharma@gov.in, 9800000002
            """)
        let a = try #require(allocation.requestNumber)
        _ = try w.send(from: "spv.igot@nic.in", subject: "Re: [\(a)/\(try w.code("reset-ticket", a))]", body: "RESET DONE")
        #expect(try w.idState("igotdoptnodal@nic.in") == "allocated")
        return w
    }

    @Test("a handover of the nodal ID waits for APPROVE, then changes holder and officer of record")
    func handoverOfNodalID() throws {
        let w = try Self.activeWithRoleIDs()
        let change = try w.send(from: "igotdoptnodal@nic.in", subject: "Handover of generic ID igotdoptnodal@nic.in", body: """
            Generic ID: igotdoptnodal@nic.in
            Reason: transfer
            Effective date: 24/11/2026
            Successor: Shri P. Menon, Director, p.menon@nic.in, 9800000020
            """)
        let number = try #require(change.requestNumber)
        #expect(change.outcome.contains("awaiting DoPT/SPV"))
        #expect(try w.idState("igotdoptnodal@nic.in") == "allocated", "nothing changes before the approval")
        #expect(try w.registry.read { try $0.openAllocation("igotdoptnodal@nic.in") }?.holder.email.description == "a.kumar@nic.in")
        let code = try w.code("approval-request", number)
        let approved = try w.send(from: "spv.igot@nic.in", subject: "Re: [\(number)/\(code)]", body: "APPROVE")
        #expect(approved.outcome.contains("passes to p.menon@nic.in"))
        #expect(try w.idState("igotdoptnodal@nic.in") == "reset-pending")
        #expect(try w.registry.read { try $0.openAllocation("igotdoptnodal@nic.in") }?.holder.email.description == "p.menon@nic.in")
        #expect(try w.registry.read { try $0.officersOfRecord(MDOCode("dopt")!)["nodal"]?.email.description } == "p.menon@nic.in")
        // The old Nodal Officer's personal address no longer acts in the role.
        #expect(try w.send(from: "a.kumar@nic.in", subject: "Status dopt", body: "").outcome.contains("goes only to its Nodal Officer"))
    }

    @Test("an allocation of the nodal ID to anyone but the officer of record is refused, nothing changes")
    func nodalOnlyToOfficerOfRecord() throws {
        let w = try Self.activeWithRoleIDs()
        _ = try w.send(from: "igotdoptnodal@nic.in", subject: "Vacancy", body: "Generic ID: igotdoptadmin@nic.in\nOfficer: b.sharma@gov.in\nReason: transfer\nEffective date: 24/11/2026")
        #expect(try w.idState("igotdoptadmin@nic.in") == "vacant")
        let refused = try w.send(from: "igotdoptnodal@nic.in", subject: "Allocation", body: """
            MDO code: dopt
            igotdoptadmin@nic.in: Shri Q. Rahman, Section Officer, q.rahman@nic.in, 9800000021
            """)
        #expect(refused.outcome.contains("Admin of record: a change needs a nomination approved by DoPT/SPV"))
        #expect(try w.idState("igotdoptadmin@nic.in") == "vacant")
    }

    @Test("approving a new nomination passes the role IDs held by others to the new officers")
    func renominationHandsOverRoleIDs() throws {
        let w = try Self.activeWithRoleIDs()
        let renomination = try w.send(from: "igotdoptnodal@nic.in", subject: "Nomination", body: """
            MDO: Department of Personnel and Training
            MDO code: dopt
            Nodal Officer: Shri P. Menon, Director, p.menon@nic.in, 9800000020
            Admin: Ms. B. Sharma, Section Officer, b.sharma@gov.in, 9800000002
            """)
        let number = try #require(renomination.requestNumber)
        let code = try w.code("approval-request", number)
        _ = try w.send(from: "spv.igot@nic.in", subject: "Re: [\(number)/\(code)]", body: "APPROVE")
        #expect(try w.registry.read { try $0.openAllocation("igotdoptnodal@nic.in") }?.holder.email.description == "p.menon@nic.in")
        #expect(try w.idState("igotdoptnodal@nic.in") == "reset-pending")
        #expect(try w.idState("igotdoptadmin@nic.in") == "allocated", "the Admin did not change")
        #expect(try w.registry.read { try $0.request(RequestNumber(number)!)?.state } == .pending, "until the reset is done")
    }
}

@Suite("Rules: every control-line refusal changes nothing (requests.md §4)")
struct ControlLineRuleTests {
    /// A world with a pending nomination (REQ-1) and, once approved, a pending creation request (REQ-2).
    static func world() throws -> (LifecycleTests.World, approval: String, creation: String, nicCode: String) {
        let w = try LifecycleTests.World()
        _ = try w.send(from: "a.kumar@nic.in", subject: "Nomination", body: LifecycleTests.nomination)
        let approval = try w.code("approval-request", "REQ-2026-000001")
        _ = try w.send(from: "spv.igot@nic.in", subject: "Re: [REQ-2026-000001/\(approval)]", body: "APPROVE")
        _ = try w.send(from: "a.kumar@nic.in", subject: "Request for creation of generic IDs - dopt", body: "MDO code: dopt\nIDs:\nigotdoptcc1@nic.in")
        return (w, approval, "REQ-2026-000002", try w.code("id-creation-request", "REQ-2026-000002"))
    }

    @Test("refusals", arguments: [
        ("support.igot@nic.in", "APPROVE REQ-2026-000002 {nic}", "only DoPT/SPV may APPROVE"),
        ("spv.igot@nic.in", "APPROVE REQ-2026-000002 {nic}", "a nomination or a change of Nodal Officer or Admin"),
        ("spv.igot@nic.in", "CREATED REQ-2026-000002 {nic} igotdoptcc9@nic.in", "\"igotdoptcc9@nic.in\": expected an ID of REQ-2026-000002"),
        ("spv.igot@nic.in", "REFUSED REQ-2026-000002 {nic} name taken", "only NIC may refuse"),
        ("support.igot@nic.in", "CREATED REQ-2026-000099 {nic}", "a request the desk issued"),
        ("support.igot@nic.in", "CREATED REQ-2026-000002 ABCDEFGH", "the action code of REQ-2026-000002"),
        ("spv.igot@nic.in", "REJECT REQ-2026-000001 {approval} too late", "its code was used on"),
        ("a.kumar@nic.in", "CREATED REQ-2026-000002 {nic}", "accepted only from DoPT/SPV and NIC"),
        ("spv.igot@nic.in", "RESET DONE REQ-2026-000002 {nic}", "\"REQ-2026-000002\": expected a request with reset tickets"),
    ])
    func refused(sender: String, line: String, reason: String) throws {
        let (w, approval, _, nic) = try Self.world()
        let before = try w.registry.read { tx in (try tx.requests(pendingOnly: false).map { "\($0.number)\($0.state)" },
                                                  try tx.genericID("igotdoptcc1@nic.in", domain: "nic.in")?.state) }
        let text = line.replacingOccurrences(of: "{nic}", with: nic).replacingOccurrences(of: "{approval}", with: approval)
        let result = try w.send(from: sender, subject: "Instructions", body: text)
        #expect(result.outcome.contains(reason), "\(result.outcome)")
        let after = try w.registry.read { tx in (try tx.requests(pendingOnly: false).map { "\($0.number)\($0.state)" },
                                                 try tx.genericID("igotdoptcc1@nic.in", domain: "nic.in")?.state) }
        #expect(after.0 == before.0 && after.1 == before.1, "nothing changed")
    }

    @Test("a control mail dated over 7 days before it arrived, without a Date, or dated over a day after it, is refused", arguments: [
        ("Date: Mon, 02 Nov 2026 10:00:00 +0530\n", "dated more than 7 days before it arrived"),
        ("", "no readable Date"),
        ("Date: Sat, 26 Dec 2026 10:00:00 +0530\n", "dated more than a day after it arrived"),
    ])
    func undatedOrFuture(dateField: String, reason: String) throws {
        let (w, _, creation, nic) = try Self.world()
        let name = "\(Int(w.clock.timeIntervalSince1970) + 60).M98P1.test"
        let mail = VerifiedMail.from("From: support.igot@nic.in\nSubject: Re\n\(dateField)Message-ID: <odd@nic.in>\n\nCREATED \(creation) \(nic)\n")
        try Data(mail.utf8).write(to: w.directory.appendingPathComponent("Maildir/new/\(name)"))
        w.clock = w.clock.addingTimeInterval(120)
        let report = try MailPass(configuration: w.configuration, logger: Logger(label: "test")).run(now: w.clock)
        #expect(report.lines.first?.outcome.contains(reason) == true, "\(report.lines.first?.outcome ?? "")")
        #expect(try w.idState("igotdoptcc1@nic.in") == "requested")
    }

    @Test("a DoPT/SPV officer may not approve a nomination they sent")
    func selfApproval() throws {
        let w = try LifecycleTests.World()
        _ = try w.send(from: "spv.igot@nic.in", subject: "Nomination", body: LifecycleTests.nomination)
        let code = try w.code("approval-request", "REQ-2026-000001")
        let result = try w.send(from: "spv.igot@nic.in", subject: "Re: [REQ-2026-000001/\(code)]", body: "APPROVE")
        #expect(result.outcome.contains("other than the officer who sent the nomination"))
        #expect(try w.registry.read { try $0.mdo(MDOCode("dopt")!)?.state } == .nominated)
    }
}

@Suite("Rules: authority (requests.md §1, §7)")
struct AuthorityRuleTests {
    @Test("each request from someone without the right is refused naming the rule only, and nothing changes", arguments: [
        ("x@gmail.com", "Nomination", LifecycleTests.nomination, "a nomination from a government address"),
        ("x.other@nic.in", "Allocation", "MDO code: dopt\nigotdoptcc1@nic.in: Shri X, SO, x@nic.in, 9800000030", "Nodal Officer or Admin"),
        ("x.other@nic.in", "Handover", "Generic ID: igotdoptcc1@nic.in\nOutgoing officer: c.verma@nic.in\nReason: transfer\nEffective date: 24/11/2026\nSuccessor: Shri X, SO, x@nic.in, 9800000030", "the ID's holder or the MDO's Nodal Officer or Admin"),
        ("x.other@nic.in", "Handover", "Generic ID: igotdoptcc7@nic.in\nOutgoing officer: c.verma@nic.in\nReason: transfer\nEffective date: 24/11/2026\nSuccessor: Shri X, SO, x@nic.in, 9800000030", "the ID's holder or the MDO's Nodal Officer or Admin"),
        ("x.other@nic.in", "Vacancy", "Generic ID: igotdoptcc1@nic.in\nOfficer: c.verma@nic.in\nReason: transfer\nEffective date: 24/11/2026", "Nodal Officer or Admin"),
        ("x.other@nic.in", "Status all", "", "goes only to DoPT/SPV"),
        ("c.verma@nic.in", "Status dopt", "", "goes only to its Nodal Officer"),
    ])
    func refused(sender: String, subject: String, body: String, rule: String) throws {
        let w = try ControlLineRuleTests.world().0
        let before = try w.registry.read { tx in try tx.requests(pendingOnly: true).map(\.number) }
        let line = try w.send(from: sender, subject: subject, body: body)
        #expect(line.outcome.contains(rule), "\(line.outcome)")
        #expect(!line.outcome.contains("holder\"") && !line.outcome.contains("c.verma"), "a refusal to others names only the rule")
        #expect(try w.registry.read { tx in try tx.requests(pendingOnly: true).map(\.number) } == before)
        let refusal = try #require(try w.letters().last)
        #expect(refusal.template == "refusal" && refusal.to == [sender])
    }

    @Test("the holder asking for status gets their own IDs; a follow-up from a stranger gets no reply")
    func holderAndFollowUp() throws {
        let w = try ControlLineRuleTests.world().0
        let letters = try w.letters().count
        let followUp = try w.send(from: "x.other@nic.in", subject: "Re: [REQ-2026-000002] any update?", body: "any update?")
        #expect(followUp.outcome.contains("filed without a reply"))
        #expect(try w.letters().count == letters)
        let own = try w.send(from: "a.kumar@nic.in", subject: "Re: [REQ-2026-000002] any update?", body: "any update?")
        #expect(own.outcome.contains("state of REQ-2026-000002 sent"))
        #expect(try w.letters().last?.template == "request-state")
    }
}

@Suite("Rules: re-allocation, contract extension and illegal moves (workflow.md §1)")
struct IllegalMoveTests {
    /// dopt active with cc1 allocated to a third-party creator (contract to 31/03/2027).
    static func world() throws -> LifecycleTests.World {
        let (w, _, creation, nic) = try ControlLineRuleTests.world()
        _ = try w.send(from: "support.igot@nic.in", subject: "Re: [\(creation)/\(nic)]", body: "CREATED")
        let a = try #require(try w.send(from: "a.kumar@nic.in", subject: "Allocation", body:
            "MDO code: dopt\nigotdoptcc1@nic.in: Ms. D. Rao, Consultant, d.rao@learnwell.example.com, 9800000004, Agency: Learnwell, Contract end: 31/03/2027").requestNumber)
        _ = try w.send(from: "spv.igot@nic.in", subject: "Re: [\(a)/\(try w.code("reset-ticket", a))]", body: "RESET DONE")
        #expect(try w.idState("igotdoptcc1@nic.in") == "allocated")
        return w
    }

    @Test("a contract extension updates the holder and opens no ticket; a re-allocation of a vacant ID opens one")
    func extensionAndReallocation() throws {
        let w = try Self.world()
        let ext = try w.send(from: "a.kumar@nic.in", subject: "Allocation", body:
            "MDO code: dopt\nigotdoptcc1@nic.in: Ms. D. Rao, Consultant, d.rao@learnwell.example.com, 9800000004, Agency: Learnwell, Contract end: 31/03/2028")
        #expect(ext.outcome.hasPrefix("filed to cur/"))
        #expect(try w.registry.read { try $0.openAllocation("igotdoptcc1@nic.in") }?.holder.contractEnd?.description == "2028-03-31")
        #expect(try w.registry.read { try $0.openTickets(id: "igotdoptcc1@nic.in") }.isEmpty)
        #expect(try w.idState("igotdoptcc1@nic.in") == "allocated")
        _ = try w.send(from: "a.kumar@nic.in", subject: "Vacancy", body: "Generic ID: igotdoptcc1@nic.in\nOfficer: d.rao@learnwell.example.com\nReason: contract over\nEffective date: 24/11/2026")
        #expect(try w.idState("igotdoptcc1@nic.in") == "vacant")
        _ = try w.send(from: "a.kumar@nic.in", subject: "Allocation", body: "MDO code: dopt\nigotdoptcc1@nic.in: Shri E. Singh, Section Officer, e.singh@nic.in, 9800000006")
        #expect(try w.idState("igotdoptcc1@nic.in") == "reset-pending")
        #expect(try w.registry.read { try $0.openAllocation("igotdoptcc1@nic.in") }?.holder.email.description == "e.singh@nic.in")
    }

    @Test("illegal moves are refused with a reason and change nothing", arguments: [
        ("Request for creation of generic IDs - dopt", "MDO code: dopt\nIDs:\nigotdoptcc1@nic.in", "exists already"),
        ("Allocation", "MDO code: dopt\nigotdoptcc1@nic.in: Shri E. Singh, Section Officer, e.singh@nic.in, 9800000006", "use a handover"),
        ("Allocation", "MDO code: dopt\nigotdoptcc5@nic.in: Shri E. Singh, Section Officer, e.singh@nic.in, 9800000006", "an ID that exists"),
        ("Vacancy", "Generic ID: igotdoptcc5@nic.in\nOfficer: x@nic.in\nReason: transfer\nEffective date: 24/11/2026", "allocated or awaiting reset"),
        ("Handover", "Generic ID: igotdoptcc1@nic.in\nOutgoing officer: d.rao@learnwell.example.com\nReason: transfer\nEffective date: 01/06/2027\nSuccessor: Shri E. Singh, Section Officer, e.singh@nic.in, 9800000006", "at most 90 days ahead"),
        ("Handover", "Generic ID: igotdoptcc1@nic.in\nOutgoing officer: d.rao@learnwell.example.com\nReason: transfer\nEffective date: 01/01/2025\nSuccessor: Shri E. Singh, Section Officer, e.singh@nic.in, 9800000006", "at most 365 days ago"),
        ("Allocation", "MDO code: dopt\nigotdoptcc1@nic.in: Ms. D. Rao, Consultant, d.rao@learnwell.example.com, 9800000004, Agency: Learnwell, Contract end: 01/01/2026", "contract end after today"),
    ])
    func illegal(subject: String, body: String, reason: String) throws {
        let w = try Self.world()
        let snapshot = { () throws -> [String] in
            try w.registry.read { tx in
                try tx.genericIDs(MDOCode("dopt")!, domain: "nic.in").map { "\($0.id)=\($0.state.rawValue)" }
                    + [try tx.openAllocation("igotdoptcc1@nic.in")?.holder.email.description ?? "-"]
            }
        }
        let before = try snapshot()
        let line = try w.send(from: "a.kumar@nic.in", subject: subject, body: body)
        #expect(line.outcome.contains(reason), "\(line.outcome)")
        #expect(try snapshot() == before)
    }
}

@Suite("iddesk circular: the OM to every active MDO (workflow.md §3)")
struct CircularTests {
    @Test("a dry run queues nothing; a real run queues one full OM per active MDO with the list enclosed and attached")
    func circular() throws {
        let w = try LifecycleTests.World()
        // Two MDOs; the second's name begins with "-" to prove the CSV is formula-safe.
        _ = try w.send(from: "a.kumar@nic.in", subject: "Nomination", body: LifecycleTests.nomination)
        _ = try w.send(from: "spv.igot@nic.in", subject: "Re: [REQ-2026-000001/\(try w.code("approval-request", "REQ-2026-000001"))]", body: "APPROVE")
        _ = try w.send(from: "p.rao@gov.in", subject: "Nomination", body: """
            MDO: -Directorate of Estates
            MDO code: mea
            Nodal Officer: Shri P. Rao, Director, p.rao@gov.in, 9800000040
            Admin: Ms. S. Jain, Section Officer, s.jain@nic.in, 9800000041
            """)
        _ = try w.send(from: "spv.igot@nic.in", subject: "Re: [REQ-2026-000002/\(try w.code("approval-request", "REQ-2026-000002"))]", body: "APPROVE")
        let letters = try w.letters().count
        let dry = try Circular(configuration: w.configuration).run(template: "circular-generic-ids", fileNumber: nil, audience: .both,
                                                                   dryRun: true, registry: w.registry, now: w.clock)
        #expect(dry.count == 2)
        #expect(dry.fileNumber == "T-16017/1/2026-iGOT-II")
        #expect(try w.letters().count == letters)
        let first = try #require(dry.first)
        #expect(first.body.contains("OFFICE MEMORANDUM"))
        #expect(first.body.contains("(A. B. Officer)\nUnder Secretary to the Govt. of India\nigot-desk@dopt.gov.in"))
        #expect(first.body.contains("Enclosure: List of MDOs (2)"))
        #expect(first.body.hasPrefix("No. T-16017/1/2026-iGOT-II\nGovernment of India"))

        let real = try Circular(configuration: w.configuration).run(template: "circular-generic-ids", fileNumber: nil, audience: .both,
                                                                    dryRun: false, registry: w.registry, now: w.clock)
        #expect(real.count == 2 && real.fileNumber == "T-16017/1/2026-iGOT-II")
        let next = try Circular(configuration: w.configuration).run(template: "circular-generic-ids", fileNumber: nil, audience: .nodal,
                                                                    dryRun: true, registry: w.registry, now: w.clock)
        #expect(next.fileNumber == "T-16017/2/2026-iGOT-II", "each OM takes the next number of the year")
        try OutboxDrain(configuration: w.configuration, logger: Logger(label: "test")).run(registry: w.registry, now: w.clock)
        let outbox = w.directory.appendingPathComponent("Outbox/new")
        let oms = try FileManager.default.contentsOfDirectory(atPath: outbox.path)
            .map { Message(data: try Data(contentsOf: outbox.appendingPathComponent($0))) }
            .filter { $0.subject == "Use of generic role-based mail IDs on the iGOT Karmayogi platform" }
        #expect(oms.count == 2)
        let toMEA = try #require(oms.first { $0.to.map(\.address).contains("p.rao@gov.in") })
        #expect(toMEA.to.map(\.address) == ["p.rao@gov.in", "s.jain@nic.in"])
        #expect(toMEA.text.replacingOccurrences(of: "\n   ", with: " ").contains("No officer shall mail a password to anyone"))
        let csv = try #require(toMEA.attachments.first)
        #expect(csv.filename == "mdos.csv" && csv.contentType == "text/csv")
        let content = String(decoding: csv.part.decodedContent, as: UTF8.self)
        #expect(content.hasPrefix("mdo_code,mdo_name,ministry,nodal_officer,nodal_email,admin,admin_email\r\n"))
        #expect(content.contains("mea,'-Directorate of Estates,"))
        #expect(try w.registry.read { try $0.auditEntries() }.last?.change == "OM T-16017/1/2026-iGOT-II (circular-generic-ids) queued to 2 MDO(s)")
    }
}

@Suite("The roster letter over 200 rows")
struct LargeRosterTests {
    @Test("over 200 IDs the roster goes as a CSV attachment")
    func attached() throws {
        let w = try LifecycleTests.World(idsPerRequest: 300)
        _ = try w.send(from: "a.kumar@nic.in", subject: "Nomination", body: LifecycleTests.nomination)
        _ = try w.send(from: "spv.igot@nic.in", subject: "Re: [REQ-2026-000001/\(try w.code("approval-request", "REQ-2026-000001"))]", body: "APPROVE")
        let creation = try #require(try w.send(from: "a.kumar@nic.in", subject: "Creation", body: "MDO code: dopt\nContent creators: 205").requestNumber)
        _ = try w.send(from: "support.igot@nic.in", subject: "Re: [\(creation)/\(try w.code("id-creation-request", creation))]", body: "CREATED")
        _ = try w.send(from: "a.kumar@nic.in", subject: "Status dopt", body: "")
        try OutboxDrain(configuration: w.configuration, logger: Logger(label: "test")).run(registry: w.registry, now: w.clock)
        let outbox = w.directory.appendingPathComponent("Outbox/new")
        let roster = try #require(try FileManager.default.contentsOfDirectory(atPath: outbox.path)
            .map { Message(data: try Data(contentsOf: outbox.appendingPathComponent($0))) }
            .first { $0.subject?.hasSuffix("] Roster") == true })
        #expect(roster.text.contains("The 205 generic IDs are listed in the attached file roster.csv."))
        let csv = try #require(roster.attachments.first)
        let lines = String(decoding: csv.part.decodedContent, as: UTF8.self).split(separator: "\r\n")
        #expect(lines.count == 206)
        #expect(lines[1].hasPrefix("igotdoptcc1@nic.in,dopt,created,"))
    }
}
