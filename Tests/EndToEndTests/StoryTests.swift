import Foundation
import Testing
import TestSupport

/// The story of Mailbox-samples (scripts/story.sh) run by the built binary against a real
/// SMTP server on loopback, which receives every letter: DoPT/SPV's and NIC's replies are made
/// from the letters the server received, as they would be in production.
@Suite("The Mailbox-samples story end to end, letters through SMTP (issue 10)", .serialized)
struct StoryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs scripts/story.sh with `environment` added; returns its output.
    static func story(desk: URL, letters: URL, environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("scripts/story.sh").path, Binary.url.path, desk.path, letters.path]
        var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The header fields and body of each mail the server received, by recipient.
    static func received(_ server: LoopbackSMTPServer) throws -> [(recipient: String, text: String)] {
        try server.received.map { name in
            let text = String(decoding: try Data(contentsOf: server.directory.appendingPathComponent(name)), as: UTF8.self)
            let recipient = String(name.dropLast(4).split(separator: "-", maxSplits: 1)[1])
            return (recipient, text)
        }
    }

    @Test("every mail filed as the story says, every letter received by its recipients, the registry as it should end")
    func story() throws {
        let server = try LoopbackSMTPServer()
        let desk = try ProcessTests.desk(mails: 0, name: "story")
        defer { try? FileManager.default.removeItem(at: desk) }
        // The demo configuration that Mailbox-samples carries (policy = "require").
        try FileManager.default.removeItem(at: desk.appendingPathComponent("iddesk.toml"))
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Mailbox-samples/iddesk.toml"), to: desk.appendingPathComponent("iddesk.toml"))
        #expect(try String(contentsOf: desk.appendingPathComponent("iddesk.toml"), encoding: .utf8).contains("policy = \"require\""))
        let env = ["IDDESK_SMTP_URL": "smtp://127.0.0.1:\(server.port)/", "IDDESK_SMTP_STARTTLS": "off"]
        let run = try Self.story(desk: desk, letters: server.directory, environment: env)
        #expect(run.status == 0, "\(run.output)")

        // Filing: every sample and every reply, where the story puts it.
        let folders = ["cur": 27, ".Duplicate/new": 1, ".Forged/new": 2, ".Ignored/new": 4, ".Refused/new": 6, ".Review/new": 1]
        for (folder, count) in folders {
            #expect(ProcessTests.names(desk, "Maildir/\(folder)").count == count, "\(folder)")
        }
        #expect(ProcessTests.names(desk, "Maildir/new").isEmpty)
        #expect(ProcessTests.names(desk, "Maildir/.Forged/new").allSatisfy { $0.contains("Q4.") || $0.contains("Q5.") })
        #expect(ProcessTests.names(desk, "Maildir/.Review/new").allSatisfy { $0.contains("Q23.") }, "the scanned letter")
        #expect(ProcessTests.names(desk, "Maildir/.Duplicate/new").allSatisfy { $0.contains("Q25.") })
        #expect(run.output.contains("DSN recorded: s.gupta@gov.in (5.1.1) bounced"))

        // Letters: each sent one to each recipient, with the subject and key lines of its kind.
        let outbox = try Binary.run(["outbox", "--format", "json"], in: desk, environment: env)
        let letters = try #require(try JSONSerialization.jsonObject(with: Data(outbox.stdout.utf8)) as? [[String: Any]])
        #expect(letters.count >= 70)
        let mails = try Self.received(server)
        let copies = letters.reduce(0) { $0 + (($1["to"] as? [String])?.count ?? 0) + (($1["cc"] as? [String])?.count ?? 0) }
        #expect(mails.count == copies, "one copy per recipient of every letter")
        let deliveries = letters.flatMap { ($0["deliveries"] as? [[String: Any]]) ?? [] }
        #expect(deliveries.count == copies)
        #expect(deliveries.filter { $0["state"] as? String != "sent" }.map { "\($0["address"] ?? "")=\($0["state"] ?? "")" } == ["s.gupta@gov.in=bounced"])
        func mail(to recipient: String, subject: String) -> String? {
            mails.first { $0.recipient == recipient && $0.text.contains(subject) }?.text
        }
        let approval = try #require(mail(to: "spv.igot@nic.in", subject: "Approval requested: nomination"))
        #expect(approval.range(of: #"Subject: \[REQ-2026-00000[14]/[0-9A-HJKMNP-TV-Z]{8}\] "#, options: .regularExpression) != nil)
        #expect(approval.contains("X-Iddesk-Loop: igot-desk@dopt.gov.in") && approval.contains("Auto-Submitted: auto-generated"))
        let granted = try #require(mail(to: "r.iyer@gov.in", subject: "Nomination approved"))
        #expect(granted.contains("\r\nCc: "))
        #expect(mails.filter { $0.recipient == "support.igot@nic.in" && $0.text.contains("Creation of generic IDs") }.count == 3,
                "NIC is asked three times: dopt, dohe and dopt's two more")
        let notice = try #require(mail(to: "e.singh@nic.in", subject: "igotdoptcc1@nic.in"))
        #expect(notice.contains("[REQ-2026-000012]"), "the handover acknowledgement reaches the successor")
        // (Quoted-printable soft line breaks joined before the words are looked for.)
        let refusal = mail(to: "c.verma@nic.in", subject: "[REQ-2026-000003] ")?.replacingOccurrences(of: "=\r\n", with: "")
        #expect(refusal?.contains("Passwords must never be mailed") == true)
        #expect(!mails.contains { $0.recipient == "secy-he@gov.in" }, "no reply to a forged sender")
        #expect(!mails.contains { $0.text.contains("Karma@Yogi#2026") }, "no password in any letter")

        // The registry as the story ends.
        for (mdo, expected) in [("dopt", ["igotdoptcc1@nic.in": "e.singh@nic.in", "igotdoptcc3@nic.in": "-"]),
                                ("dohe", ["igotdohecc2@nic.in": "k.menon@learnwell.example.com", "igotdohecr1@nic.in": "-"])] {
            let roster = try Binary.run(["roster", "--mdo", mdo, "--format", "json"], in: desk)
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(roster.stdout.utf8)) as? [[String: Any]])
            for (id, holder) in expected {
                let row = try #require(rows.first { $0["id"] as? String == id }, "\(id)")
                let email = (row["holder"] as? [String: Any])?["email"] as? String ?? "-"
                #expect(email == holder, "\(id): \(row)")
            }
        }
        let vacant = try Binary.run(["roster", "--mdo", "dohe", "--format", "json"], in: desk)
        #expect(vacant.stdout.contains("\"vacant\""))
        let audit = try Binary.run(["audit", "verify"], in: desk)
        #expect(audit.status == 0, "\(audit.stdout)")
    }
}
