import Foundation
import Testing
import TestSupport

/// requests.md §3.4 from the outside: the binary processes mails with planted passwords (the
/// fixtures of RequestsTests), and then every byte the desk wrote — maildir, Outbox, the SQLite
/// registry and its WAL, its debug log, and what `inspect`, `requests`, `outbox` and `audit`
/// print — is searched for each planted value.
@Suite("Passwords never leave the mail they came in (requests.md §3.4)")
struct PasswordTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("RequestsTests/Fixtures/Passwords")

    static func planted() throws -> [(file: String, values: [String])] {
        try String(contentsOf: fixtures.appendingPathComponent("PLANTED.tsv"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
                let cells = line.split(separator: "\t")
                return (String(cells[0]), cells[1].split(separator: "|").map(String.init))
            }
    }

    /// Every regular file under `dir`, with its path.
    static func files(_ dir: URL) -> [(String, Data)] {
        guard let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return walker.compactMap { item in
            guard let url = item as? URL, (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                  let data = try? Data(contentsOf: url) else { return nil }
            return (url.path, data)
        }
    }

    @Test("no planted value in anything the desk wrote or printed; the copies say [REDACTED]")
    func nowhere() throws {
        let planted = try Self.planted()
        let dir = try ProcessTests.desk(mails: 0, name: "passwords")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, entry) in planted.enumerated() {
            let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(entry.file))
            try data.write(to: dir.appendingPathComponent("Maildir/new/\(1_795_495_500 + i).M\(i)P1.pw"))
        }
        var printed = ""
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "debug"], in: dir)
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(pass.stderr.contains("a password was cut from the stored copy"))
        printed += pass.stdout + pass.stderr
        let filed = Self.files(dir.appendingPathComponent("Maildir")).filter { $0.0.contains("/cur/") || $0.0.contains("/.") && $0.0.contains("/new/") }
        #expect(filed.count == planted.count)
        for (path, _) in filed {
            let inspect = try Binary.run(["inspect", path, "--format", "json"], in: dir)
            printed += inspect.stdout + inspect.stderr
        }
        // An operator may inspect a mail before the desk has filed it.
        for entry in planted {
            for format in ["text", "json"] {
                let inspect = try Binary.run(["inspect", Self.fixtures.appendingPathComponent(entry.file).path, "--format", format], in: dir)
                printed += inspect.stdout + inspect.stderr
            }
        }
        for command in [["requests", "--format", "json"], ["outbox", "--format", "json"], ["audit", "verify"]] {
            let result = try Binary.run(command, in: dir)
            printed += result.stdout + result.stderr
        }
        let written = Self.files(dir)
        #expect(written.contains { $0.0.hasSuffix("iddesk.sqlite") })
        for (_, values) in planted {
            for value in values {
                let bytes = Data(value.utf8)
                for (path, data) in written {
                    #expect(data.range(of: bytes) == nil, "\(value) found in \(path)")
                }
                #expect(!printed.contains(value), "\(value) printed")
            }
        }
        // Each mail was answered, and each answer warns.
        let outbox = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("Outbox/new").path)
        let warned = try outbox.filter { name in
            let shown = try Binary.run(["inspect", dir.appendingPathComponent("Outbox/new/\(name)").path], in: dir).stdout
            return shown.contains("Passwords must never be mailed")
        }
        #expect(warned.count == planted.count, "\(warned.count) of \(outbox.count) letters warn")
        // Every stored copy was rewritten (RequestsTests check what the copies say).
        let originals = try Set(planted.map { try Data(contentsOf: Self.fixtures.appendingPathComponent($0.file)) })
        #expect(filed.allSatisfy { !originals.contains($0.1) })
    }
}

@Suite("A mailed password opens a reset ticket (requests.md §3.4)")
struct ExposedPasswordTests {
    @Test("a password on a line of its own in a refused handover: the ID named in the mail gets a ticket of a pending reset request")
    func refusedHandover() throws {
        let dir = try ImportCommandTests.deskWithRecords(name: "exposed", sheet: ImportCommandTests.sheet.replacingOccurrences(
            of: "igotdoptcc1@nic.in,,,,,", with: "igotdoptcc1@nic.in,Shri D. Rao,Section Officer,d.rao@nic.in,9800000003,01/04/2022"))
        defer { try? FileManager.default.removeItem(at: dir) }
        // From the holder, effective far beyond the handover window: refused.
        try Data(VerifiedMail.from("From: d.rao@nic.in\nMessage-ID: <pw@nic.in>\nSubject: Handover of generic ID\n\n"
                                   + "Generic ID: igotdoptcc1@nic.in\nOutgoing officer: d.rao@nic.in\nEffective date: 15/09/2027\n"
                                   + "Password: Xq7Secret41\nSuccessor: Shri E. Singh, Section Officer, e.singh@nic.in, 9800000009\n").utf8)
            .write(to: dir.appendingPathComponent("Maildir/new/1795495600.M1P1.pw"))
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"], in: dir)
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(pass.stdout.contains("filed to .Refused"), "\(pass.stdout)")
        let requests = try Binary.run(["requests", "--pending", "--format", "json"], in: dir)
        let pending = try #require(try JSONSerialization.jsonObject(with: Data(requests.stdout.utf8)) as? [[String: Any]])
        #expect(pending.count == 1)
        #expect(pending.first?["type"] as? String == "reset")
        #expect(pending.first?["ids"] as? [String] == ["igotdoptcc1@nic.in"])
        #expect(!requests.stdout.contains("Xq7Secret41"))
    }
}
