import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

/// workflow §6, "never lose a message": files in `new/` as a mail server or an operator can
/// leave them, none of which may hold up the mail after it, be taken for another mail, or be
/// removed.
@Suite("Maildir edge cases: one odd file never holds up the desk (workflow.md §6)", .serialized)
struct MaildirEdgeTests {
    static let now = "2026-11-24T18:00:00+05:30"

    /// A verified office note from `officer`, with its own Message-ID.
    static func note(_ officer: String) -> Data {
        Data(VerifiedMail.from("From: \(officer)@example.nic.in\nMessage-ID: <\(officer)@example.nic.in>\nSubject: Office note\n"
            + "Date: Tue, 24 Nov 2026 10:00:00 +0530\n\nPlease see the note of \(officer).\n").utf8)
    }

    static func files(_ dir: URL, _ folder: String) throws -> [String] {
        let path = dir.appendingPathComponent("Maildir/\(folder)").path
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Every filed mail: `cur/` and the `new/` of each sub-maildir.
    static func filed(_ dir: URL) throws -> [String] {
        let root = dir.appendingPathComponent("Maildir").path
        let folders = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(".") }.map { "\($0)/new" }
        return try (["cur"] + folders).flatMap { try files(dir, $0) }.sorted()
    }

    @Test("a mail under a name used before by another mail is handled as new, not filed as the recorded one")
    func reusedName() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "reused-name")
        defer { try? FileManager.default.removeItem(at: dir) }
        let new = dir.appendingPathComponent("Maildir/new/test1")
        try Self.note("first").write(to: new)
        #expect(try Binary.run(["process", "--now", Self.now], in: dir).status == 0)
        try Self.note("second").write(to: new)
        let second = try Binary.run(["process", "--now", Self.now], in: dir)
        #expect(second.status == 0)
        #expect(!second.stdout.contains("recovered"), "\(second.stdout)")
        #expect(second.stdout.contains("test1"), "\(second.stdout)")
        #expect(try Self.files(dir, "new").isEmpty)
        // Both answered: the second mail got its own acknowledgement.
        let outbox = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("Outbox/new").path)
        let texts = try outbox.map { try String(contentsOf: dir.appendingPathComponent("Outbox/new/\($0)"), encoding: .utf8) }
        #expect(texts.contains { $0.contains("To: second@example.nic.in") }, "the second mail was answered")
    }

    @Test("a mail whose name is 255 bytes is filed (its name shortened), and the desk goes on")
    func longName() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "long-name")
        defer { try? FileManager.default.removeItem(at: dir) }
        let name = "1795495500.M1P1." + String(repeating: "h", count: 255 - 16)
        #expect(name.utf8.count == 255)
        // A nomination: applied, so filed to cur/ with ":2,S" added, past 255 bytes unless shortened.
        try Data(ProcessTests.nomination(messageID: "long").utf8).write(to: dir.appendingPathComponent("Maildir/new/\(name)"))
        try Self.note("short").write(to: dir.appendingPathComponent("Maildir/new/1795495501.M2P1.host"))
        let result = try Binary.run(["process", "--now", Self.now], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.files(dir, "new").isEmpty)
        let filed = try Self.filed(dir)
        #expect(filed.count == 2 && filed.allSatisfy { $0.utf8.count <= 255 }, "\(filed)")
        #expect(filed.contains { $0.hasPrefix("1795495500.M1P1.hhh") && $0.contains("~") }, "\(filed)")
    }

    @Test("a --now ahead of the machine's clock removes no file still being delivered to tmp/")
    func staleTemporaryFilesByTheClock() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "tmp-clock")
        defer { try? FileManager.default.removeItem(at: dir) }
        let delivering = dir.appendingPathComponent("Maildir/tmp/1796000000.M1P1.mx")
        try Data("From: x@nic.in\n".utf8).write(to: delivering)
        let ahead = ISO8601DateFormatter().string(from: Date().addingTimeInterval(5 * 86_400))
        let result = try Binary.run(["process", "--now", ahead], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: delivering.path), "\(result.stdout)")
    }

    @Test("a mail the desk cannot read is filed unread to .Review with the reason; the mail after it is handled")
    func unreadable() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "unreadable")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.note("locked").write(to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.host"))
        try Self.note("open").write(to: dir.appendingPathComponent("Maildir/new/1795495501.M2P1.host"))
        chmod(dir.appendingPathComponent("Maildir/new/1795495500.M1P1.host").path, 0)
        // Root reads any file: the desk runs as an unprivileged user here, as in production.
        var arguments = ["process", "--now", Self.now]
        if getuid() == 0 {
            let chown = Process()
            chown.executableURL = URL(fileURLWithPath: "/bin/chown")
            chown.arguments = ["-R", "65534:65534", dir.path]
            try chown.run()
            chown.waitUntilExit()
            arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Binary.url.path] + arguments
        }
        let result = getuid() == 0 ? try Binary.run(arguments, in: dir, executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
            : try Binary.run(arguments, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1795495500.M1P1.host") && result.stdout.contains("cannot be read"), "\(result.stdout)")
        #expect(try Self.files(dir, "new").isEmpty)
        #expect(try Self.files(dir, ".Review/new") == ["1795495500.M1P1.host"])
        #expect(try Self.filed(dir).count == 2, "the readable mail was handled")
    }

    @Test("a mail whose file name is not UTF-8 is renamed in place (stray bytes as %XX) and handled")
    func nonUTF8Name() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "non-utf8-name")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = Self.note("latin")
        let path = Array(dir.appendingPathComponent("Maildir/new").path.utf8) + Array("/1795495500.M1P1.caf".utf8) + [0xE9, 0]
        let fd = path.withUnsafeBufferPointer { p in p.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o644) } }
        #expect(fd >= 0)
        _ = data.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        close(fd)
        let result = try Binary.run(["process", "--now", Self.now], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1795495500.M1P1.caf%E9"), "\(result.stdout)")
        #expect(!result.stdout.contains("vanished"), "\(result.stdout)")
        #expect(try Self.files(dir, "new").isEmpty)
        #expect(try Self.filed(dir) == ["1795495500.M1P1.caf%E9"])
    }

    @Test("a symbolic link in new/ is never read: left there, and the log says so")
    func symbolicLink() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "symlink")
        defer { try? FileManager.default.removeItem(at: dir) }
        let outside = dir.appendingPathComponent("outside.eml")
        try Self.note("linked").write(to: outside)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.link").path,
                                                   withDestinationPath: outside.path)
        let result = try Binary.run(["process", "--now", Self.now, "--log-level", "warning"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("not a regular file") && result.stderr.contains("1795495500.M1P1.link"), "\(result.stderr)")
        #expect(try Self.files(dir, "new") == ["1795495500.M1P1.link"])
        #expect(try Self.filed(dir).isEmpty)
    }
}
