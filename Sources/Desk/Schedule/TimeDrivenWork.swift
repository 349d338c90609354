import Domain
import Foundation
import Registry

/// The time-driven work of `workflow.md` §9 that each pass does after its mails, at the pass's
/// start time (`--now` in tests): reminders for pending nominations (to DoPT/SPV) and creation
/// requests (to NIC, DoPT/SPV in copy), and the daily summary to DoPT/SPV at `[summary] at`.
///
/// Each is sent once per due time whatever the number of passes, also across separate
/// `iddesk process` runs: the registry marks it done (`markOnce`) in the transaction that
/// queues it. A reminder is due `[reminders] nomination_days` (`creation_days`) after the
/// request was received, then every `repeat_days`, at most 5 times; a pass that finds several
/// due (the desk was stopped) sends only the latest. After the fifth, the request is carried
/// in the daily summary's pending list.
///
/// Not built yet (issue 11): reminders for open reset tickets and vacancies, the contract-end
/// warning and the automatic vacancy after a contract ends.
struct TimeDrivenWork {
    let configuration: Configuration
    let tx: RegistryTransaction
    let now: Date

    /// At most this many reminders per request.
    static let maxReminders = 5

    var letters: LetterQueue { LetterQueue(tx: tx, configuration: configuration, now: now) }

    /// Does what is due; returns a line per letter queued, for the pass's report.
    ///
    /// - Throws: `DatabaseError` from the registry.
    func run() throws -> [String] {
        var done: [String] = []
        for request in try tx.requests(pendingOnly: true) {
            if let line = try remind(request) { done.append(line) }
        }
        if let line = try dailySummary() { done.append(line) }
        return done
    }

    /// The reminder due for `request` now, if one is and it was not sent yet.
    func remind(_ request: RequestRecord) throws -> String? {
        let days: Int
        let to: [String], cc: [String]
        let what: String
        let purpose: String
        switch request.type {
        case "nomination":
            (days, to, cc) = (configuration.reminders.nominationDays, configuration.people.doptSPV.map(\.description), [])
            what = "the nomination for \(request.mdo?.value ?? "an MDO"), awaiting DoPT/SPV's APPROVE or REJECT"
            purpose = "approve-nomination"
        case "createIDs":
            (days, to, cc) = (configuration.reminders.creationDays, configuration.people.nic.map(\.description),
                              configuration.people.doptSPV.map(\.description))
            what = "the creation of generic IDs for \(request.mdo?.value ?? "an MDO"), awaiting NIC's CREATED or REFUSED"
            purpose = "create-ids"
        default:
            return nil
        }
        guard let received = Self.instant(request.received) else { return nil }
        let count = Self.dueCount(since: received, afterDays: days, repeatDays: configuration.reminders.repeatDays, now: now)
        guard count > 0, try tx.markOnce("reminder|\(request.number)|\(count)") else { return nil }
        let code = try letters.newActionCode(for: request.number, purpose: purpose)
        try letters.queue("reminder", request: request.number, code: code, subject: "Reminder \(count): \(request.number)",
                          to: to, cc: cc, inReplyTo: nil, variables: [
                            ("count", .int(count)), ("what", .string(what)),
                            ("since", .string(String(request.received.prefix(10)))),
                          ])
        try tx.appendAudit(at: now, actor: "desk", command: "reminder", request: request.number.description, messageID: nil,
                           change: "reminder \(count) sent for \(request.number)")
        return "reminder \(count) for \(request.number) (\(request.type ?? "request"))"
    }

    /// The number of the latest reminder due at `now` (0 when none is): the first `afterDays`
    /// days after `since`, the next each `repeatDays` later, at most `maxReminders`.
    static func dueCount(since: Date, afterDays: Int, repeatDays: Int, now: Date) -> Int {
        let elapsed = now.timeIntervalSince(since) / 86_400
        guard elapsed >= Double(afterDays) else { return 0 }
        return min(maxReminders, 1 + Int((elapsed - Double(afterDays)) / Double(repeatDays)))
    }

    /// The daily summary, once per office day, at or after `[summary] at`.
    func dailySummary() throws -> String? {
        let today = configuration.officeDay(now)
        guard let due = Self.officeTime(today, configuration.summaryAt, configuration.office.timeZone), now >= due,
              try tx.markOnce("summary|\(today)") else { return nil }
        let since = due.addingTimeInterval(-86_400)
        let failed = try tx.letterStates().flatMap { letter in
            letter.states.filter { $0.value == "failed" || $0.value == "held" }.sorted { $0.key < $1.key }
                .map { "\(letter.subject) → \($0.key) (\($0.value))" }
        }
        let forged = try tx.filedCount(destination: "Forged", since: since)
        let tickets = try tx.openTickets().map { ticket in
            "\(ticket.request) \(ticket.id)" + (ticket.notBefore.map { ", not before \($0)" } ?? "") + (ticket.exposedByMail ? ", exposed by mail" : "")
        }
        let pending = try tx.requests(pendingOnly: true).map { request -> String in
            let age = Self.instant(request.received).map { Int(now.timeIntervalSince($0) / 86_400) } ?? 0
            return "\(request.number) (\(request.type ?? "request")\(request.mdo.map { ", \($0)" } ?? "")): \(age) day\(age == 1 ? "" : "s")"
        }
        let head = try tx.auditHead()
        try letters.queue("daily-summary", request: nil, subject: "Daily summary", to: configuration.people.doptSPV.map(\.description),
                          inReplyTo: nil, variables: [
                            ("day", .string(today.description)),
                            ("failed_count", .int(failed.count)), ("failed", .array(failed.map(JSONValue.string))),
                            ("forged_count", .int(forged)),
                            ("open_tickets_count", .int(tickets.count)), ("open_tickets", .array(tickets.map(JSONValue.string))),
                            ("pending_count", .int(pending.count)), ("pending_requests", .array(pending.map(JSONValue.string))),
                            ("audit_head", .string(head.hash)), ("audit_count", .int(head.count)),
                          ])
        try tx.appendAudit(at: now, actor: "desk", command: "summary", request: nil, messageID: nil,
                           change: "daily summary of \(today) sent: \(pending.count) pending, \(tickets.count) open tickets")
        return "daily summary of \(today)"
    }

    /// `day` at `time` in `zone`.
    static func officeTime(_ day: CalendarDay, _ time: Configuration.ClockTime, _ zone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute))
    }

    /// A registry time (`2026-11-24T04:45:00Z`).
    static func instant(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }
}
