import Foundation
import Testing
import TestSupport

/// `[limits] replies_per_sender_per_hour` and `_per_day` (workflow §5, config.md): counted in
/// the registry, so that separate `iddesk process` runs (cron) share the count.
@Suite("Reply limits per sender and the daily summary, across separate runs")
struct ReplyLimitTests {
    static func put(_ dir: URL, _ index: Int, from: String = "a.kumar@nic.in") throws {
        let mail = VerifiedMail.from("From: \(from)\nMessage-ID: <limit\(index)@nic.in>\nSubject: Hello \(index)\n" +
                                   "Date: Tue, 24 Nov 2026 10:00:00 +0530\n\nkindly do the needful \(index)\n")
        try Data(mail.utf8).write(to: dir.appendingPathComponent("Maildir/new/\(1_795_495_500 + index).M\(index)P1.limit"))
    }

    static func letters(_ dir: URL, _ env: [String: String]) throws -> [[String: Any]] {
        let outbox = try Binary.run(["outbox", "--format", "json"], in: dir, environment: env)
        return try #require(try JSONSerialization.jsonObject(with: Data(outbox.stdout.utf8)) as? [[String: Any]])
    }

    @Test("over the hourly limit the mail is processed, its reply held, DoPT/SPV told once; the count spans runs and windows")
    func hourly() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "limits")
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["IDDESK_LIMITS_REPLIES_PER_SENDER_PER_HOUR": "3", "IDDESK_LIMITS_REPLIES_PER_SENDER_PER_DAY": "5"]
        for i in 0..<2 { try Self.put(dir, i) }
        let first = try Binary.run(["process", "--now", "2026-11-24T10:05:00+05:30", "--log-level", "warning"], in: dir, environment: env)
        #expect(first.stdout.contains("2 mails handled"), "\(first.stdout)")
        for i in 2..<5 { try Self.put(dir, i) }
        try Self.put(dir, 5, from: "b.sharma@gov.in")
        let second = try Binary.run(["process", "--now", "2026-11-24T10:30:00+05:30", "--log-level", "warning"], in: dir, environment: env)
        #expect(second.stdout.contains("4 mails handled"), "\(second.stdout)")
        var letters = try Self.letters(dir, env)
        let toKumar = letters.filter { ($0["to"] as? [String]) == ["a.kumar@nic.in"] }
        #expect(toKumar.map { $0["state"] as? String } == ["sent", "sent", "sent", "held", "held"], "3 an hour")
        #expect(letters.filter { ($0["to"] as? [String]) == ["b.sharma@gov.in"] }.map { $0["state"] as? String } == ["sent"],
                "another sender is not limited")
        let notices = letters.filter { $0["template"] as? String == "replies-held-notice" }
        #expect(notices.count == 1 && (notices.first?["to"] as? [String]) == ["spv.igot@nic.in"])

        // An hour later the hourly window has room again, but the daily limit of 5 (3 sent) leaves 2.
        for i in 6..<10 { try Self.put(dir, i) }
        let third = try Binary.run(["process", "--now", "2026-11-24T11:40:00+05:30", "--log-level", "warning"], in: dir, environment: env)
        #expect(third.status == 0, "\(third.stderr)")
        letters = try Self.letters(dir, env)
        let later = letters.filter { ($0["to"] as? [String]) == ["a.kumar@nic.in"] }.map { $0["state"] as? String }
        #expect(later == ["sent", "sent", "sent", "held", "held", "sent", "sent", "held", "held"])
        #expect(letters.filter { $0["template"] as? String == "replies-held-notice" }.count == 1, "told once a day")

        // The next morning's summary lists the held replies.
        var morning = env
        morning["IDDESK_SUMMARY_AT"] = "09:00"
        let summaryPass = try Binary.run(["process", "--now", "2026-11-25T09:30:00+05:30", "--log-level", "warning"], in: dir, environment: morning)
        #expect(summaryPass.stdout.contains("time-driven: daily summary of 2026-11-25"), "\(summaryPass.stdout)")
        let outbox = dir.appendingPathComponent("Outbox/new")
        let summaries = try FileManager.default.contentsOfDirectory(atPath: outbox.path).map {
            try Binary.run(["inspect", outbox.appendingPathComponent($0).path], in: dir).stdout
        }.filter { $0.contains("Daily summary") }
        #expect(summaries.count == 1)
        #expect(summaries.first.map { $0.components(separatedBy: "a.kumar@nic.in (held)").count - 1 } == 4, "the four held replies")
    }

    @Test("DoPT/SPV and NIC are not limited: their replies are their work")
    func administrators() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "limits-spv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["IDDESK_LIMITS_REPLIES_PER_SENDER_PER_HOUR": "3"]
        for i in 0..<5 { try Self.put(dir, i, from: "spv.igot@nic.in") }
        let pass = try Binary.run(["process", "--now", "2026-11-24T10:05:00+05:30", "--log-level", "warning"], in: dir, environment: env)
        #expect(pass.status == 0, "\(pass.stderr)")
        let states = try Self.letters(dir, env).map { $0["state"] as? String }
        #expect(states == Array(repeating: "sent", count: 5))
    }

    @Test("separate process runs, as from cron, send the daily summary once a day, at or after [summary] at")
    func summaryAcrossRuns() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "summary-cron")
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["IDDESK_SUMMARY_AT": "09:00"]
        var lines: [String] = []
        for now in ["2026-11-24T08:59:00+05:30", "2026-11-24T09:00:00+05:30", "2026-11-24T09:01:00+05:30", "2026-11-24T23:00:00+05:30",
                    "2026-11-25T08:00:00+05:30", "2026-11-25T10:00:00+05:30"] {
            let pass = try Binary.run(["process", "--now", now, "--log-level", "warning"], in: dir, environment: env)
            #expect(pass.status == 0, "\(pass.stderr)")
            lines += pass.stdout.split(separator: "\n").filter { $0.hasPrefix("time-driven: ") }.map { "\(now.prefix(16)) \($0)" }
        }
        #expect(lines == ["2026-11-24T09:00 time-driven: daily summary of 2026-11-24", "2026-11-25T10:00 time-driven: daily summary of 2026-11-25"])
    }
}
