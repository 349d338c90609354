import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Mail
import Testing

/// A maildir in a fresh temporary folder, removed at the end of the test.
final class TemporaryMaildir {
    let maildir: Maildir
    init() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-maildir-\(UUID().uuidString)")
        maildir = Maildir(root: root)
        try maildir.create(withSubfolders: false)
    }
    deinit { try? FileManager.default.removeItem(at: maildir.root) }

    @discardableResult
    func put(_ name: String, in folder: String = "new", _ content: String = "Subject: x\n\nbody\n") throws -> URL {
        let url = maildir.root.appendingPathComponent(folder).appendingPathComponent(name)
        try Data(content.utf8).write(to: url)
        return url
    }

    func names(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: maildir.root.appendingPathComponent(folder).path).sorted()
    }
}

@Suite("Maildir: reading, filing, delivering (maildir spec, Maildir++)")
struct MaildirTests {
    @Test("new/ lists regular files only: no dot files, no folders, nothing from tmp/ or cur/")
    func listing() throws {
        let t = try TemporaryMaildir()
        try t.put("1795495500.M1P1.host")
        try t.put(".hidden")
        try t.put("1795495501.M1P1.host", in: "tmp")
        try t.put("1795495502.M1P1.host:2,S", in: "cur")
        try FileManager.default.createDirectory(at: t.maildir.new.appendingPathComponent("subdir"), withIntermediateDirectories: true)
        #expect(try t.maildir.listNew().map(\.name) == ["1795495500.M1P1.host"])
    }

    @Test("order: receipt time from the name (else mtime), then Date, then file name")
    func ordering() throws {
        let t = try TemporaryMaildir()
        try t.put("1795495600.M1P1.host", "Date: Tue, 24 Nov 2026 09:00:00 +0000\n\nx")
        try t.put("1795495500.M9P1.b", "Date: Tue, 24 Nov 2026 10:00:00 +0000\n\nx")
        try t.put("1795495500.M2P1.a", "Date: Tue, 24 Nov 2026 08:00:00 +0000\n\nx")
        try t.put("1795495500.M3P1.c", "Subject: no date\n\nx")
        try t.put("1795495500.M4P1.d", "Date: Tue, 24 Nov 2026 08:00:00 +0000\n\nx")
        let odd = try t.put("no-time-in-name", "Date: Tue, 24 Nov 2026 11:00:00 +0000\n\nx")
        var times = utimbuf(actime: 1_795_495_550, modtime: 1_795_495_550)
        utime(odd.path, &times)
        let m = t.maildir
        let sorted = MaildirOrder.sorted(try m.listNew(), receipt: { m.receiptTime($0) },
                                         date: { e in (try? m.read(e)).flatMap { Message(data: $0).date?.instant } })
        #expect(sorted.map(\.name) == ["1795495500.M2P1.a", "1795495500.M4P1.d", "1795495500.M9P1.b",
                                       "1795495500.M3P1.c", "no-time-in-name", "1795495600.M1P1.host"])
    }

    @Test("filing to cur/ adds S and keeps the mail's own flags, sorted")
    func flags() throws {
        let t = try TemporaryMaildir()
        try t.put("1795495500.M1P1.host,S=20")
        try t.put("1795495501.M1P1.host:2,TF")
        for entry in try t.maildir.listNew() {
            try t.maildir.file(entry, to: .cur(addingFlags: ["S"]))
        }
        #expect(try t.names("cur") == ["1795495500.M1P1.host,S=20:2,S", "1795495501.M1P1.host:2,FST"])
        #expect(try t.names("new").isEmpty)
    }

    @Test("filing to a sub-maildir creates it (Maildir++) and lands in its new/")
    func subfolders() throws {
        let t = try TemporaryMaildir()
        try t.put("1795495500.M1P1.host", "Subject: review me\n\nx")
        let entry = try #require(try t.maildir.listNew().first)
        let filed = try t.maildir.file(entry, to: .folder(.review))
        #expect(filed.url.path == t.maildir.root.appendingPathComponent(".Review/new/1795495500.M1P1.host").path)
        #expect(try t.names(".Review") == ["cur", "maildirfolder", "new", "tmp"])
        #expect(try String(contentsOf: filed.url, encoding: .utf8) == "Subject: review me\n\nx")
    }

    @Test("a name already taken is never replaced: the mail gets a distinct name")
    func collision() throws {
        let t = try TemporaryMaildir()
        try t.put("1795495500.M1P1.host", "first")
        try t.maildir.file(try #require(try t.maildir.listNew().first), to: .cur(addingFlags: ["S"]))
        try t.put("1795495500.M1P1.host", "second")
        try t.maildir.file(try #require(try t.maildir.listNew().first), to: .cur(addingFlags: ["S"]))
        #expect(try t.names("cur") == ["1795495500.M1P1.host-1:2,S", "1795495500.M1P1.host:2,S"])
        #expect(try String(contentsOf: t.maildir.cur.appendingPathComponent("1795495500.M1P1.host:2,S"), encoding: .utf8) == "first")
        #expect(try String(contentsOf: t.maildir.cur.appendingPathComponent("1795495500.M1P1.host-1:2,S"), encoding: .utf8) == "second")
    }

    @Test("names with odd characters are listed, read and filed", arguments: [
        "1795495500.M1P1.host name with spaces", "1795495500.M1P1.hoşt-ünïcode", "1795495500.M1P1.h\\057st,S=12,W=14",
        "1795495500.M1P1.host;semi'quote\"", "no-digits-at-all",
    ])
    func oddNames(name: String) throws {
        let t = try TemporaryMaildir()
        try t.put(name, "odd")
        let entry = try #require(try t.maildir.listNew().first)
        #expect(entry.name == name)
        #expect(try t.maildir.read(entry) == Data("odd".utf8))
        try t.maildir.file(entry, to: .folder(.refused))
        #expect(try t.names(".Refused/new") == [name])
    }

    @Test("delivery: through tmp/, unique names, into new/ or cur/ with flags; tmp/ left empty")
    func delivery() throws {
        let t = try TemporaryMaildir()
        let now = Date(timeIntervalSince1970: 1_795_495_500.25)
        let a = try t.maildir.deliver(Array("letter one".utf8), into: .new, now: now)
        let b = try t.maildir.deliver(Array("letter two".utf8), into: .cur(flags: ["S"]), now: now)
        #expect(a.name.hasPrefix("1795495500.M250000P"))
        #expect(b.name.hasSuffix(":2,S"))
        #expect(a.uniqueName != b.uniqueName)
        #expect(try String(contentsOf: a.url, encoding: .utf8) == "letter one")
        #expect(try String(contentsOf: b.url, encoding: .utf8) == "letter two")
        #expect(try t.names("tmp").isEmpty)
        let names = Set((0..<200).map { _ in Maildir.uniqueName(now: now) })
        #expect(names.count == 200)
    }

    @Test("rewrite replaces the content through tmp/ under the same name")
    func rewrite() throws {
        let t = try TemporaryMaildir()
        try t.put("1795495500.M1P1.host", "Password: hunter2\n")
        let entry = try #require(try t.maildir.listNew().first)
        try t.maildir.rewrite(entry, with: Array("Password: [REDACTED]\n".utf8))
        #expect(try String(contentsOf: entry.url, encoding: .utf8) == "Password: [REDACTED]\n")
        #expect(try t.names("tmp").isEmpty)
    }

    @Test("stale tmp/ files (over 36 hours) are removed, fresh ones kept")
    func staleTmp() throws {
        let t = try TemporaryMaildir()
        let now = Date(timeIntervalSince1970: 1_795_495_500)
        for (name, age) in [("old", 37.0 * 3600), ("young", 35.0 * 3600)] {
            let url = try t.put(name, in: "tmp")
            var times = utimbuf(actime: time_t(now.timeIntervalSince1970 - age), modtime: time_t(now.timeIntervalSince1970 - age))
            utime(url.path, &times)
        }
        #expect(try t.maildir.removeStaleTemporaryFiles(now: now) == ["old"])
        #expect(try t.names("tmp") == ["young"])
    }

    @Test("a mail that vanished after listing reads as nil, not an error")
    func vanished() throws {
        let t = try TemporaryMaildir()
        let url = try t.put("1795495500.M1P1.host")
        let entry = try #require(try t.maildir.listNew().first)
        try FileManager.default.removeItem(at: url)
        #expect(try t.maildir.read(entry) == nil)
        #expect(throws: MaildirError.self) { try t.maildir.file(entry, to: .cur(addingFlags: ["S"])) }
    }

    @Test("the lock is exclusive: a second holder waits, then gets nil")
    func lock() throws {
        let t = try TemporaryMaildir()
        func holdAndTry() throws {
            let first = try #require(try MaildirLock.acquire(t.maildir, wait: 0))
            let start = Date()
            #expect(try MaildirLock.acquire(t.maildir, wait: 0.3) == nil)
            #expect(Date().timeIntervalSince(start) >= 0.3)
            withExtendedLifetime(first) {}
        }
        try holdAndTry()
        // Released with its owner.
        #expect(try MaildirLock.acquire(t.maildir, wait: 0) != nil)
    }
}
