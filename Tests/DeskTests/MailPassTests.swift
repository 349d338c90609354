import Desk
import Foundation
import Logging
import Mail
import Registry
import Testing
import TestSupport

@Suite("A pass over a real maildir and registry (workflow.md §6)")
struct MailPassTests {
    final class Desk {
        let directory: URL
        var configuration: Configuration
        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-pass-\(UUID().uuidString)")
            let layout = DeskLayout(directory: directory)
            try layout.create()
            configuration = try ConfigLoader.load(file: layout.configFile, environment: [:]).configuration
            // The daily summary late in the day: these passes run at 10:15 and see only their mail.
            configuration.summaryAt = Configuration.ClockTime(hour: 23, minute: 59)
        }
        deinit { try? FileManager.default.removeItem(at: directory) }

        /// Delivers `text` as `new/name`; `verified` adds our mail server's dmarc=pass result.
        func put(_ name: String, _ text: String, verified: Bool = true) throws {
            try Data((verified ? VerifiedMail.from(text) : text).utf8).write(to: directory.appendingPathComponent("Maildir/new/\(name)"))
        }
        func names(_ folder: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path)) ?? []).sorted()
        }
        func pass() throws -> PassReport {
            try MailPass(configuration: configuration, logger: Logger(label: "test")).run(now: Date(timeIntervalSince1970: 1_795_495_500))
        }
    }

    static let status = "From: a.kumar@nic.in\nMessage-ID: <s1@nic.in>\nSubject: Status dopt\n\nMDO code: dopt\n"

    @Test("a duplicate goes to .Duplicate; the same Message-ID with other content to .Review")
    func duplicates() throws {
        let d = try Desk()
        try d.put("1795495500.M1P1.a", Self.status)
        try d.put("1795495501.M1P1.b", Self.status)
        try d.put("1795495502.M1P1.c", Self.status + "one more line\n")
        let report = try d.pass()
        #expect(report.lines.map(\.outcome).map { String($0.prefix(14)) } == ["filed to .Refu", "filed to .Dupl", "filed to .Revi"])
        #expect(d.names("Maildir/.Refused/new") == ["1795495500.M1P1.a"])
        #expect(d.names("Maildir/.Duplicate/new") == ["1795495501.M1P1.b"])
        #expect(d.names("Maildir/.Review/new") == ["1795495502.M1P1.c"])
        let registry = try SQLiteRegistry(url: d.configuration.desk.registry)
        guard case .intact(3, _) = try registry.verifyAudit() else { Issue.record("audit"); return }
    }

    @Test("a file named with a time no request number can carry (1970, the year 33658) is handled at the pass's time, not left to stop every pass")
    func implausibleReceiptTimes() throws {
        let d = try Desk()
        let nomination = """
            From: a.kumar@nic.in
            Message-ID: <%@nic.in>
            Subject: Nomination of Nodal Officer and Admin - DoPT

            MDO: Department of Personnel and Training
            MDO code: dopt
            Nodal Officer: Shri A. Kumar, Deputy Secretary, a.kumar@nic.in, 9810000001
            Admin: Smt. B. Sharma, Under Secretary, b.sharma@gov.in, 9810000002
            """
        try d.put("5.M1P1.host", nomination.replacingOccurrences(of: "%", with: "n1970"))
        try d.put("999999999999.M1P1.host", nomination.replacingOccurrences(of: "%", with: "n33658"))
        // Its file's time is as wrong as its name: then the pass's own time is the receipt time.
        let old = d.directory.appendingPathComponent("Maildir/new/5.M1P1.host")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 86_400)], ofItemAtPath: old.path)
        let report = try d.pass()
        #expect(report.lines.count == 2)
        #expect(d.names("Maildir/new").isEmpty)
        #expect(report.lines.compactMap(\.requestNumber).allSatisfy { $0.hasPrefix("REQ-2026-") }, "\(report.lines)")
        #expect(report.lines.filter { $0.requestNumber != nil }.count == 2, "\(report.lines.map(\.outcome))")
    }

    @Test("a mail whose handling fails for its own reason (here a trigger refusing its request row) goes to .Review with the error; the pass goes on")
    func unhandledMailDoesNotStopThePass() throws {
        let d = try Desk()
        // A trigger in the real SQLite file stands for a rule that breaks a constraint.
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        sqlite.arguments = ["-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute("CREATE TRIGGER poison BEFORE INSERT ON request WHEN NEW.sender = 'poison@nic.in' BEGIN SELECT RAISE(ABORT, 'poisoned for the test'); END")
            c.commit()
            """, d.configuration.desk.registry.path]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        try d.put("1795495500.M1P1.a", Self.status.replacingOccurrences(of: "a.kumar@nic.in", with: "poison@nic.in"))
        try d.put("1795495501.M1P1.b", Self.status)
        let report = try d.pass()
        #expect(d.names("Maildir/new").isEmpty)
        #expect(d.names("Maildir/.Review/new") == ["1795495500.M1P1.a"])
        #expect(d.names("Maildir/.Refused/new") == ["1795495501.M1P1.b"])
        #expect(report.lines.first?.outcome.contains("not handled, for a person to look at") == true, "\(report.lines)")
        #expect(report.lines.first?.outcome.contains("poisoned for the test") == true)
        let registry = try SQLiteRegistry(url: d.configuration.desk.registry)
        guard case .intact = try registry.verifyAudit() else { Issue.record("audit"); return }
    }

    @Test("a mail still in new/ whose record was committed (a crash before the move) goes to its recorded folder")
    func crashBetweenCommitAndMove() throws {
        let d = try Desk()
        try d.put("1795495500.M1P1.a", Self.status)
        let registry = try SQLiteRegistry(url: d.configuration.desk.registry)
        try registry.write { tx in
            try tx.recordProcessed(ProcessedMail(key: "id:<s1@nic.in>|a.kumar@nic.in", messageID: "<s1@nic.in>", sender: "a.kumar@nic.in",
                                                 contentHash: "x", file: "1795495500.M1P1.a", destination: "cur",
                                                 reason: "answered", request: "REQ-2026-000001", processed: "2026-11-24T04:45:00Z"))
        }
        let report = try d.pass()
        #expect(report.lines.count == 1)
        #expect(report.lines.first?.outcome == "recovered: filed to cur/ as recorded")
        #expect(d.names("Maildir/cur") == ["1795495500.M1P1.a:2,S"])
        #expect(d.names("Maildir/new").isEmpty)
        #expect(d.names("Maildir/.Duplicate/new").isEmpty)
    }

    @Test("never-a-request mail goes to .Ignored with its reason, recorded and audited")
    func ignored() throws {
        let d = try Desk()
        try d.put("1795495500.M1P1.a", "From: b.sharma@gov.in\nAuto-Submitted: auto-replied\nSubject: Out of office\n\nOn leave.\n")
        let report = try d.pass()
        #expect(report.lines.first?.outcome == "filed to .Ignored: never a request: Auto-Submitted: auto-replied (an automatic reply)")
        let registry = try SQLiteRegistry(url: d.configuration.desk.registry)
        let record = try registry.read { try $0.processedMail(file: "1795495500.M1P1.a") }
        #expect(record?.destination == "Ignored")
        #expect(try registry.read { try $0.auditEntries() }.first?.change.contains(".Ignored") == true)
    }

    @Test("DoPT/SPV asking for every MDO's roster on an empty registry get an empty roster, not a refusal")
    func emptyRosterForDoPT() throws {
        let d = try Desk()
        try d.put("1795495500.M1P1.a", "From: spv.igot@nic.in\nMessage-ID: <all@nic.in>\nSubject: Status all\n\nStatus: all\n")
        let report = try d.pass()
        #expect(report.lines.first?.outcome == "filed to cur/: roster sent", "\(report.lines)")
        let registry = try SQLiteRegistry(url: d.configuration.desk.registry)
        #expect(try registry.read { try $0.letters() }.map(\.template) == ["roster"])
    }

    /// `count` status requests, one a second from 1795495500, with Message-ID `<sN@nic.in>`;
    /// the ones in `copies` repeat mail 3's bytes (a duplicate of it).
    static func statusMails(_ d: Desk, count: Int, copies: Set<Int> = []) throws {
        for n in 0..<count {
            let id = copies.contains(n) ? 3 : n
            try d.put("\(1_795_495_500 + n).M\(n)P1.a", "From: a.kumar@nic.in\nMessage-ID: <s\(id)@nic.in>\nSubject: Status dopt\n\nMDO code: dopt\n")
        }
    }

    @Test("a pass over more mail than one group commit files every mail once, in receipt order, duplicates found across groups")
    func manyGroups() throws {
        let d = try Desk()
        let count = 2 * MailPass.groupSize + 22, last = count - 1
        try Self.statusMails(d, count: count, copies: [MailPass.groupSize + 1, last])
        let report = try d.pass()
        #expect(report.lines.map(\.file) == (0..<count).map { "\(1_795_495_500 + $0).M\($0)P1.a" })
        #expect(d.names("Maildir/new").isEmpty)
        #expect(d.names("Maildir/.Refused/new").count == count - 2)
        #expect(d.names("Maildir/.Duplicate/new") == ["\(1_795_495_501 + MailPass.groupSize).M\(MailPass.groupSize + 1)P1.a",
                                                     "\(1_795_495_500 + last).M\(last)P1.a"])
        let registry = try SQLiteRegistry(url: d.configuration.desk.registry)
        guard case .intact(let entries, _) = try registry.verifyAudit(), entries == count else { Issue.record("audit"); return }
    }

    @Test("a pass asked to stop ends after the group in hand; the rest stay in new/ for the next pass")
    func stopsBetweenGroups() throws {
        let d = try Desk()
        let count = MailPass.groupSize + 86
        try Self.statusMails(d, count: count)
        var asked = 0
        let report = try MailPass(configuration: d.configuration, logger: Logger(label: "test"))
            .run(now: Date(timeIntervalSince1970: 1_795_495_500), shouldStop: { asked += 1; return asked > 1 })
        #expect(report.stoppedEarly)
        #expect(report.lines.count == MailPass.groupSize)
        #expect(d.names("Maildir/new").count == 86)
        #expect(d.names("Maildir/new").first == "\(1_795_495_500 + MailPass.groupSize).M\(MailPass.groupSize)P1.a")
        let rest = try d.pass()
        #expect(rest.lines.count == 86 && !rest.stoppedEarly)
        #expect(d.names("Maildir/.Refused/new").count == count)
    }

    @Test("a group that cannot be filed stops the pass: every mail stays in new/, and the next pass files each once, the committed ones as recorded")
    func groupNotFiled() throws {
        let d = try Desk()
        let count = MailPass.groupSize + 10
        try Self.statusMails(d, count: count)
        // The folder the refusals go to is a file: no mail can be moved there.
        let refused = d.directory.appendingPathComponent("Maildir/.Refused")
        try? FileManager.default.removeItem(at: refused)
        try Data("not a folder\n".utf8).write(to: refused)
        #expect(throws: MaildirError.system(operation: "make the sub-maildir for mail to be filed to", path: refused.path,
                                            errno: EEXIST, message: "File exists")) { try d.pass() }
        #expect(d.names("Maildir/new").count == count)
        let registry = try SQLiteRegistry(url: d.configuration.desk.registry)
        let committed = try registry.read { tx in try (0..<count).filter { try tx.processedMail(file: "\(1_795_495_500 + $0).M\($0)P1.a") != nil } }
        #expect(committed.count >= MailPass.groupSize)
        #expect(committed == Array(0..<committed.count))

        try FileManager.default.removeItem(at: refused)
        let report = try d.pass()
        #expect(report.lines.count == count)
        #expect(report.lines.filter { $0.outcome == "recovered: filed to .Refused as recorded" }.count == committed.count)
        #expect(d.names("Maildir/new").isEmpty)
        #expect(d.names("Maildir/.Refused/new").count == count)
        guard case .intact(let entries, _) = try registry.verifyAudit(), entries == count else { Issue.record("audit"); return }
    }

    @Test("groups hold at most groupSize mails and groupBytes bytes; a larger mail is a group of its own")
    func groupBounds() throws {
        let d = try Desk()
        let new = d.directory.appendingPathComponent("Maildir/new")
        func entry(_ name: String, bytes: Int) throws -> MaildirEntry {
            let url = new.appendingPathComponent(name)
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            // Sparse: the size is what stat reports, no disk is written.
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: UInt64(bytes))
            try handle.close()
            return MaildirEntry(directory: new, name: name)
        }
        let big = MailPass.groupBytes / 2 + 1
        let large = try (0..<3).map { try entry("large\($0)", bytes: big) } + [try entry("huge", bytes: MailPass.groupBytes * 2)]
        #expect(MailPass.groups(large).map { $0.map(\.name) } == [["large0"], ["large1"], ["large2"], ["huge"]])
        let small = try (0..<(2 * MailPass.groupSize + 5)).map { try entry("small\($0)", bytes: 2_000) }
        #expect(MailPass.groups(small).map(\.count) == [MailPass.groupSize, MailPass.groupSize, 5])
        #expect(MailPass.groups(small).flatMap { $0 } == small)
    }
}
