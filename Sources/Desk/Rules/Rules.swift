import Domain
import Foundation
import Registry
import Requests

/// The rules of `workflow.md` §1-2 and `requests.md` §3-4 applied to one mail inside the
/// registry transaction that also records it: every state change, request number and queued
/// letter commits together or not at all. "Now" and the receipt time come in as values.
struct Rules {
    let configuration: Configuration
    let tx: RegistryTransaction
    let input: RuleInput
    let now: Date
    /// The office's calendar day of the receipt time: every date rule of the mail counts from
    /// it (computed once: a calendar look-up costs microseconds, and rules ask per row).
    let today: CalendarDay

    init(configuration: Configuration, tx: RegistryTransaction, input: RuleInput, now: Date) {
        self.configuration = configuration
        self.tx = tx
        self.input = input
        self.now = now
        self.today = configuration.officeDay(input.receipt)
    }

    var authority: Authority { Authority(configuration: configuration) }
    var letters: LetterQueue { LetterQueue(tx: tx, configuration: configuration, now: now, sender: input.sender,
                                          passwordMailed: !input.parsed.passwords.isEmpty) }
    var domain: String { configuration.people.idDomain }
    var sender: String { input.sender }

    /// The office's calendar day of `date`.
    func officeDay(_ date: Date) -> CalendarDay { configuration.officeDay(date) }

    /// Applies the mail, then opens a reset ticket at once for every ID whose password it
    /// carried (`requests.md` §3.4: exposed by mail, whatever the request).
    func apply() throws -> RuleOutcome {
        var outcome = try applyRequest()
        let exposed = Set(input.parsed.passwords.flatMap(\.ids))
        if !exposed.isEmpty {
            // IDs the registry knows, unless this mail's own request already opened an
            // immediate ticket for them (a handover effective today).
            let ids = try exposed.sorted().filter { id in
                guard try tx.genericID(id, domain: domain) != nil else { return false }
                // A ticket already open for a mailed password (this mail's, put back by
                // `reprocess`, or an earlier mail's) is the one DoPT/SPV acts on: no second.
                guard try !tx.openTickets(id: id).contains(where: \.exposedByMail) else { return false }
                guard let request = outcome.request else { return true }
                return try !tx.openTickets(request: request, id: id).contains { $0.notBefore == nil }
            }
            if !ids.isEmpty {
                // The tickets join the mail's own request while it is pending; a refused one is
                // closed, and a ticket of a closed request could never be marked done.
                let pending = try outcome.request.flatMap { try tx.request($0) }.flatMap { $0.state == .pending ? $0.number : nil }
                // The request of its own belongs to the first ID's MDO (`requests` shows it).
                let number = try pending ?? newRequest(type: "reset", mdo: try tx.genericID(ids[0], domain: domain)?.id.mdo,
                                                       state: .pending, command: nil, note: "password exposed by mail")
                for id in ids {
                    try tx.openTicket(request: number, id: id, notBefore: nil, lateReport: false, exposed: true, now: now)
                    try audit("reset", request: number, "\(id): password exposed by mail, reset ticket opened")
                }
                let code = try letters.newActionCode(for: number, purpose: "reset")
                try letters.queue("reset-ticket", request: number, code: code, subject: "Reset at once: password exposed by mail",
                                  to: configuration.people.doptSPV.map(\.description), inReplyTo: nil, variables: [
                                    ("tickets", .array(ids.map { .object([("id", .string($0)), ("exposed_by_mail", .bool(true))]) })),
                                  ])
                if outcome.request == nil { outcome.request = number }
                outcome.reason += "; reset ticket opened: password exposed by mail" + (number == outcome.request ? "" : " (\(number))")
            }
        }
        return outcome
    }

    func applyRequest() throws -> RuleOutcome {
        switch input.parsed.parsed {
        case .ignored(let reason):
            return RuleOutcome(destination: "Ignored", reason: "never a request: \(reason)", request: nil, command: nil)
        case .followUp(let number):
            return try followUp(number)
        case .controls(let lines, let problems, let noReply):
            return try controls(lines, mailProblems: problems, noReply: noReply)
        case .refused(let problems, let resembles):
            let number = try newRequest(type: nil, mdo: nil, state: .rejected, command: nil, note: "not understood")
            try refusal(number, problems: problems, resembles: resembles)
            return RuleOutcome(destination: "Refused", reason: "refused: " + Problem.listed(problems),
                               request: number, command: resembles?.rawValue)
        case .command(let command, let rowProblems):
            let name = command.type.rawValue
            do {
                return try apply(command, rowProblems: rowProblems)
            } catch let refusal as RuleRefusal {
                let number = try newRequest(type: name, mdo: Rules.mdo(of: command), state: .rejected, command: nil,
                                            note: refusal.problems.map(\.description).joined(separator: "; "))
                try self.refusal(number, problems: refusal.problems, resembles: command.type)
                return RuleOutcome(destination: "Refused", reason: "refused: " + Problem.listed(refusal.problems),
                                   request: number, command: name)
            }
        }
    }

    static func mdo(of command: Command) -> MDOCode? {
        switch command {
        case .nominate(let n): return n.mdo
        case .createIDs(let c): return c.mdo
        case .allocate(let a): return a.mdo
        case .handover(let h): return h.id.mdo
        case .vacate(let v): return v.id.mdo
        case .status(let q): if case .mdo(let code) = q { return code }; return nil
        }
    }

    func apply(_ command: Command, rowProblems: [Problem]) throws -> RuleOutcome {
        switch command {
        case .nominate(let n): return try nominate(n)
        case .createIDs(let c): return try createIDs(c)
        case .allocate(let a): return try allocate(a, rowProblems: rowProblems)
        case .handover(let h): return try handover(h)
        case .vacate(let v): return try vacate(v)
        case .status(let q): return try status(q)
        }
    }

    // MARK: Shared steps

    /// A new request number for this mail (`requests.md` §1: year of receipt, office time zone).
    func newRequest(type: String?, mdo: MDOCode?, state: RequestRecord.State, command: String?, note: String?) throws -> RequestNumber {
        let number = try tx.nextRequestNumber(year: today.year)
        try tx.insertRequest(RequestRecord(number: number, type: type, state: state, mdo: mdo, sender: sender,
                                           messageID: input.messageID, received: RegistryTransaction.utc(input.receipt), note: note),
                             command: command)
        return number
    }

    /// The refusal letter (`requests.md` §6): every problem, and the blank form of the request it resembles.
    func refusal(_ number: RequestNumber, problems: [Problem], resembles: RequestType?) throws {
        try letters.queue("refusal", request: number, subject: "Your request could not be processed", to: [sender],
                          inReplyTo: input.messageID, variables: [
                            ("problems", ParsedJSON.json(letterProblems: problems)),
                            ("form", .optional(resembles?.rawValue)),
                          ])
    }

    func audit(_ command: String, request: RequestNumber?, _ change: String) throws {
        try tx.appendAudit(at: now, actor: sender, command: command, request: request?.description,
                           messageID: input.messageID, change: change)
    }

    /// Appends an audit entry per change, in order (a row of a sheet each), in one statement.
    func audit(_ command: String, request: RequestNumber?, each changes: [String]) throws {
        guard !changes.isEmpty else { return }
        try tx.appendAudits(at: now, actor: sender, command: command, request: request?.description,
                            messageID: input.messageID, changes: changes)
    }

    /// The role an MDO's Nodal Officer or Admin needs, refused with the rule only (`requests.md` §7).
    func requireRole(_ mdo: MDOCode, _ what: String) throws {
        guard let record = try tx.mdo(mdo), record.state == .active else {
            throw RuleRefusal(field: "MDO code", seen: mdo.value, expected: "an MDO whose nomination DoPT/SPV has approved")
        }
        guard try !authority.roles(of: sender, in: mdo, tx: tx).isEmpty else {
            throw RuleRefusal(field: "Sender", seen: sender, expected: "\(what) may be sent only by the MDO's Nodal Officer or Admin (from the generic ID or the address of record)")
        }
    }

    func isGovernment(_ address: EmailAddress) -> Bool { configuration.people.governmentDomains.contains(address) }

    static func sameName(_ a: String, _ b: String) -> Bool {
        func key(_ s: String) -> String { s.lowercased().filter { $0.isLetter || $0.isNumber } }
        return key(a) == key(b)
    }
}
