import Foundation
import Testing

@Suite("Delivery status notifications recorded against the desk's letters (workflow.md §8)", .serialized)
struct BounceTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("MailTests/Fixtures/DSN")

    /// A desk that has answered one nomination: the acknowledgement to the Nodal Officer and the
    /// approval request to DoPT/SPV are in its Outbox maildir. Returns the desk and those
    /// letters' Message-IDs.
    static func deskWithLetters(_ name: String, environment: [String: String]) throws -> (URL, ack: String, approval: String) {
        let dir = try ProcessTests.desk(mails: 0, name: name)
        let nomination = ProcessTests.nomination(messageID: "n1")
        try Data(nomination.utf8).write(to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.test"))
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"], in: dir, environment: environment)
        #expect(pass.status == 0, "\(pass.stderr)")
        var ack = "", approval = ""
        let outbox = dir.appendingPathComponent("Outbox/new")
        for name in try FileManager.default.contentsOfDirectory(atPath: outbox.path) {
            let text = try String(contentsOf: outbox.appendingPathComponent(name), encoding: .utf8)
            let id = text.split(separator: "\r\n").first { $0.hasPrefix("Message-ID: ") }.map { String($0.dropFirst(12)) } ?? ""
            if text.contains("\r\nTo: a.kumar@nic.in\r\n") { ack = id } else { approval = id }
        }
        #expect(ack.hasPrefix("<") && approval.hasPrefix("<") && ack != approval)
        return (dir, ack, approval)
    }

    static func deliveries(_ dir: URL, environment: [String: String]) throws -> [[String: String]] {
        let outbox = try Binary.run(["outbox", "--format", "json"], in: dir, environment: environment)
        let letters = try #require(try JSONSerialization.jsonObject(with: Data(outbox.stdout.utf8)) as? [[String: Any]])
        return letters.flatMap { ($0["deliveries"] as? [[String: Any]]) ?? [] }.map { d in
            ["address": d["address"] as? String ?? "", "state": d["state"] as? String ?? "", "last_reply": d["last_reply"] as? String ?? ""]
        }
    }

    @Test("a postfix DSN from our own mail server bounces that recipient, with the status and diagnostic; no reply is queued")
    func postfixDSN() throws {
        let env: [String: String] = [:]
        let (dir, ack, _) = try Self.deskWithLetters("dsn-postfix", environment: env)
        defer { try? FileManager.default.removeItem(at: dir) }
        let dsn = try String(contentsOf: Self.fixtures.appendingPathComponent("postfix-dsn.eml"), encoding: .utf8)
            .replacingOccurrences(of: "<1795526109.0k2m4p6r8t0v2x4z6b8d0f2h4j@dopt.gov.in>", with: ack)
            .replacingOccurrences(of: "nobody.here@nic.in", with: "a.kumar@nic.in")
        let before = try Self.deliveries(dir, environment: env)
        #expect(before.map { $0["address"] } == ["a.kumar@nic.in", "spv.igot@nic.in"])
        try Data(dsn.utf8).write(to: dir.appendingPathComponent("Maildir/new/1795526112.M2P1.test"))
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:06:00+05:30"], in: dir, environment: env)
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(pass.stdout.contains("filed to cur/: DSN recorded: a.kumar@nic.in (5.1.1) bounced"), "\(pass.stdout)")
        let deliveries = try Self.deliveries(dir, environment: env)
        #expect(deliveries.map { $0["address"] } == before.map { $0["address"] }, "no letter answers a DSN")
        let bounced = try #require(deliveries.first { $0["address"] == "a.kumar@nic.in" })
        #expect(bounced["state"] == "bounced")
        #expect(bounced["last_reply"] == "DSN 5.1.1: 550 5.1.1 <a.kumar@nic.in>: Recipient address rejected: User unknown in virtual mailbox table (reported by mx.dopt.gov.in)")
        #expect(deliveries.filter { $0["address"] != "a.kumar@nic.in" }.allSatisfy { $0["state"] == "sent" })
        let table = try Binary.run(["outbox"], in: dir, environment: env)
        #expect(table.stdout.contains("bounced") && table.stdout.contains("DSN 5.1.1: 550 5.1.1 <a.kumar@nic.in>"), "\(table.stdout)")
        let csv = try Binary.run(["outbox", "--format", "csv"], in: dir, environment: env)
        #expect(csv.stdout.hasPrefix("template,request,subject,to,cc,state,attempts,last_reply"))
        let audit = try Binary.run(["audit", "verify"], in: dir, environment: env)
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
    }

    @Test("the same DSN arriving from outside (even with our host as its HELO) is not from our own mail server: nothing bounces", arguments: [
        "from evil.example (evil.example [192.0.2.66])",
        "from mx.dopt.gov.in (unknown [192.0.2.66])",
    ])
    func forgedOwnServer(fromClause: String) throws {
        let env: [String: String] = [:]
        let (dir, ack, _) = try Self.deskWithLetters("dsn-forged", environment: env)
        defer { try? FileManager.default.removeItem(at: dir) }
        let dsn = "Received: \(fromClause)\n\tby mx.dopt.gov.in (Postfix) with ESMTP id X1; Tue, 24 Nov 2026 18:05:00 +0530\n"
            + (try String(contentsOf: Self.fixtures.appendingPathComponent("postfix-dsn.eml"), encoding: .utf8))
            .replacingOccurrences(of: "<1795526109.0k2m4p6r8t0v2x4z6b8d0f2h4j@dopt.gov.in>", with: ack)
            .replacingOccurrences(of: "nobody.here@nic.in", with: "a.kumar@nic.in")
        try Data(dsn.utf8).write(to: dir.appendingPathComponent("Maildir/new/1795526112.M2P1.test"))
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:06:00+05:30"], in: dir, environment: env)
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(!pass.stdout.contains("DSN recorded"), "\(pass.stdout)")
        #expect(try Self.deliveries(dir, environment: env).allSatisfy { $0["state"] == "sent" })
    }

    @Test("an Exchange NDR that crossed an outside server and carries no verified sender goes to .Forged; signed by its domain, or under off, it bounces the failed recipient only")
    func exchangeNDR() throws {
        let env = ["IDDESK_PEOPLE_DOPT_SPV": "spv.igot@nic.in,retired.officer@nic.in"]
        let (dir, _, approval) = try Self.deskWithLetters("dsn-exchange", environment: env)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ndr = try String(contentsOf: Self.fixtures.appendingPathComponent("exchange-ndr.eml"), encoding: .utf8)
            .replacingOccurrences(of: "<1795526109.0k2m4p6r8t0v2x4z6b8d0f2h4j@dopt.gov.in>", with: approval)
        try Data(ndr.utf8).write(to: dir.appendingPathComponent("Maildir/new/1795526114.M3P1.test"))
        let first = try Binary.run(["process", "--now", "2026-11-24T18:06:00+05:30"], in: dir, environment: env)
        #expect(first.stdout.contains("filed to .Forged: failed the sender check: no Authentication-Results"), "\(first.stdout)")
        #expect(try Self.deliveries(dir, environment: env).allSatisfy { $0["state"] == "sent" })

        let forged = dir.appendingPathComponent("Maildir/.Forged/new")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: forged.path).first)
        let reprocess = try Binary.run(["reprocess", forged.appendingPathComponent(name).path], in: dir, environment: env)
        #expect(reprocess.status == 0, "\(reprocess.stderr)")
        var off = env
        off["IDDESK_SENDER_CHECK_POLICY"] = "off"
        let second = try Binary.run(["process", "--now", "2026-11-24T18:07:00+05:30"], in: dir, environment: off)
        #expect(second.stdout.contains("DSN recorded: retired.officer@nic.in (5.1.10) bounced"), "\(second.stdout)")
        let deliveries = try Self.deliveries(dir, environment: env)
        #expect(deliveries.first { $0["address"] == "retired.officer@nic.in" }?["state"] == "bounced")
        #expect(deliveries.first { $0["address"] == "spv.igot@nic.in" }?["state"] == "sent", "a delayed recipient is not bounced")
    }

    @Test("an Exchange NDR whose From domain our mail server verified (dkim=pass) is trusted under policy require")
    func verifiedNDR() throws {
        let env = ["IDDESK_PEOPLE_DOPT_SPV": "spv.igot@nic.in,retired.officer@nic.in"]
        let (dir, _, approval) = try Self.deskWithLetters("dsn-verified", environment: env)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ndr = "Authentication-Results: mx.dopt.gov.in; dkim=pass header.d=nic.in header.s=ex1\n" +
            (try String(contentsOf: Self.fixtures.appendingPathComponent("exchange-ndr.eml"), encoding: .utf8))
            .replacingOccurrences(of: "<1795526109.0k2m4p6r8t0v2x4z6b8d0f2h4j@dopt.gov.in>", with: approval)
        try Data(ndr.utf8).write(to: dir.appendingPathComponent("Maildir/new/1795526114.M3P1.test"))
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:06:00+05:30"], in: dir, environment: env)
        #expect(pass.stdout.contains("DSN recorded: retired.officer@nic.in (5.1.10) bounced"), "\(pass.stdout)")
        #expect(try Self.deliveries(dir, environment: env).first { $0["address"] == "retired.officer@nic.in" }?["state"] == "bounced")
    }

    @Test("a DSN about a Message-ID the desk never issued changes nothing and is filed to .Ignored")
    func unknownLetter() throws {
        let env: [String: String] = [:]
        let (dir, _, _) = try Self.deskWithLetters("dsn-unknown", environment: env)
        defer { try? FileManager.default.removeItem(at: dir) }
        let dsn = try String(contentsOf: Self.fixtures.appendingPathComponent("postfix-dsn.eml"), encoding: .utf8)
            .replacingOccurrences(of: "nobody.here@nic.in", with: "a.kumar@nic.in")
        try Data(dsn.utf8).write(to: dir.appendingPathComponent("Maildir/new/1795526112.M2P1.test"))
        let pass = try Binary.run(["process", "--now", "2026-11-24T18:06:00+05:30"], in: dir, environment: env)
        #expect(pass.stdout.contains("filed to .Ignored: a delivery status notification: <1795526109.0k2m4p6r8t0v2x4z6b8d0f2h4j@dopt.gov.in> is not a letter of the desk"), "\(pass.stdout)")
        #expect(try Self.deliveries(dir, environment: env).allSatisfy { $0["state"] == "sent" })
    }
}
