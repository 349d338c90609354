import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Commands an operator runs beside the desk's passes (cli.md): each waits for or refuses what
/// would break the desk, and says so in one line.
@Suite("Operator commands beside a running desk (cli.md)", .serialized)
struct OperatorCommandTests {
    @Test("reprocess waits for the maildir's lock, then says busy and moves nothing")
    func reprocessUnderLock() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "reprocess-lock")
        defer { try? FileManager.default.removeItem(at: dir) }
        try MaildirEdgeTests.note("refused").write(to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.host"))
        #expect(try Binary.run(["process", "--now", MaildirEdgeTests.now], in: dir).status == 0)
        let refused = try #require(try MaildirEdgeTests.files(dir, ".Refused/new").first)
        let fd = open(dir.appendingPathComponent("Maildir/.iddesk.lock").path, O_RDWR | O_CREAT, 0o600)
        #expect(fd >= 0 && flock(fd, LOCK_EX) == 0)
        defer { close(fd) }
        let result = try Binary.run(["reprocess", "Maildir/.Refused/new/\(refused)", "--now", MaildirEdgeTests.now], in: dir)
        #expect(result.status == 1 && result.stderr.hasPrefix("iddesk: busy:"), "\(result.stderr)")
        #expect(try MaildirEdgeTests.files(dir, ".Refused/new") == [refused] && MaildirEdgeTests.files(dir, "new").isEmpty)
    }

    @Test("a registry a newer iddesk migrated is refused in one line, not written")
    func newerRegistry() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "newer-registry")
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CrashSafetyTests.query(dir, "INSERT INTO grdb_migrations VALUES ('v99: from the future')")
        let result = try Binary.run(["roster", "--now", MaildirEdgeTests.now], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("made by a newer iddesk") && result.stderr.filter(\.isNewline).count == 1, "\(result.stderr)")
    }

    @Test("log records carry UTC times with Z, whatever the machine's time zone")
    func logTimesInUTC() throws {
        let dir = try Binary.scratch("log-utc")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Binary.run(["init", dir.appendingPathComponent("d").path], environment: ["TZ": "Asia/Kolkata"])
        #expect(result.status == 0)
        let first = try #require(result.stderr.split(separator: "\n").first)
        #expect(first.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ info .*/) != nil, "\(first)")
    }

    @Test("roster's table ends with each MDO's Nodal Officer and Admin of record and its pending requests (workflow.md §4)")
    func rosterSections() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "roster-sections")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(ProcessTests.nomination(messageID: "n1").utf8).write(to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.test"))
        #expect(try Binary.run(["process", "--now", MaildirEdgeTests.now], in: dir).status == 0)
        let roster = try Binary.run(["roster", "--mdo", "dopt", "--now", MaildirEdgeTests.now], in: dir)
        #expect(roster.status == 0, "\(roster.stderr)")
        #expect(roster.stdout.contains("dopt: Nodal Officer -; Admin -\n"), "not approved yet: \(roster.stdout)")
        #expect(roster.stdout.contains("dopt: pending requests: REQ-2026-000001 (nomination)\n"), "\(roster.stdout)")
    }
}
