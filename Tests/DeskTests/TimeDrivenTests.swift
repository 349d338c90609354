import Desk
import Foundation
import Logging
import Registry
import Testing

/// workflow §9 with "now" moved day by day: reminders and daily summaries, each exactly as due,
/// none twice, none on a pass that is not due — each pass a separate `MailPass`, as separate
/// `iddesk process` runs from cron would be.
@Suite("Time-driven work: reminders and the daily summary (workflow.md §9)")
struct TimeDrivenTests {
    static let day: TimeInterval = 86_400

    @Test("over 60 days: five reminders for each pending request at 7 (10) days then every 3, one summary a day at 09:00")
    func sixtyDays() throws {
        let (w, _, _, _) = try ControlLineRuleTests.world()   // REQ-1 approved; REQ-2, dopt's creation request, pending with NIC
        _ = try w.send(from: "r.iyer@gov.in", subject: "Nomination", body: """
            MDO: Department of Higher Education
            MDO code: dohe
            Nodal Officer: Dr. R. Iyer, Director, r.iyer@gov.in, 9810000101
            Admin: Smt. P. Nair, Under Secretary, p.nair@nic.in, 9810000102
            """)                                           // REQ-3, pending with DoPT/SPV
        w.configuration.summaryAt = Configuration.ClockTime(hour: 9, minute: 0)
        // Day 0 is the day the requests came (24 Nov 2026, IST); passes at 08:00, 10:00 and 15:00.
        let dayZero = Date(timeIntervalSince1970: 1_795_459_800)   // 2026-11-24T00:00:00+05:30
        func reminders(_ request: String) throws -> [String] {
            try w.letters().filter { $0.template == "reminder" && $0.request == request }.map(\.subject)
        }
        var firstSeen: [String: Int] = [:]
        var summariesByDay: [Int: Int] = [:]
        for day in 1...60 {
            for hour in [8.0, 10.0, 15.0] {
                let now = dayZero.addingTimeInterval(Double(day) * Self.day + hour * 3_600)
                let before = try w.letters().filter { $0.template == "daily-summary" }.count
                let report = try MailPass(configuration: w.configuration, logger: Logger(label: "test")).run(now: now)
                let summaries = try w.letters().filter { $0.template == "daily-summary" }.count - before
                summariesByDay[day, default: 0] += summaries
                #expect(hour >= 9 || summaries == 0, "no summary before 09:00 (day \(day))")
                for line in report.scheduled where line.hasPrefix("reminder") {
                    firstSeen[line] = firstSeen[line] ?? day
                }
            }
        }
        #expect(summariesByDay.values.allSatisfy { $0 == 1 } && summariesByDay.count == 60, "one summary a day: \(summariesByDay)")
        let nomination = try reminders("REQ-2026-000003"), creation = try reminders("REQ-2026-000002")
        #expect(nomination.count == 5 && creation.count == 5)
        #expect(nomination.enumerated().allSatisfy { $0.element.hasSuffix("] Reminder \($0.offset + 1): REQ-2026-000003") }, "\(nomination)")
        // Due 7 days after receipt (10:1x on day 0), so the 15:00 pass of day 7; then every 3 days.
        #expect((1...5).map { firstSeen["reminder \($0) for REQ-2026-000003 (nomination)"] } == [7, 10, 13, 16, 19], "\(firstSeen)")
        #expect((1...5).map { firstSeen["reminder \($0) for REQ-2026-000002 (createIDs)"] } == [10, 13, 16, 19, 22], "\(firstSeen)")
        let creationLetter = try #require(try w.letters().first { (letter: (template: String, subject: String, request: String?, to: [String], cc: [String])) in letter.template == "reminder" && letter.request == "REQ-2026-000002" })
        #expect(creationLetter.to == ["support.igot@nic.in"] && creationLetter.cc == ["spv.igot@nic.in"])
        // Each reminder carries a fresh action code: a reply to it acts.
        let code = try #require(nomination.last?.split(separator: "]").first?.split(separator: "/").last)
        let approved = try w.send(from: "spv.igot@nic.in", subject: "Re: [REQ-2026-000003/\(code)] Reminder", body: "APPROVE", days: 61)
        #expect(approved.outcome.contains("approved: dohe is active"), "\(approved.outcome)")
    }

    @Test("the summary lists pending requests by age, open tickets, failed and held letters, forged mail and the audit head")
    func summaryContent() throws {
        let (w, _, _, _) = try ControlLineRuleTests.world()
        _ = try w.send(from: "a.kumar@nic.in", subject: "Status dopt", body: "MDO code: dopt", verified: false)   // forged
        w.configuration.summaryAt = Configuration.ClockTime(hour: 9, minute: 0)
        let now = Date(timeIntervalSince1970: 1_795_459_800 + 86_400 + 9.5 * 3_600)   // 25 Nov, 09:30 IST
        let report = try MailPass(configuration: w.configuration, logger: Logger(label: "test")).run(now: now)
        #expect(report.scheduled == ["daily summary of 2026-11-25"])
        let json = try #require(try w.registry.read { try $0.letterVariables(template: "daily-summary") }.last)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(summary["day"] as? String == "2026-11-25")
        #expect(summary["forged_count"] as? Int == 1, "\(summary)")
        #expect(summary["pending_count"] as? Int == 1)
        #expect(summary["pending_requests"] as? [String] == ["REQ-2026-000002 (createIDs, dopt): 0 days"], "\(summary)")
        #expect(summary["open_tickets_count"] as? Int == 0 && summary["failed_count"] as? Int == 0)
        #expect(summary["vacant_count"] as? Int == 0)
        let head = try w.registry.read { try $0.auditHead() }
        #expect(summary["audit_head"] as? String != nil && (summary["audit_count"] as? Int ?? 0) == head.count - 1,
                "the head before the summary's own audit entry")
    }

    @Test("the summary lists each vacant ID with its age, after its reminders stop, and open tickets by age")
    func summaryVacancies() throws {
        let w = try IllegalMoveTests.world()
        _ = try w.send(from: "a.kumar@nic.in", subject: "Vacancy", body: "Generic ID: igotdoptcc1@nic.in\nOfficer: d.rao@learnwell.example.com\nReason: contract over\nEffective date: 24/11/2026")
        #expect(try w.idState("igotdoptcc1@nic.in") == "vacant")
        w.configuration.summaryAt = Configuration.ClockTime(hour: 9, minute: 0)
        // 60 days on, long after the vacancy's five reminders.
        let now = Date(timeIntervalSince1970: 1_795_459_800 + 60 * 86_400 + 9.5 * 3_600)
        _ = try MailPass(configuration: w.configuration, logger: Logger(label: "test")).run(now: now)
        let json = try #require(try w.registry.read { try $0.letterVariables(template: "daily-summary") }.last)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(summary["vacant_count"] as? Int == 1)
        #expect((summary["vacant"] as? [String])?.first?.hasPrefix("igotdoptcc1@nic.in, vacant since 2026-11-24: ") == true, "\(summary)")
        #expect((summary["open_tickets"] as? [String])?.allSatisfy { $0.contains(" day") } == true, "\(summary)")
    }

    @Test("a pass at an earlier time than the last (a --now moved back) sends no reminder numbered below one already sent")
    func noEarlierReminderAfterALaterOne() throws {
        let (w, _, _, _) = try ControlLineRuleTests.world()
        func reminders() throws -> Int { try w.letters().filter { $0.template == "reminder" && $0.request == "REQ-2026-000002" }.count }
        let start = w.clock
        _ = try MailPass(configuration: w.configuration, logger: Logger(label: "test")).run(now: start.addingTimeInterval(40 * 86_400))
        #expect(try reminders() == 1, "the latest due, reminder 5")
        for back in [12, 16, 30] {
            _ = try MailPass(configuration: w.configuration, logger: Logger(label: "test")).run(now: start.addingTimeInterval(Double(back) * 86_400))
        }
        #expect(try reminders() == 1, "none of 1-4 afterwards")
    }

    @Test("a contract ending: the warning 14 days before, the automatic vacancy the day after, then reset-ticket and vacancy reminders")
    func contractEnd() throws {
        let w = try IllegalMoveTests.world()   // cc1 held by a contractor until 31/03/2027; no open ticket
        let start = Date(timeIntervalSince1970: 1_804_633_200)   // 2027-03-10T10:00:00+05:30
        var seen: [String: String] = [:]   // line → the day it first appeared
        for day in 0..<60 {
            let now = start.addingTimeInterval(Double(day) * Self.day)
            for line in try MailPass(configuration: w.configuration, logger: Logger(label: "test")).run(now: now).scheduled {
                #expect(seen[line] == nil, "\(line) twice")
                seen[line] = String(OfficeDayText.day(now))
            }
        }
        #expect(seen["contract-end warning for igotdoptcc1@nic.in (ends 2027-03-31)"] == "2027-03-17", "\(seen)")
        #expect(seen["igotdoptcc1@nic.in vacant: the contract ended 2027-03-31"] == "2027-04-01", "\(seen)")
        let vacancy = try #require(seen.keys.first { $0.hasPrefix("reminder 1 for the reset tickets of ") }?.split(separator: " ").last.map(String.init))
        #expect((1...5).map { seen["reminder \($0) for the reset tickets of \(vacancy)"] } == ["2027-04-04", "2027-04-07", "2027-04-10", "2027-04-13", "2027-04-16"])
        #expect((1...5).map { seen["reminder \($0) for the vacancy of igotdoptcc1@nic.in"] } == ["2027-04-15", "2027-04-18", "2027-04-21", "2027-04-24", "2027-04-27"])
        #expect(seen.count == 12, "nothing else: \(seen.keys.sorted())")
        #expect(try w.idState("igotdoptcc1@nic.in") == "vacant")
        let letters = try w.letters()
        let warning = try #require(letters.first { $0.template == "contract-end-warning" })
        #expect(Set(warning.to) == ["a.kumar@nic.in", "b.sharma@gov.in"])
        #expect(letters.filter { $0.template == "reset-ticket" && $0.request == vacancy }.map(\.to) == [["spv.igot@nic.in"]])
    }

    @Test("a contract ending on the last day a date can have: passes go on, the ID stays allocated")
    func contractAtTheEnd() throws {
        let (end, state) = ("31/12/9999", "allocated")   // a contract end in the past is refused
        let w = try IllegalMoveTests.world()
        // A contract extension to `end`: every pass's time-driven work takes the day after it,
        // which used to stop the process.
        let ext = try w.send(from: "a.kumar@nic.in", subject: "Allocation", body:
            "MDO code: dopt\nigotdoptcc1@nic.in: Ms. D. Rao, Consultant, d.rao@learnwell.example.com, 9800000004, Agency: Learnwell, Contract end: \(end)")
        #expect(ext.outcome.hasPrefix("filed to cur/"), "\(ext.outcome)")
        let start = Date(timeIntervalSince1970: 1_804_633_200)   // 2027-03-10T10:00:00+05:30
        for day in 0..<3 {
            _ = try MailPass(configuration: w.configuration, logger: Logger(label: "test")).run(now: start.addingTimeInterval(Double(day) * Self.day))
        }
        #expect(try w.idState("igotdoptcc1@nic.in") == state)
    }
}

/// The office day of a time, for the tests' tables.
enum OfficeDayText {
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Kolkata")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
