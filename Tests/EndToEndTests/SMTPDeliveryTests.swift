import Foundation
import Testing
import TestSupport

@Suite("Letters sent through a real SMTP server on loopback", .serialized)
struct SMTPDeliveryTests {
    @Test("a pass sends each letter to each recipient; a refused recipient is failed with the reply; nothing is sent twice")
    func sends() throws {
        let server = try LoopbackSMTPServer()
        #expect(server.port > 0)
        let dir = try ProcessTests.desk(mails: 0, name: "smtp")
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["IDDESK_SMTP_URL": "smtp://127.0.0.1:\(server.port)/desk.dopt.gov.in", "IDDESK_SMTP_STARTTLS": "off",
                   "IDDESK_PEOPLE_DOPT_SPV": "spv.igot@nic.in,refuse@nic.in"]
        let nomination = ProcessTests.nomination(messageID: "s1")
        try Data(nomination.utf8).write(to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.test"))
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"], in: dir, environment: env)
        #expect(pass.status == 0, "\(pass.stderr)")
        // Counted per recipient sent (refuse@nic.in was refused); the relay by host and port.
        #expect(pass.stdout.hasSuffix("2 letters sent through the SMTP relay 127.0.0.1:\(server.port) (counted per recipient)\n"), "\(pass.stdout)")
        // Two connections by default: the order of arrival is the server's, not the queue's.
        #expect(server.received.map { $0.split(separator: "-", maxSplits: 1)[1] }.sorted() == ["a.kumar@nic.in.eml", "spv.igot@nic.in.eml"])
        let approvalFile = try #require(server.received.first { $0.hasSuffix("-spv.igot@nic.in.eml") })
        let approval = try String(contentsOf: server.directory.appendingPathComponent(approvalFile), encoding: .utf8)
        #expect(approval.contains("Subject: [REQ-2026-000001/"))
        #expect(approval.contains("X-Iddesk-Loop: igot-desk@dopt.gov.in"))
        #expect(approval.contains("To: spv.igot@nic.in, refuse@nic.in"))
        let outbox = try Binary.run(["outbox", "--format", "json"], in: dir, environment: env)
        let letters = try #require(try JSONSerialization.jsonObject(with: Data(outbox.stdout.utf8)) as? [[String: Any]])
        let recipients = try #require(letters.last?["recipients"] as? [String: String])
        #expect(recipients == ["spv.igot@nic.in": "sent", "refuse@nic.in": "failed"])
        // The next pass sends nothing again.
        _ = try Binary.run(["process", "--log-level", "warning"], in: dir, environment: env)
        #expect(server.received.count == 2)
    }

    @Test("with the relay down, letters stay queued for the next pass")
    func relayDown() throws {
        let port: Int
        do { let s = try LoopbackSMTPServer(); port = s.port }
        let dir = try ProcessTests.desk(mails: 0, name: "smtpdown")
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["IDDESK_SMTP_URL": "smtp://127.0.0.1:\(port)/", "IDDESK_SMTP_STARTTLS": "off", "IDDESK_SMTP_CONNECT_TIMEOUT": "2"]
        try Data(VerifiedMail.from("From: a.kumar@nic.in\nMessage-ID: <d1@nic.in>\nSubject: Hello\n\nkindly do the needful\n").utf8)
            .write(to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.test"))
        let pass = try Binary.run(["process", "--log-level", "error"], in: dir, environment: env)
        #expect(pass.status == 0, "\(pass.stderr)")
        let outbox = try Binary.run(["outbox", "--format", "json"], in: dir, environment: env)
        let letters = try #require(try JSONSerialization.jsonObject(with: Data(outbox.stdout.utf8)) as? [[String: Any]])
        #expect(letters.map { $0["state"] as? String } == ["queued"])
    }

    @Test("an outage: every mail is processed and its letter queued; when the relay is back, the next pass delivers every one")
    func outage() throws {
        let port: Int
        do { let s = try LoopbackSMTPServer(); port = s.port }
        let dir = try Self.deskWithMail(20, name: "smtpoutage")
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["IDDESK_SMTP_URL": "smtp://127.0.0.1:\(port)/", "IDDESK_SMTP_STARTTLS": "off", "IDDESK_SMTP_CONNECT_TIMEOUT": "2"]
        let down = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "error"], in: dir, environment: env)
        #expect(down.status == 0 && down.stdout.contains("20 mails handled"), "\(down.stdout)\(down.stderr)")
        #expect(ProcessTests.names(dir, "Maildir/new").isEmpty, "every mail processed while the relay is down")
        let queued = try Binary.run(["outbox", "--format", "json"], in: dir, environment: env)
        let before = try #require(try JSONSerialization.jsonObject(with: Data(queued.stdout.utf8)) as? [[String: Any]])
        #expect(before.count == 20 && before.allSatisfy { $0["state"] as? String == "queued" })

        let server = try LoopbackSMTPServer(port: port)
        let back = try Binary.run(["process", "--now", "2026-11-24T18:10:00+05:30", "--log-level", "error"], in: dir, environment: env)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(server.received.count == 20, "each letter delivered once")
        let sent = try Binary.run(["outbox", "--format", "json"], in: dir, environment: env)
        let after = try #require(try JSONSerialization.jsonObject(with: Data(sent.stdout.utf8)) as? [[String: Any]])
        #expect(after.allSatisfy { $0["state"] as? String == "sent" })
    }

    @Test("a wrong AUTH password fails no letter: they stay queued, the log says so without the password")
    func wrongPassword() throws {
        let server = try LoopbackSMTPServer(auth: "desk:s3cret")
        let dir = try ProcessTests.desk(mails: 0, name: "smtpauth")
        defer { try? FileManager.default.removeItem(at: dir) }
        var env = ["IDDESK_SMTP_URL": "smtp://127.0.0.1:\(server.port)/", "IDDESK_SMTP_STARTTLS": "off",
                   "IDDESK_SMTP_USERNAME": "desk", "IDDESK_SMTP_PASSWORD": "wr0ng-Pa55"]
        try Data(VerifiedMail.from("From: a.kumar@nic.in\nMessage-ID: <w1@nic.in>\nSubject: Hello\n\nkindly do the needful\n").utf8)
            .write(to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.test"))
        let pass = try Binary.run(["process", "--log-level", "warning"], in: dir, environment: env)
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(pass.stderr.contains("refused the desk's login"), "\(pass.stderr)")
        #expect(!pass.stderr.contains("wr0ng-Pa55") && !pass.stdout.contains("wr0ng-Pa55"))
        #expect(server.received.isEmpty)
        let outbox = try Binary.run(["outbox", "--format", "json"], in: dir, environment: env)
        let letters = try #require(try JSONSerialization.jsonObject(with: Data(outbox.stdout.utf8)) as? [[String: Any]])
        #expect(letters.map { $0["state"] as? String } == ["queued"])
        // Fixed by the operator: the next pass sends it.
        env["IDDESK_SMTP_PASSWORD"] = "s3cret"
        _ = try Binary.run(["process", "--log-level", "warning"], in: dir, environment: env)
        #expect(server.received.count == 1)
    }

    /// A desk with `count` plain office mails in its inbox, each of which gets a reply.
    static func deskWithMail(_ count: Int, name: String) throws -> URL {
        let dir = try ProcessTests.desk(mails: 0, name: name)
        for i in 0..<count {
            let mail = VerifiedMail.from("From: officer\(i)@nic.in\nMessage-ID: <b\(i)@nic.in>\nSubject: Office note \(i)\n" +
                "Date: Tue, 24 Nov 2026 10:00:00 +0530\n\nPlease see the note on file \(i).\n")
            try Data(mail.utf8).write(to: dir.appendingPathComponent("Maildir/new/\(1_795_495_500 + i).M\(i)P1.test"))
        }
        return dir
    }

    @Test("a 200-letter batch with [smtp] connections = 1 arrives whole over one connection")
    func batchOverOneConnection() throws {
        let server = try LoopbackSMTPServer()
        let dir = try Self.deskWithMail(200, name: "smtpbatch")
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["IDDESK_SMTP_URL": "smtp://127.0.0.1:\(server.port)/", "IDDESK_SMTP_STARTTLS": "off", "IDDESK_SMTP_CONNECTIONS": "1"]
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"], in: dir, environment: env)
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(server.received.count == 200)
        #expect(Set(server.received.map { $0.split(separator: "-", maxSplits: 1)[1] }).count == 200, "each officer once")
        #expect(server.connections == 1)
    }

    @Test("with [smtp] connections = 4 a 300-letter batch (more than the 256 composed ahead) is shared by 4 connections, each letter once, whatever the cores")
    func batchOverFourConnections() throws {
        let server = try LoopbackSMTPServer()
        let dir = try Self.deskWithMail(300, name: "smtpbatch4")
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["IDDESK_SMTP_URL": "smtp://127.0.0.1:\(server.port)/", "IDDESK_SMTP_STARTTLS": "off", "IDDESK_SMTP_CONNECTIONS": "4"]
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"], in: dir, environment: env)
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(server.received.count == 300)
        #expect(Set(server.received.map { $0.split(separator: "-", maxSplits: 1)[1] }).count == 300, "each officer once")
        #expect(server.connections == 4, "\(server.connections) connections")
        let outbox = try Binary.run(["outbox", "--format", "json"], in: dir, environment: env)
        let letters = try #require(try JSONSerialization.jsonObject(with: Data(outbox.stdout.utf8)) as? [[String: Any]])
        #expect(letters.count == 300)
        #expect(letters.allSatisfy { $0["state"] as? String == "sent" })
    }

    /// One pass of a desk with `mails` office notes through `server` over 2 connections: the
    /// pass's result and the letters `iddesk outbox --format json` then lists.
    static func pass(through server: HostileSMTPServer, mails: Int, name: String) throws -> (pass: Binary.Result, letters: [[String: Any]]) {
        let dir = try Self.deskWithMail(mails, name: name)
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["IDDESK_SMTP_URL": "smtp://127.0.0.1:\(server.port)/", "IDDESK_SMTP_STARTTLS": "off", "IDDESK_SMTP_CONNECTIONS": "2"]
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"], in: dir, environment: env)
        let outbox = try Binary.run(["outbox", "--format", "json"], in: dir, environment: env)
        let letters = try #require(try JSONSerialization.jsonObject(with: Data(outbox.stdout.utf8)) as? [[String: Any]])
        return (pass, letters)
    }

    @Test("a relay that answers 421 to every connection is tried once on each connection, and the pass stops with a warning")
    func serviceUnavailable() throws {
        let server = try HostileSMTPServer(mode: "greet-421")
        let (pass, letters) = try Self.pass(through: server, mails: 60, name: "smtp421")
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(server.connections <= 2, "\(server.connections) connections")
        #expect(pass.stderr.contains("SMTP relay unreachable or closing"))
        #expect(letters.count == 60)
        #expect(letters.allSatisfy { $0["state"] as? String == "queued" })
    }

    @Test("a relay that takes one message a connection gets the whole batch in one pass, over a connection each")
    func onePerConnection() throws {
        let server = try HostileSMTPServer(mode: "one-per-connection")
        let (pass, letters) = try Self.pass(through: server, mails: 40, name: "smtpone")
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(server.accepted == 40)
        #expect(letters.allSatisfy { $0["state"] as? String == "sent" })
        #expect(letters.allSatisfy { !(($0["last_reply"] as? String) ?? "").contains("\r") }, "reply text without its line end")
    }

    @Test("a relay that refuses service at greeting (554) or the desk's sender address (550 to MAIL FROM) fails no letter: they stay queued, the pass stops, the log says why",
          arguments: ["greet-554", "mail-550"])
    func noServiceHere(mode: String) throws {
        let server = try HostileSMTPServer(mode: mode)
        let (pass, letters) = try Self.pass(through: server, mails: 30, name: "smtp-" + mode)
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(server.connections <= 2, "\(server.connections) connections")
        #expect(pass.stderr.contains("refused the desk's session or its sender address"), "\(pass.stderr)")
        #expect(letters.count == 30)
        #expect(letters.allSatisfy { $0["state"] as? String == "queued" })
    }
}
