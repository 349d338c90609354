import Foundation
import Testing
import TestSupport

@Suite("iddesk process and run on a real maildir (workflow.md §6)")
struct ProcessTests {
    /// A desk made by `iddesk init` with poll_interval 1, the daily summary at 23:59, and
    /// `count` mails from gen-maildir.py.
    static func desk(mails count: Int, name: String) throws -> URL {
        let dir = try Binary.scratch(name)
        let initResult = try Binary.run(["init", dir.path, "--log-level", "warning"])
        #expect(initResult.status == 0, "\(initResult.stderr)")
        let config = dir.appendingPathComponent("iddesk.toml")
        let text = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "poll_interval = 30 ", with: "poll_interval = 1  ")
            // The daily summary (workflow §9) late in the day, so that the tests' passes at
            // 18:00 see only the letters of their mail; TimeDrivenTests test the summary.
            .replacingOccurrences(of: "at = \"09:00\"", with: "at = \"23:59\"")
        try Data(text.utf8).write(to: config)
        if count > 0 {
            let gen = Binary.sharedTools.appendingPathComponent("gen-maildir.py")
            let target = dir.appendingPathComponent("Maildir/new")
            if FileManager.default.fileExists(atPath: gen.path) {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
                process.arguments = [gen.path, "--count", "\(count)", "--seed", "7", "--quiet", dir.appendingPathComponent("gen").path]
                try process.run()
                process.waitUntilExit()
                #expect(process.terminationStatus == 0)
                let from = dir.appendingPathComponent("gen/new")
                // Our mail server adds its Authentication-Results to each mail it delivers.
                for name in try FileManager.default.contentsOfDirectory(atPath: from.path) {
                    let data = try Data(contentsOf: from.appendingPathComponent(name))
                    // The field is prepended to the bytes as they are: 8-bit mail stays byte for byte.
                    let field = VerifiedMail.authenticationResults(for: String(decoding: data, as: UTF8.self)).map { Data(($0 + "\n").utf8) }
                    try ((field ?? Data()) + data).write(to: target.appendingPathComponent(name))
                }
            } else {
                // Without ../shared beside the clone: plain office mail written here.
                for i in 0..<count {
                    let mail = VerifiedMail.from("From: officer\(i)@example.nic.in\nMessage-ID: <\(i)@example.nic.in>\nSubject: Office note \(i)\n" +
                        "Date: Tue, 24 Nov 2026 10:00:00 +0530\n\nPlease see the note on file \(i).\n")
                    try Data(mail.utf8).write(to: target.appendingPathComponent("\(1_795_495_500 + i).M\(i)P1.test"))
                }
            }
        }
        return dir
    }

    /// The nomination of the Department of Personnel and Training by its Nodal Officer, as the
    /// mail that starts most end-to-end stories.
    static func nomination(messageID: String) -> String {
        """
        Authentication-Results: mx.dopt.gov.in; dkim=pass header.d=nic.in; dmarc=pass header.from=nic.in
        From: "A. Kumar" <a.kumar@nic.in>
        Message-ID: <\(messageID)@nic.in>
        Subject: Nomination of Nodal Officer and Admin - DoPT
        Date: Tue, 24 Nov 2026 10:00:00 +0530

        MDO: Department of Personnel and Training
        MDO code: dopt
        Nodal Officer: Shri A. Kumar, Deputy Secretary, a.kumar@nic.in, 9800000001
        Admin: Ms. B. Sharma, Section Officer, b.sharma@gov.in, 9800000002
        """
    }

    /// The mails in .Refused, .Ignored, .Forged and .Review, sorted.
    static func filed(_ dir: URL) -> [String] {
        ["Refused", "Ignored", "Forged", "Review"].flatMap { names(dir, "Maildir/.\($0)/new") }.sorted()
    }

    static func names(_ dir: URL, _ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(folder).path)) ?? []).sorted()
    }

    @Test("process files every mail once and prints a line per mail and a total")
    func processOnce() throws {
        let dir = try Self.desk(mails: 25, name: "process")
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = Self.names(dir, "Maildir/new")
        let result = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        // A line per mail, the total, then the letters delivered to the Outbox maildir.
        let lines = result.stdout.split(separator: "\n").filter { !$0.hasSuffix("/Outbox") }
        #expect(lines.count == 26)
        #expect(lines.last == "25 mails handled")
        // Office mail is no request; mail whose From the sender check cannot accept (several
        // mailboxes, a look-alike address) is forged-looking; a scanned letter or differing
        // plain and HTML parts go to .Review.
        #expect(lines.dropLast().allSatisfy {
            $0.contains("filed to .Refused: refused: ") || $0.contains("filed to .Ignored") || $0.contains("filed to .Forged: failed the sender check: ")
                || $0.contains("for a person to look at: ")
        })
        #expect(Self.names(dir, "Maildir/new").isEmpty)
        #expect(Self.filed(dir) == before)
        let again = try Binary.run(["process", "--log-level", "warning"], in: dir)
        #expect(again.stdout == "0 mails handled\n")
    }

    @Test("a mail's line breaks never start a line of process's output or of its log")
    func oneLinePerMail() throws {
        let dir = try Self.desk(mails: 0, name: "oneline")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A Subject whose encoded words hold CR LF, and a CSV cell with a line feed: both are
        // quoted in the refusal's reason, which the report line and the log's "filed" show.
        let subject = "=?UTF-8?Q?Hello_there=0D=0AX-Injected:_yes=0D=0A=0D=0AAPPROVE_REQ-2026-000001_ABCDEFGH?="
        let mail = """
            Authentication-Results: mx.dopt.gov.in; dkim=pass header.d=nic.in; dmarc=pass header.from=nic.in
            From: "A. Kumar" <a.kumar@nic.in>
            Message-ID: <oneline@nic.in>
            Subject: \(subject)
            Date: Tue, 24 Nov 2026 10:00:00 +0530

            Please help with my ID.
            """
        try Data(mail.utf8).write(to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.test"))
        let result = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "info"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        // Split at every line break a terminal or a log reader honours: CR LF is one Character,
        // which a split at "\n" alone does not see.
        let lines = (result.stdout + result.stderr).split(whereSeparator: { $0.isNewline })
        #expect(!lines.contains { $0.hasPrefix("X-Injected") || $0.hasPrefix("APPROVE") })
        // The mail is still named in its line, its words kept.
        #expect(result.stdout.split(whereSeparator: { $0.isNewline }).contains { $0.hasPrefix("1795495500.M1P1.test") && $0.contains("X-Injected: yes") })
    }

    @Test("two processes at once on 500 mails: each mail handled exactly once")
    func twoAtOnce() throws {
        let dir = try Self.desk(mails: 500, name: "two")
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = Self.names(dir, "Maildir/new")
        #expect(before.count == 500)
        let results = try [0, 1].map { _ in try Binary.start(["process", "--log-level", "warning"], in: dir) }.map { try $0.finish() }
        #expect(results.allSatisfy { $0.status == 0 })
        let handled = results.flatMap { $0.stdout.split(separator: "\n").filter { $0.contains("  filed to .") } }
        #expect(handled.count == 500)
        #expect(Set(handled.map { String($0.prefix { $0 != " " }) }) == Set(before))
        #expect(Self.names(dir, "Maildir/new").isEmpty)
        #expect(Self.filed(dir) == before)
        // The lock serialised them: one did all the work; the other found the maildir busy, or
        // (when the first finished within the one-second wait) found nothing left.
        let totals = results.map { $0.stdout.split(separator: "\n").last { !$0.hasSuffix("/Outbox") }.map(String.init) ?? "" }
        #expect(totals.contains("500 mails handled"))
        #expect(totals.contains("0 mails handled") || totals.contains { $0.hasPrefix("busy") })
    }

    @Test("a held lock makes process wait poll_interval, then exit 0 saying busy")
    func busy() throws {
        let dir = try Self.desk(mails: 3, name: "busy")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Another process (util-linux flock) holds the maildir's lock for three seconds.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [dir.appendingPathComponent("Maildir/.iddesk.lock").path, "sleep", "3"]
        try holder.run()
        Thread.sleep(forTimeInterval: 0.3)
        let start = Date()
        let result = try Binary.run(["process", "--log-level", "warning"], in: dir)
        let waited = Date().timeIntervalSince(start)
        #expect(result.status == 0)
        #expect(result.stdout == "busy: another iddesk process holds the maildir; nothing done\n")
        #expect(waited >= 1.0 && waited < 2.9, "waited \(waited) s")
        #expect(Self.names(dir, "Maildir/new").count == 3)
        holder.waitUntilExit()
        let after = try Binary.run(["process", "--log-level", "warning"], in: dir)
        #expect(after.stdout.contains("\n3 mails handled\n"))
    }

    @Test("run polls until SIGTERM, handles mail that arrives meanwhile, and exits 0")
    func runUntilTerm() throws {
        let dir = try Self.desk(mails: 0, name: "run")
        defer { try? FileManager.default.removeItem(at: dir) }
        let running = try Binary.start(["run", "--log-level", "warning"], in: dir)
        Thread.sleep(forTimeInterval: 0.5)
        let mail = VerifiedMail.from("From: a.kumar@nic.in\nSubject: Status dopt\nDate: Tue, 24 Nov 2026 10:00:00 +0530\n\nMDO code: dopt\n")
        try Data(mail.utf8).write(to: dir.appendingPathComponent("Maildir/tmp/1795495500.M1P1.test"))
        try FileManager.default.moveItem(at: dir.appendingPathComponent("Maildir/tmp/1795495500.M1P1.test"),
                                         to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.test"))
        // The next poll (one second) files it.
        var filed = false
        for _ in 0..<40 where !filed {
            Thread.sleep(forTimeInterval: 0.1)
            filed = Self.names(dir, "Maildir/.Refused/new") == ["1795495500.M1P1.test"]
        }
        #expect(filed)
        running.process.terminate()
        let result = try running.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1795495500.M1P1.test"))
    }

    @Test("run reads the templates once, at start: a template edited while it runs changes no letter until a restart")
    func runKeepsTemplates() throws {
        let dir = try Self.desk(mails: 0, name: "run-templates")
        defer { try? FileManager.default.removeItem(at: dir) }
        let bundled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Letters/Templates")
        let folder = dir.appendingPathComponent("Templates")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: bundled.path).filter { $0.hasSuffix(".mustache") }
        func write(_ mark: String) throws {
            for name in names {
                let text = try String(contentsOf: bundled.appendingPathComponent(name), encoding: .utf8)
                try Data((text + "\n\(mark)\n").utf8).write(to: folder.appendingPathComponent(name))
            }
        }
        try write("Marked at start.")
        let running = try Binary.start(["run", "--log-level", "warning"], in: dir)
        Thread.sleep(forTimeInterval: 0.5)
        try write("Marked while running.")
        let mail = VerifiedMail.from("From: a.kumar@nic.in\nSubject: Status dopt\nDate: Tue, 24 Nov 2026 10:00:00 +0530\n\nMDO code: dopt\n")
        try Data(mail.utf8).write(to: dir.appendingPathComponent("Maildir/tmp/1795495500.M1P1.test"))
        try FileManager.default.moveItem(at: dir.appendingPathComponent("Maildir/tmp/1795495500.M1P1.test"),
                                         to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.test"))
        var letters: [String] = []
        for _ in 0..<40 where letters.isEmpty {
            Thread.sleep(forTimeInterval: 0.1)
            letters = Self.names(dir, "Outbox/new")
        }
        running.process.terminate()
        let result = try running.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(letters.count == 1)
        let letter = try String(contentsOf: dir.appendingPathComponent("Outbox/new/" + (letters.first ?? "none")), encoding: .utf8)
        #expect(letter.contains("Marked at start."))
        #expect(!letter.contains("Marked while running."))
    }

    @Test("a reader gone from run's output ends it as SIGPIPE always did, never a crash, though libcurl's setup ignores SIGPIPE")
    func closedOutput() throws {
        let dir = try Self.desk(mails: 0, name: "closed-output")
        defer { try? FileManager.default.removeItem(at: dir) }
        let mail = VerifiedMail.from("From: a.kumar@nic.in\nSubject: Status dopt\nDate: Tue, 24 Nov 2026 10:00:00 +0530\n\nMDO code: dopt\n")
        try Data(mail.utf8).write(to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.test"))
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["run", "--log-level", "error"]
        process.currentDirectoryURL = dir
        // The first pass sends its letter through libcurl (a relay that is down), then writes
        // its report to an output nobody reads any more.
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "IDDESK_SMTP_URL": "smtp://127.0.0.1:1/desk"]
        let out = Pipe(), err = Pipe()
        try out.fileHandleForReading.close()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        try out.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .uncaughtSignal, "\(stderr)")
        #expect(process.terminationStatus == SIGPIPE, "\(stderr)")
        #expect(!stderr.contains("Fatal error"))
    }
}

@Suite("iddesk audit verify and head (workflow.md §7)")
struct AuditCommandTests {
    @Test("after a pass the chain verifies; an edited entry makes verify exit 1 naming it; --head catches a cut tail")
    func verify() throws {
        let dir = try ProcessTests.desk(mails: 6, name: "audit")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Binary.run(["process", "--log-level", "warning"], in: dir).status == 0)
        let head = try Binary.run(["audit", "head"], in: dir)
        #expect(head.status == 0)
        let parts = head.stdout.split(separator: " ")
        #expect(parts.count == 2 && parts[0].count == 64 && parts[1] == "6\n")
        let ok = try Binary.run(["audit", "verify", "--head", String(parts[0])], in: dir)
        #expect(ok.status == 0)
        #expect(ok.stdout == "intact: 6 entries, head \(parts[0])\n")

        func sql(_ statement: String) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            p.arguments = ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()",
                           dir.appendingPathComponent("iddesk.sqlite").path, statement]
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        }
        try sql("DELETE FROM audit WHERE seq = 6")
        #expect(try Binary.run(["audit", "verify"], in: dir).status == 0)
        let cut = try Binary.run(["audit", "verify", "--head", String(parts[0])], in: dir)
        #expect(cut.status == 1)
        #expect(cut.stdout.contains("no longer reaches the head"))
        try sql("UPDATE audit SET actor = 'someone.else@nic.in' WHERE seq = 2")
        let edited = try Binary.run(["audit", "verify"], in: dir)
        #expect(edited.status == 1)
        #expect(edited.stdout == "broken at entry 2: its content was changed after it was written (hash differs)\n")
    }
}

@Suite("iddesk requests, outbox and roster after a pass")
struct ListingTests {
    @Test("the samples give a pending nomination with its two letters; JSON in the shapes of cli.md")
    func listings() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "lists")
        defer { try? FileManager.default.removeItem(at: dir) }
        let samples = InspectTests.samples
        // The first day's mail up to the dopt nomination's follow-up (the story's first pass
        // delivers these; the rest come after DoPT/SPV's replies).
        for name in try FileManager.default.contentsOfDirectory(atPath: samples.path) where !name.hasPrefix(".") && name < "1795521600" {
            try FileManager.default.copyItem(at: samples.appendingPathComponent(name), to: dir.appendingPathComponent("Maildir/new/\(name)"))
        }
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"], in: dir)
        #expect(pass.status == 0, "\(pass.stderr)")
        let requests = try Binary.run(["requests", "--pending", "--format", "json"], in: dir)
        let pending = try #require(try JSONSerialization.jsonObject(with: Data(requests.stdout.utf8)) as? [[String: Any]])
        #expect(pending.map { $0["number"] as? String } == ["REQ-2026-000001", "REQ-2026-000004"])
        #expect(pending.first?["type"] as? String == "nomination")
        #expect(pending.first?["mdo"] as? String == "dopt")
        #expect(pending.first?["message_id"] as? String == "<PN2P287MB0123A1B2C3D4E5F6@PN2P287MB0123.INDP287.PROD.OUTLOOK.COM>")
        let outbox = try Binary.run(["outbox", "--format", "json"], in: dir)
        let letters = try #require(try JSONSerialization.jsonObject(with: Data(outbox.stdout.utf8)) as? [[String: Any]])
        let nominationLetters = letters.filter { $0["request"] as? String == "REQ-2026-000001" }
        #expect(nominationLetters.map { $0["template"] as? String } == ["acknowledgement", "approval-request"])
        let approval = try #require(nominationLetters.last?["subject"] as? String)
        #expect(approval.range(of: #"^\[REQ-2026-000001/[0-9A-HJKMNP-TV-Z]{8}\] "#, options: .regularExpression) != nil)
        #expect(nominationLetters.last?["to"] as? [String] == ["spv.igot@nic.in"])
        let roster = try Binary.run(["roster", "--format", "json"], in: dir)
        #expect(roster.stdout == "[]\n")
        #expect(try Binary.run(["roster", "--mdo", "x"], in: dir).status == 2)
        // A nominated MDO has no IDs yet; a code the registry never saw is an error that names it.
        #expect(try Binary.run(["roster", "--mdo", "dopt"], in: dir).status == 0)
        let unknown = try Binary.run(["roster", "--mdo", "doptx"], in: dir)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("--mdo doptx: no MDO with this code in the registry"))
    }
}

@Suite("iddesk reprocess (workflow.md §6)")
struct ReprocessTests {
    @Test("a refused mail goes back to new/ and is handled afresh; an applied one is refused")
    func reprocess() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "reprocess")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(VerifiedMail.from("From: a.kumar@nic.in\nMessage-ID: <r1@nic.in>\nSubject: Hello\n\nkindly do the needful\n").utf8)
            .write(to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.test"))
        try Data(VerifiedMail.from("From: b.sharma@gov.in\nMessage-ID: <r2@nic.in>\nSubject: Status\n\nMDO code: dopt\n").utf8)
            .write(to: dir.appendingPathComponent("Maildir/new/1795495501.M1P1.test"))
        _ = try Binary.run(["process", "--log-level", "warning"], in: dir)
        let refused = dir.appendingPathComponent("Maildir/.Refused/new/1795495500.M1P1.test").path
        let back = try Binary.run(["reprocess", refused], in: dir)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout == "1795495500.M1P1.test: back in new/\n")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.test").path))
        let again = try Binary.run(["process", "--log-level", "warning"], in: dir)
        #expect(again.stdout.contains("1795495500.M1P1.test") && again.stdout.contains("filed to .Refused"))
        #expect(!again.stdout.contains("Duplicate"))
        #expect(try Binary.run(["audit", "verify"], in: dir).status == 0)
    }

    @Test("only a mail in a sub-maildir is moved: a file elsewhere, the configuration through .., a link out, or an applied mail in cur/ stays where it is, exit 1")
    func onlySubMaildirs() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "reprocess-outside")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(VerifiedMail.from("From: b.sharma@gov.in\nMessage-ID: <r2@nic.in>\nSubject: Status\n\nMDO code: dopt\n").utf8)
            .write(to: dir.appendingPathComponent("Maildir/new/1795495501.M1P1.test"))
        _ = try Binary.run(["process", "--log-level", "warning"], in: dir)
        let precious = dir.appendingPathComponent("precious.txt")
        try Data("keep me\n".utf8).write(to: precious)
        let link = dir.appendingPathComponent("Maildir/.Refused/new/1795495999.M1P1.link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: precious)
        // A mail as the desk files an applied one (whatever the registry says of it).
        let applied = "1795495502.M1P1.test:2,S"
        try Data(VerifiedMail.from("From: a.kumar@nic.in\nMessage-ID: <r3@nic.in>\nSubject: Status\n\nMDO code: dopt\n").utf8)
            .write(to: dir.appendingPathComponent("Maildir/cur/" + applied))
        for path in [precious.path, "Maildir/.Refused/new/../../../iddesk.toml", link.path, "Maildir/cur/" + applied, "Maildir/new"] {
            let result = try Binary.run(["reprocess", path], in: dir)
            #expect(result.status == 1, "\(path): \(result.stdout)")
            #expect(!result.stdout.contains("back in new/"), "\(path)")
        }
        #expect(FileManager.default.fileExists(atPath: precious.path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("iddesk.toml").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Maildir/cur/" + applied).path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("Maildir/new").path).isEmpty)
    }

    @Test("mail filed to .Forged for a missing authserv-id is handled after the fix, through reprocess")
    func forgedAfterConfigurationFix() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "reprocess-forged")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A second MX whose authserv-id the operator forgot to list.
        let mail = ProcessTests.nomination(messageID: "n-mx2").replacingOccurrences(of: "Authentication-Results: mx.dopt.gov.in;",
                                                                                 with: "Authentication-Results: mx2.dopt.gov.in;")
        try Data(mail.utf8).write(to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.test"))
        let first = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"], in: dir)
        #expect(first.stdout.contains("filed to .Forged: failed the sender check: no Authentication-Results"), "\(first.stdout)")
        let forged = dir.appendingPathComponent("Maildir/.Forged/new/1795495500.M1P1.test").path
        let back = try Binary.run(["reprocess", forged], in: dir)
        #expect(back.status == 0 && back.stdout == "1795495500.M1P1.test: back in new/\n", "\(back.stdout)\(back.stderr)")
        let fixed = ["IDDESK_SENDER_CHECK_AUTHSERV_IDS": "mx.dopt.gov.in,mx2.dopt.gov.in"]
        let again = try Binary.run(["process", "--now", "2026-11-24T18:05:00+05:30", "--log-level", "warning"], in: dir, environment: fixed)
        #expect(again.stdout.contains("REQ-2026-000001  nomination   filed to cur/"), "\(again.stdout)")
        #expect(try Binary.run(["audit", "verify"], in: dir).status == 0)
    }
}

@Suite("Letters delivered to the Outbox maildir when no SMTP relay is set")
struct OutboxDeliveryTests {
    @Test("each queued letter becomes one mail in Outbox/new with the workflow §3 headers, and is marked sent")
    func delivered() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "outbox")
        defer { try? FileManager.default.removeItem(at: dir) }
        let nomination = ProcessTests.nomination(messageID: "n1")
        try Data(nomination.utf8).write(to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.test"))
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"], in: dir)
        #expect(pass.stdout.hasSuffix("2 letters delivered to \(dir.appendingPathComponent("Outbox").standardizedFileURL.path)\n"))
        let outbox = dir.appendingPathComponent("Outbox/new")
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox.path).sorted()
        #expect(files.count == 2)
        let inspected = try Binary.run(["inspect", "--format", "json"] + files.map { outbox.appendingPathComponent($0).path }, in: dir)
        let letters = try #require(try JSONSerialization.jsonObject(with: Data(inspected.stdout.utf8)) as? [[String: Any]])
        let byTo = Dictionary(uniqueKeysWithValues: letters.compactMap { l -> (String, [String: Any])? in
            guard let m = l["message"] as? [String: Any], let to = (m["to"] as? [String])?.first else { return nil }
            return (to, l)
        })
        let ack = try #require(byTo["a.kumar@nic.in"]?["message"] as? [String: Any])
        #expect(ack["from"] as? String == "igot-desk@dopt.gov.in")
        #expect((ack["subject"] as? String)?.hasPrefix("[REQ-2026-000001] ") == true)
        #expect((ack["text"] as? String)?.contains("This is a system-generated communication of the iGOT ID Desk") == true)
        // Letters are never requests: the desk ignores its own mail.
        #expect(byTo["a.kumar@nic.in"]?["ignored"] as? String != nil)
        let approval = try #require(byTo["spv.igot@nic.in"]?["message"] as? [String: Any])
        // The nomination itself travels with the approval request, as a message/rfc822 attachment.
        let attached = try #require(approval["attachments"] as? [[String: Any]])
        #expect(attached.map { $0["filename"] as? String } == ["nomination.eml"])
        #expect(attached.first?["content_type"] as? String == "message/rfc822")
        #expect((approval["subject"] as? String)?.range(of: #"^\[REQ-2026-000001/[0-9A-Z]{8}\] "#, options: .regularExpression) != nil)
        let raw = try String(contentsOf: outbox.appendingPathComponent(files[0]), encoding: .utf8)
        #expect(raw.contains("\r\nX-Iddesk-Loop: igot-desk@dopt.gov.in\r\n"))
        #expect(raw.contains("\r\nAuto-Submitted: "))
        let state = try Binary.run(["outbox", "--format", "json"], in: dir)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(state.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["state"] as? String } == ["sent", "sent"])
        // A second pass delivers nothing again.
        let again = try Binary.run(["process", "--log-level", "warning"], in: dir)
        #expect(!again.stdout.contains("delivered"))
    }
}

@Suite("Templates checked at start")
struct TemplateStartTests {
    @Test("a broken override stops process before any mail moves, naming the file")
    func brokenOverride() throws {
        let dir = try ProcessTests.desk(mails: 2, name: "tpl")
        defer { try? FileManager.default.removeItem(at: dir) }
        let templates = dir.appendingPathComponent("Templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("Subject: x\n\n{{password}}\n".utf8).write(to: templates.appendingPathComponent("refusal.mustache"))
        let result = try Binary.run(["process", "--log-level", "warning"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("refusal.mustache: unknown variable {{password}} for the refusal letter"))
        #expect(ProcessTests.names(dir, "Maildir/new").count == 2)
    }
}

@Suite("iddesk circular on the command line")
struct CircularCommandTests {
    @Test("a dry run with no active MDO queues nothing; an unknown template is named")
    func dryRun() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "circular")
        defer { try? FileManager.default.removeItem(at: dir) }
        let dry = try Binary.run(["circular", "circular-generic-ids", "--dry-run", "--to", "both", "--now", "2026-11-24T10:00:00+05:30"], in: dir)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout == "0 letters would be queued (OM T-16017/1/2026-iGOT-II); nothing was queued.\n")
        let unknown = try Binary.run(["circular", "no-such-om"], in: dir)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("iddesk: no-such-om: no such template (the circulars are: circular-generic-ids)"))
        #expect(try Binary.run(["circular", "circular-generic-ids", "--to", "everyone"], in: dir).status == 2)
    }
}

@Suite("Hostile values end to end")
struct HostileValueTests {
    @Test("NULs in a forged mail's Message-ID and in an authenticated mail's fields leave the audit chain intact, every mail filed")
    func auditStaysIntact() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "nul")
        defer { try? FileManager.default.removeItem(at: dir) }
        let new = dir.appendingPathComponent("Maildir/new")
        // Forged (no verdict from our mail server): filed to .Forged, and audited.
        try Data("From: someone@evil.com\nSubject: hello\nMessage-ID: <x\0y@evil.com>\n\nhi\n".utf8)
            .write(to: new.appendingPathComponent("1795495600.M1P1.forged"))
        // Authenticated: a nomination whose MDO name and Message-ID carry NULs (refused or
        // applied, its values reach the registry, the audit and a letter).
        try Data(VerifiedMail.from("From: a.kumar@nic.in\nMessage-ID: <n\0ul@nic.in>\nSubject: Nomination\n\n"
                                   + "MDO: Nul\0Dept\nMDO code: nuldept\nSpecial\0 request: status\n").utf8)
            .write(to: new.appendingPathComponent("1795495601.M1P1.verified"))
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"], in: dir)
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: new.path).isEmpty)
        let verify = try Binary.run(["audit", "verify"], in: dir)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        // The Message-IDs are kept whole (NUL shown as U+FFFD), not cut at the NUL.
        let requests = try Binary.run(["requests", "--format", "json"], in: dir)
        #expect(requests.stdout.contains("<n\u{FFFD}ul@nic.in>"))
    }

    @Test("an allocation sheet of 60 bad rows: the refusal lists 50 and says 10 more; a long value is quoted cut at 200 characters")
    func boundedRefusal() throws {
        let dir = try ImportCommandTests.deskWithRecords(name: "hostile-sheet")
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = (1...60).map { "igotdoptcc\($0 + 100)@nic.in: Shri C. Verma, Assistant Director, c.verma\($0)@nic.in, 9800000003" }
        try Data(VerifiedMail.from("From: a.kumar@nic.in\nMessage-ID: <sheet@nic.in>\nSubject: Allocation of generic IDs - dopt\n\n"
                                   + "MDO code: dopt\n" + rows.joined(separator: "\n") + "\n").utf8)
            .write(to: dir.appendingPathComponent("Maildir/new/1795495600.M1P1.sheet"))
        try Data(VerifiedMail.from("From: a.kumar@nic.in\nMessage-ID: <long@nic.in>\nSubject: Status\n\nMDO code: "
                                   + String(repeating: "q", count: 5_000) + "\n").utf8)
            .write(to: dir.appendingPathComponent("Maildir/new/1795495601.M1P1.long"))
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"], in: dir)
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(pass.stdout.contains("; and 50 more"), "\(pass.stdout)")
        #expect(!pass.stdout.contains(String(repeating: "q", count: 201)))
        let outbox = dir.appendingPathComponent("Outbox/new")
        // Quoted-printable soft line breaks joined again, so that a long value shows whole.
        let letters = try FileManager.default.contentsOfDirectory(atPath: outbox.path).map {
            String(decoding: try Data(contentsOf: outbox.appendingPathComponent($0)), as: UTF8.self).replacingOccurrences(of: "=\r\n", with: "")
        }
        let refusal = try #require(letters.first { $0.contains("igotdoptcc101@nic.in") })
        #expect(refusal.contains("igotdoptcc150@nic.in"))
        #expect(!refusal.contains("igotdoptcc151@nic.in"))
        #expect(refusal.contains("10 more problem(s) not listed"))
        #expect(letters.allSatisfy { !$0.contains(String(repeating: "q", count: 201)) })
        #expect(letters.contains { $0.contains(String(repeating: "q", count: 60)) })
    }

    /// Every header line of every letter in Outbox/new.
    static func letterHeaderLines(_ dir: URL) throws -> [String] {
        let outbox = dir.appendingPathComponent("Outbox/new")
        return try FileManager.default.contentsOfDirectory(atPath: outbox.path).flatMap { name -> [String] in
            let bytes = try Data(contentsOf: outbox.appendingPathComponent(name))
            let text = String(decoding: bytes, as: UTF8.self)
            let head = text.components(separatedBy: "\r\n\r\n").first ?? text
            return head.components(separatedBy: "\r\n")
        }
    }

    @Test("a 1,200-octet Message-ID is not quoted in the reply (no header line over 998 octets); a non-ASCII From gets no letter, no 8-bit header")
    func oversizedAndEightBit() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "hostile-headers")
        defer { try? FileManager.default.removeItem(at: dir) }
        let new = dir.appendingPathComponent("Maildir/new")
        let longID = "<" + String(repeating: "x", count: 1_200) + "@nic.in>"
        try Data(VerifiedMail.from("From: a.kumar@nic.in\nMessage-ID: \(longID)\nSubject: Hello\n\nkindly do the needful\n").utf8)
            .write(to: new.appendingPathComponent("1795495600.M1P1.long"))
        try Data(("Authentication-Results: mx.dopt.gov.in; dmarc=pass header.from=m\u{E4}chine.example\n"
                  + "From: jd\u{F6}e@m\u{E4}chine.example\nMessage-ID: <u8@example>\nSubject: Hello\n\nkindly do the needful\n").utf8)
            .write(to: new.appendingPathComponent("1795495601.M1P1.utf8"))
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"], in: dir,
                                  environment: ["IDDESK_SENDER_CHECK_POLICY": "report"])
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: new.path).isEmpty)
        let lines = try Self.letterHeaderLines(dir)
        #expect(lines.contains { $0.hasPrefix("To: a.kumar@nic.in") }, "the long Message-ID's sender is still answered")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        #expect(lines.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } })
        #expect(!lines.contains { $0.contains(String(repeating: "x", count: 100)) })
    }
}

@Suite("Two passes at once (workflow.md §6)")
struct ConcurrentPassTests {
    @Test("two iddesk process started together: every mail filed once, every letter written once")
    func twoAtOnce() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "two-at-once")
        defer { try? FileManager.default.removeItem(at: dir) }
        for i in 0..<40 {
            try Data(VerifiedMail.from("From: officer\(i)@nic.in\nMessage-ID: <two\(i)@nic.in>\nSubject: Office note \(i)\n\nPlease see file \(i).\n").utf8)
                .write(to: dir.appendingPathComponent("Maildir/new/\(1_795_495_500 + i).M\(i)P1.test"))
        }
        let passes = (0..<2).map { _ -> Process in
            let p = Process()
            p.executableURL = Binary.url
            p.arguments = ["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"]
            p.currentDirectoryURL = dir
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            return p
        }
        for p in passes { try p.run() }
        for p in passes { p.waitUntilExit(); #expect(p.terminationStatus == 0) }
        let outbox = dir.appendingPathComponent("Outbox/new")
        let ids = try FileManager.default.contentsOfDirectory(atPath: outbox.path).map { name -> String in
            let text = String(decoding: try Data(contentsOf: outbox.appendingPathComponent(name)), as: UTF8.self)
            return text.components(separatedBy: "\r\n").first { $0.hasPrefix("Message-ID: ") } ?? name
        }
        #expect(ids.count >= 40)
        #expect(Set(ids).count == ids.count, "\(ids.count - Set(ids).count) letters written twice")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("Maildir/new").path).isEmpty)
        #expect(try Binary.run(["audit", "verify"], in: dir).status == 0)
    }
}

@Suite("A registry that is missing or not a registry (workflow.md §6)")
struct RegistryFileTests {
    @Test("moved away: process and requests exit 1 naming it, create nothing, and the mail stays in new/; garbage: 'not a SQLite database'")
    func missingOrGarbage() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "registry-missing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = dir.appendingPathComponent("iddesk.sqlite")
        try FileManager.default.moveItem(at: registry, to: dir.appendingPathComponent("elsewhere.sqlite"))
        let mail = dir.appendingPathComponent("Maildir/new/1795495600.M1P1.test")
        try Data(VerifiedMail.from("From: a.kumar@nic.in\nMessage-ID: <m@nic.in>\nSubject: Status\n\nMDO code: dopt\n").utf8).write(to: mail)
        for command in [["process"], ["requests"], ["audit", "verify"]] {
            let result = try Binary.run(command + ["--log-level", "warning"], in: dir)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("registry \(registry.path): no such file (iddesk init writes it"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: registry.path))
        }
        #expect(FileManager.default.fileExists(atPath: mail.path))
        try Data("this is not a database, just text that is long enough to be read as a header page\n".utf8).write(to: registry)
        let garbage = try Binary.run(["process", "--log-level", "warning"], in: dir)
        #expect(garbage.status == 1)
        #expect(garbage.stderr.contains("registry \(registry.path): not a SQLite database"), "\(garbage.stderr)")
        #expect(FileManager.default.fileExists(atPath: mail.path))
    }
}
