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
/// Also: reminders for open reset tickets (to DoPT/SPV, from *not before*) and vacant IDs (to
/// the Nodal Officer and Admin), the contract-end warning, and the automatic vacancy at 00:00
/// of the day after a third-party creator's contract ends.
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
        // Contracts first: an automatic vacancy opens the ticket and the vacancy the rest chase.
        done += try contractEnds()
        for request in try tx.requests(pendingOnly: true) {
            if let line = try remind(request) { done.append(line) }
        }
        done += try ticketReminders()
        done += try vacancyReminders()
        if let line = try dailySummary() { done.append(line) }
        return done
    }

    var authority: Authority { Authority(configuration: configuration) }
    var doptSPV: [String] { configuration.people.doptSPV.map(\.description) }

    /// Midnight (00:00) of `day` in the office time zone.
    func midnight(_ day: CalendarDay) -> Date? {
        Self.officeTime(day, Configuration.ClockTime(hour: 0, minute: 0), configuration.office.timeZone)
    }

    /// Reminders for open reset tickets, a letter per request to DoPT/SPV: due
    /// `reset_ticket_days` after the ticket was opened, or after 00:00 of its *not before* day.
    func ticketReminders() throws -> [String] {
        var done: [String] = []
        // Only a request with a ticket opened `reset_ticket_days` ago or more can be due; its
        // open tickets are then read whole, for the letter's list of IDs.
        let openedBy = RegistryTransaction.utc(now.addingTimeInterval(-Double(configuration.reminders.resetTicketDays) * 86_400))
        for number in try tx.requestsWithOpenTickets(openedBy: openedBy) {
            let tickets = try tx.openTickets(request: number)
            let starts = tickets.compactMap { ticket -> Date? in
                let opened = Self.instant(ticket.opened)
                guard let day = ticket.notBefore.flatMap(CalendarDay.init(iso:)), let from = midnight(day) else { return opened }
                return max(from, opened ?? from)
            }
            guard let start = starts.min() else { continue }
            let ids = tickets.map(\.id).sorted()
            if let line = try send(Reminder(key: "reminder|tickets|\(number)", start: start, afterDays: configuration.reminders.resetTicketDays,
                                            request: number, purpose: "reset", subject: "reset of \(ids.count) generic ID(s)", to: { doptSPV },
                                            what: "the reset of the generic IDs of its ticket, awaiting RESET DONE",
                                            since: configuration.officeDay(start).description, ids: ids,
                                            about: "the reset tickets of \(number)")) {
                done.append(line)
            }
        }
        return done
    }

    /// Reminders for vacant IDs, to the MDO's Nodal Officer and Admin: due `vacancy_days`
    /// after the last allocation ended.
    func vacancyReminders() throws -> [String] {
        var done: [String] = []
        for (address, since) in try tx.vacantIDs() {
            guard let since, let day = CalendarDay(iso: since), let start = midnight(day) else { continue }
            // The MDO's officers are looked up only when a reminder is due.
            func officers() throws -> [String] {
                guard let id = try tx.genericID(address, domain: configuration.people.idDomain) else { return [] }
                return try authority.nodalAndAdmin(id.id.mdo, tx: tx)
            }
            if let line = try send(Reminder(key: "reminder|vacant|\(address)|\(since)", start: start, afterDays: configuration.reminders.vacancyDays,
                                            request: nil, purpose: nil, subject: "\(address) is vacant",
                                            to: officers,
                                            what: "the vacancy of \(address), awaiting an allocation", since: since, ids: [address],
                                            about: "the vacancy of \(address)")) {
                done.append(line)
            }
        }
        return done
    }

    /// Third-party creators' contracts: the Nodal Officer and Admin are warned
    /// `contract_end_warning_days` before the end; at 00:00 of the day after it, the ID is vacated
    /// by the desk itself (a vacancy request of its own, the allocation closed, a reset ticket to
    /// DoPT/SPV).
    func contractEnds() throws -> [String] {
        var done: [String] = []
        let today = configuration.officeDay(now)
        for allocation in try tx.allocationsWithContractEnd() {
            guard let end = allocation.holder.contractEnd else { continue }
            let dayAfter = end.adding(days: 1)
            let warnFrom = midnight(end.adding(days: -configuration.reminders.contractEndWarningDays))
            // Most contracts are far from their end: nothing more is read for them.
            guard today >= dayAfter || warnFrom.map({ now >= $0 }) == true,
                  let id = try tx.genericID(allocation.id, domain: configuration.people.idDomain) else { continue }
            let nodalAdmin = try authority.nodalAndAdmin(id.id.mdo, tx: tx)
            if today >= dayAfter {
                let number = try tx.nextRequestNumber(year: today.year)
                try tx.insertRequest(RequestRecord(number: number, type: "vacancy", state: .pending, mdo: id.id.mdo, sender: "desk",
                                                   messageID: nil, received: RegistryTransaction.utc(now), note: "contract ended \(end)"),
                                     command: nil)
                try tx.closeAllocation(allocation.id, to: dayAfter.description, reason: "contract end")
                try tx.setGenericIDState(allocation.id, .vacant)
                for ticket in try tx.openTickets(id: allocation.id) { try tx.closeTicket(ticket.rowID, .superseded, by: "desk", now: now) }
                try tx.openTicket(request: number, id: allocation.id, notBefore: nil, lateReport: false, exposed: false, now: now)
                try tx.appendAudit(at: now, actor: "desk", command: "vacancy", request: number.description, messageID: nil,
                                   change: "\(allocation.id) vacant from \(dayAfter): the contract of \(allocation.holder.email) ended \(end)")
                try letters.queue("vacancy-acknowledgement", request: number, subject: "Vacancy of \(allocation.id)", to: nodalAdmin,
                                  inReplyTo: nil, variables: [("id", .string(allocation.id)), ("effective", .string(dayAfter.description))])
                let code = try letters.newActionCode(for: number, purpose: "reset")
                try letters.queue("reset-ticket", request: number, code: code, subject: "Reset ticket: \(allocation.id) (contract ended)",
                                  to: doptSPV, inReplyTo: nil, variables: [("tickets", .array([.object([
                                    ("id", .string(allocation.id)), ("outgoing", ParsedJSON.json(allocation.holder)), ("incoming", .null),
                                  ])]))])
                done.append("\(allocation.id) vacant: the contract ended \(end)")
            } else if try tx.markOnce("contract-warning|\(allocation.id)|\(end)") {
                try letters.queue("contract-end-warning", request: nil, subject: "Contract ending: \(allocation.id)", to: nodalAdmin,
                                  inReplyTo: nil, variables: [
                                    ("name", .string(allocation.holder.name)), ("agency", .optional(allocation.holder.agency)),
                                    ("id", .string(allocation.id)), ("contract_end", .string(end.description)),
                                    ("vacant_from", .string(dayAfter.description)),
                                  ])
                try tx.appendAudit(at: now, actor: "desk", command: "contract-warning", request: nil, messageID: nil,
                                   change: "\(allocation.id): contract of \(allocation.holder.email) ends \(end), Nodal Officer and Admin warned")
                done.append("contract-end warning for \(allocation.id) (ends \(end))")
            }
        }
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
        return try send(Reminder(key: "reminder|\(request.number)", start: received, afterDays: days, request: request.number,
                                 purpose: purpose, subject: request.number.description, to: { to }, cc: cc, what: what,
                                 since: configuration.officeDay(received).description, ids: nil, about: request.number.description,
                                 note: " (\(request.type ?? "request"))"))
    }

    /// A reminder: what is chased, since when, and to whom.
    struct Reminder {
        /// What `markOnce` records, the reminder's number appended.
        var key: String
        /// When the wait began, and the days after which the first reminder is due.
        var start: Date
        var afterDays: Int
        /// The request it is about, and the purpose of a fresh action code (nil: no code).
        var request: RequestNumber?
        var purpose: String?
        /// The Subject after `Reminder N: `, and the recipients (To read only when one is due).
        var subject: String
        var to: () throws -> [String]
        var cc: [String] = []
        /// The letter's `what`, `since` and `ids` variables.
        var what: String
        var since: String
        var ids: [String]?
        /// What the report and the audit say it is about; what the report adds after that.
        var about: String
        var note: String = ""
    }

    /// Sends `reminder` when one is due now and not yet sent: the latest due (at most
    /// `maxReminders`), once, and never one numbered below a reminder already sent. Returns
    /// the report's line, or nil.
    func send(_ reminder: Reminder) throws -> String? {
        let count = Self.dueCount(since: reminder.start, afterDays: reminder.afterDays,
                                  repeatDays: configuration.reminders.repeatDays, now: now)
        guard count > 0, try tx.markOnce("\(reminder.key)|\(count)") else { return nil }
        // The ones before it count as sent: a later pass at an earlier time (a `--now` moved
        // back) must not send reminder 2 after reminder 5.
        for earlier in 1..<count { _ = try tx.markOnce("\(reminder.key)|\(earlier)") }
        var code: ActionCode?
        if let request = reminder.request, let purpose = reminder.purpose {
            code = try letters.newActionCode(for: request, purpose: purpose)
        }
        var variables: [(String, JSONValue)] = [("count", .int(count)), ("what", .string(reminder.what)), ("since", .string(reminder.since))]
        if let ids = reminder.ids { variables.append(("ids", .array(ids.map(JSONValue.string)))) }
        try letters.queue("reminder", request: reminder.request, code: code, subject: "Reminder \(count): \(reminder.subject)",
                          to: try reminder.to(), cc: reminder.cc, inReplyTo: nil, variables: variables)
        try tx.appendAudit(at: now, actor: "desk", command: "reminder", request: reminder.request?.description, messageID: nil,
                           change: "reminder \(count) sent for \(reminder.about)")
        return "reminder \(count) for \(reminder.about)\(reminder.note)"
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
        let failed = try tx.failedOrHeldDeliveries().map { "\($0.subject) → \($0.address) (\($0.state))" }
        let forged = try tx.filedCount(destination: "Forged", since: since)
        // workflow §9: "open tickets … by age", oldest first; a vacancy stays listed while it
        // lasts (its reminders stop after five: the summary is where it is still seen).
        // Office days from `day` to today, as "N days".
        func age(_ day: CalendarDay) -> String { Self.days(max(0, today.daysSinceEpoch - day.daysSinceEpoch)) }
        let tickets = try tx.openTickets().sorted { $0.opened < $1.opened }.map { ticket in
            "\(ticket.request) \(ticket.id): " + (Self.instant(ticket.opened).map { age(configuration.officeDay($0)) } ?? Self.days(0))
                + (ticket.notBefore.map { ", not before \($0)" } ?? "") + (ticket.exposedByMail ? ", exposed by mail" : "")
        }
        let vacant = try tx.vacantIDs().sorted { ($0.since ?? "") < ($1.since ?? "") }.map { address, since -> String in
            guard let since, let day = CalendarDay(iso: since) else { return address }
            return "\(address), vacant since \(since): " + age(day)
        }
        let pending = try tx.requests(pendingOnly: true).map { request -> String in
            let elapsed = Self.instant(request.received).map { Int(now.timeIntervalSince($0) / 86_400) } ?? 0
            return "\(request.number) (\(request.type ?? "request")\(request.mdo.map { ", \($0)" } ?? "")): " + Self.days(elapsed)
        }
        let head = try tx.auditHead()
        try letters.queue("daily-summary", request: nil, subject: "Daily summary", to: configuration.people.doptSPV.map(\.description),
                          inReplyTo: nil, variables: [
                            ("day", .string(today.description)),
                            ("failed_count", .int(failed.count)), ("failed", .array(failed.map(JSONValue.string))),
                            ("forged_count", .int(forged)),
                            ("open_tickets_count", .int(tickets.count)), ("open_tickets", .array(tickets.map(JSONValue.string))),
                            ("pending_count", .int(pending.count)), ("pending_requests", .array(pending.map(JSONValue.string))),
                            ("vacant_count", .int(vacant.count)), ("vacant", .array(vacant.map(JSONValue.string))),
                            ("audit_head", .string(head.hash)), ("audit_count", .int(head.count)),
                          ])
        try tx.appendAudit(at: now, actor: "desk", command: "summary", request: nil, messageID: nil,
                           change: "daily summary of \(today) sent: \(pending.count) pending, \(tickets.count) open tickets")
        return "daily summary of \(today)"
    }

    /// `count` days as the summary says it: "1 day", "3 days".
    static func days(_ count: Int) -> String { "\(count) day\(count == 1 ? "" : "s")" }

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
