import Desk
import Foundation
import Logging
import Mail
import Registry
import Testing
import TestSupport

/// Hostile mail through a real pass (workflow §6): each is filed with its reason, nothing is
/// lost, and the genuine request behind them is still handled in the same pass.
@Suite("Abuse: oversized mail, mail bombs, gigantic headers, malformed addresses (workflow.md §6)")
struct AbuseTests {
    static let status = "From: a.kumar@nic.in\nMessage-ID: <%@nic.in>\nSubject: Status dopt\nDate: Tue, 24 Nov 2026 10:00:00 +0530\n"

    static func mail(_ id: String, _ rest: String) -> String {
        VerifiedMail.from(status.replacingOccurrences(of: "%", with: id) + rest)
    }

    static func bombs() -> [(name: String, text: String, reason: String)] {
        // 60 levels of multipart, each holding the next.
        var nested = "Content-Type: text/plain\n\nMDO code: dopt\n"
        for level in 0..<60 {
            nested = "Content-Type: multipart/mixed; boundary=\"n\(level)\"\n\n--n\(level)\n\(nested)\n--n\(level)--\n"
        }
        // 5,000 parts.
        var parts = "Content-Type: multipart/mixed; boundary=\"p\"\n\n"
        for i in 0..<5_000 { parts += "--p\nContent-Type: text/plain\n\npart \(i)\n" }
        parts += "--p--\n"
        // 2,000 header fields.
        let fields = (0..<2_000).map { "X-Filler-\($0): \(String(repeating: "x", count: 20))\n" }.joined()
        // Over max_message_bytes (set to 1 MiB below).
        let big = "Content-Type: text/plain\n\nMDO code: dopt\n" + String(repeating: "padding line of an oversized mail\n", count: 40_000)
        return [
            ("deep", mail("deep", nested), "hostile or oversized mail: MIME nesting deeper than"),
            ("parts", mail("parts", parts), "hostile or oversized mail: more than"),
            ("header", mail("header", fields + "\nMDO code: dopt\n"), "hostile mail: a header of 20"),
            ("big", mail("big", big), "hostile or oversized mail: message larger than 1048576 bytes"),
        ]
    }

    @Test("each bomb is filed to .Review with its reason; the genuine mail after them is handled")
    func bombsFiled() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-abuse-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let layout = DeskLayout(directory: directory)
        try layout.create()
        var configuration = try ConfigLoader.load(file: layout.configFile, environment: [:]).configuration
        configuration.desk.maxMessageBytes = 1_048_576
        let bombs = Self.bombs()
        for (i, bomb) in bombs.enumerated() {
            try Data(bomb.text.utf8).write(to: directory.appendingPathComponent("Maildir/new/\(1_795_495_500 + i).M\(i)P1.\(bomb.name)"))
        }
        let malformed = VerifiedMail.from("From: \"A. Kumar <a.kumar@nic.in\nMessage-ID: <mal@nic.in>\nSubject: Status dopt\n\nMDO code: dopt\n")
        try Data(malformed.utf8).write(to: directory.appendingPathComponent("Maildir/new/1795495510.M10P1.malformed"))
        try Data(Self.mail("genuine", "\nMDO code: dopt\n").utf8).write(to: directory.appendingPathComponent("Maildir/new/1795495520.M20P1.genuine"))

        let report = try MailPass(configuration: configuration, logger: Logger(label: "test")).run(now: Date(timeIntervalSince1970: 1_795_496_000))
        #expect(report.lines.count == bombs.count + 2)
        for bomb in bombs {
            let line = try #require(report.lines.first { $0.file.hasSuffix(bomb.name) })
            #expect(line.outcome.hasPrefix("filed to .Review: "), "\(bomb.name): \(line.outcome)")
            #expect(line.outcome.contains(bomb.reason), "\(bomb.name): \(line.outcome)")
        }
        let malformedLine = try #require(report.lines.first { $0.file.hasSuffix("malformed") })
        #expect(!malformedLine.outcome.hasPrefix("filed to cur/"), "\(malformedLine.outcome)")
        let genuine = try #require(report.lines.first { $0.file.hasSuffix("genuine") })
        #expect(genuine.requestNumber != nil && genuine.outcome.hasPrefix("filed to .Refused: refused: "), "\(genuine.outcome)")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("Maildir/new").path)
        #expect(left.isEmpty, "nothing left behind")
        let review = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("Maildir/.Review/new").path)
        #expect(review.count == bombs.count)
    }

    @Test("a password next to a binary attachment goes to .Review: the attachment cannot be cut")
    func passwordWithBinary() throws {
        let d = try MailPassTests.Desk()
        let mail = "From: c.verma@nic.in\nMessage-ID: <bin@nic.in>\nSubject: Handover igotdoptcc1@nic.in\n" +
            "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nGeneric ID: igotdoptcc1@nic.in\n" +
            "Password: Plant10Lima\n\n--b\nContent-Type: application/pdf; name=\"handover.pdf\"\nContent-Transfer-Encoding: base64\n\n" +
            "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoK\n--b--\n"
        try d.put("1795495500.M1P1.bin", mail)
        let report = try d.pass()
        let line = try #require(report.lines.first)
        #expect(line.outcome.hasPrefix("filed to .Review: "), "\(line.outcome)")
        #expect(line.outcome.contains("a password next to a binary attachment"))
        let stored = try #require(d.names("Maildir/.Review/new").first)
        let copy = try String(contentsOf: d.directory.appendingPathComponent("Maildir/.Review/new/\(stored)"), encoding: .utf8)
        #expect(!copy.contains("Plant10Lima") && copy.contains("Password: [REDACTED]"))
        #expect(copy.contains("JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoK"), "the attachment is kept byte for byte")
    }
}
