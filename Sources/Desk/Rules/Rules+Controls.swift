import Domain
import Foundation
import Registry
import Requests

extension Rules {
    /// §4: control lines, each applied on its own, in order. Refused (reported, no change):
    /// a sender without the right, a mail dated over 7 days before receipt (or undated, or
    /// dated over a day after it), a wrong or
    /// missing code, an unknown request, a request of the wrong type or state, an ID outside
    /// the request, APPROVE by the nominator. A repeat is "already done".
    func controls(_ lines: [ControlLine], mailProblems: [Problem], noReply: Bool) throws -> RuleOutcome {
        var outcomes: [(String, String)] = []
        var acted = false
        let doPT = authority.isDoPT(sender), nic = authority.isNIC(sender)
        if !doPT && !nic {
            outcomes = lines.map { ($0.word.rawValue, "refused: control lines are accepted only from DoPT/SPV and NIC") }
        } else if let dated = input.dated, input.receipt.timeIntervalSince(dated) > 7 * 86_400 {
            outcomes = lines.map { ($0.word.rawValue, "refused: the mail is dated more than 7 days before it arrived") }
        } else if input.dated == nil {
            // The 7-day rule needs the mail's date: a control mail without one (RFC 5322 §3.6
            // requires it) could be an old one with its Date taken off.
            outcomes = lines.map { ($0.word.rawValue, "refused: the mail has no readable Date, so its age cannot be checked") }
        } else if let dated = input.dated, dated.timeIntervalSince(input.receipt) > 86_400 {
            outcomes = lines.map { ($0.word.rawValue, "refused: the mail is dated more than a day after it arrived") }
        } else if !mailProblems.isEmpty {
            outcomes = lines.map { ($0.word.rawValue + " " + ($0.request?.description ?? ""), "refused: " + mailProblems.map(\.expected).joined(separator: "; ")) }
        } else {
            for line in lines {
                let label = "\(line.word.rawValue) \(line.request?.description ?? "")"
                do {
                    let result = try control(line, doPT: doPT, nic: nic)
                    outcomes.append((label, result))
                    acted = true
                } catch let refusal as RuleRefusal {
                    // The value at fault goes with the rule (which ID, which code word), except
                    // for a repeat, which is reported as "already done …".
                    let text = refusal.problems.map { p in
                        guard let seen = p.seen, !p.expected.hasPrefix("already done") else { return p.expected }
                        return "\"\(seen)\": expected \(p.expected)"
                    }.joined(separator: "; ")
                    outcomes.append((label, text.hasPrefix("already done") ? text : "refused: " + text))
                    if text.hasPrefix("already done") { acted = true }
                }
            }
        }
        for (label, result) in outcomes { try audit("control", request: nil, "\(label): \(result)") }
        if !noReply {
            try letters.queue("control-outcome", request: nil, subject: "Outcome of your instructions", to: [sender],
                              inReplyTo: input.messageID, variables: [
                                ("lines", .array(outcomes.map { .object([("line", .string($0.0)), ("outcome", .string($0.1))]) })),
                              ])
        }
        return RuleOutcome(destination: acted ? "cur" : "Refused",
                           reason: outcomes.map { "\($0.0): \($0.1)" }.joined(separator: "; "), request: nil, command: "control")
    }

    /// One control line; returns what it did, or throws the refusal.
    func control(_ line: ControlLine, doPT: Bool, nic: Bool) throws -> String {
        guard line.problems.isEmpty, let number = line.request, let code = line.code else {
            throw RuleRefusal(line.problems.isEmpty ? [Problem(field: line.word.rawValue, seen: nil, expected: "the number and the code")] : line.problems)
        }
        guard let request = try tx.request(number) else {
            throw RuleRefusal(field: line.word.rawValue, seen: number.description, expected: "a request the desk issued")
        }
        switch line.word {
        case .approve, .reject, .resetDone:
            guard doPT else { throw RuleRefusal(field: line.word.rawValue, seen: sender, expected: "only DoPT/SPV may \(line.word.rawValue)") }
        case .created:
            guard doPT || nic else { throw RuleRefusal(field: line.word.rawValue, seen: sender, expected: "only NIC or DoPT/SPV may confirm creation") }
        case .refused:
            guard nic else { throw RuleRefusal(field: line.word.rawValue, seen: sender, expected: "only NIC may refuse creation") }
        }
        guard let stored = try tx.actionCode(code, request: number) else {
            throw RuleRefusal(field: line.word.rawValue, seen: code.value, expected: "the action code of \(number)'s letter")
        }
        if let spent = stored.spent, line.word != .created, line.word != .refused, line.word != .resetDone {
            // The same action again is reported as done; another action on a decided request is refused.
            if line.word == .approve && stored.purpose.hasPrefix("approve") && request.state != .rejected {
                throw RuleRefusal(field: line.word.rawValue, seen: nil, expected: "already done" + when(spent, stored.spentBy))
            }
            if line.word == .reject && request.state == .rejected {
                throw RuleRefusal(field: line.word.rawValue, seen: nil, expected: "already done" + when(spent, stored.spentBy))
            }
            throw RuleRefusal(field: line.word.rawValue, seen: nil,
                              expected: "a request still awaiting a decision: its code was used" + when(spent, stored.spentBy) + " and it is \(request.state.rawValue)")
        }
        switch line.word {
        case .approve: return try approve(request, code: code)
        case .reject: return try reject(request, code: code, reason: line.reason ?? "")
        case .created, .refused: return try creationAnswer(request, line: line, code: code)
        case .resetDone: return try resetDone(request, line: line, code: code)
        }
    }

    func approve(_ request: RequestRecord, code: ActionCode) throws -> String {
        if request.type == "handover" { return try approveChange(request, code: code) }
        guard request.type == "nomination" else {
            throw RuleRefusal(field: "APPROVE", seen: request.type, expected: "a nomination or a change of Nodal Officer or Admin")
        }
        guard request.state == .pending else {
            throw RuleRefusal(field: "APPROVE", seen: request.state.rawValue, expected: "a pending nomination")
        }
        guard request.sender != sender else {
            throw RuleRefusal(field: "APPROVE", seen: sender, expected: "an approver other than the officer who sent the nomination")
        }
        guard let json = try tx.requestCommand(request.number), let n = NominationJSON.decode(json) else {
            throw RuleRefusal(field: "APPROVE", seen: nil, expected: "a nomination the registry can read")
        }
        let day = today.description
        try tx.saveMDO(MDORecord(code: n.mdo, name: n.name, ministry: n.ministry, state: .active), now: now)
        try tx.setOfficerOfRecord(n.mdo, role: "nodal", officer: n.nodal, since: day)
        try tx.setOfficerOfRecord(n.mdo, role: "admin", officer: n.admin, since: day)
        try tx.setRequestState(request.number, .completed)
        try tx.spendActionCode(code, by: sender, now: now)
        try audit("APPROVE", request: request.number, "\(n.mdo) active; Nodal Officer \(n.nodal.email), Admin \(n.admin.email)")
        // IDs of the roles held by others pass to the approved officers (workflow §2).
        for (role, officer) in [("nodal", n.nodal), ("admin", n.admin)] {
            let address = "igot\(n.mdo.value)\(role)@\(domain)"
            guard let id = try tx.genericID(address, domain: domain), let current = try tx.openAllocation(address),
                  current.holder.email != officer.email else { continue }
            try applyHandover(Handover(id: id.id, outgoing: .address(current.holder.email), reason: .reassignment,
                                       effective: today, successor: officer),
                              from: current, request: request.number, acknowledgeTo: [])
            try tx.setRequestState(request.number, .pending)
        }
        try letters.queue("access-granted", request: request.number, subject: "Nomination approved - \(n.mdo)",
                          to: [n.nodal.email.description, n.admin.email.description],
                          cc: [request.sender] + configuration.people.doptSPV.map(\.description), inReplyTo: nil,
                          variables: [("mdo", .string(n.mdo.value)), ("mdo_name", .string(n.name))])
        return "approved: \(n.mdo) is active"
    }

    /// APPROVE of a pending change of Nodal Officer or Admin: the handover applies now.
    func approveChange(_ request: RequestRecord, code: ActionCode) throws -> String {
        guard request.state == .pending, try tx.openTickets(request: request.number).isEmpty else {
            throw RuleRefusal(field: "APPROVE", seen: request.state.rawValue, expected: "a change of Nodal Officer or Admin awaiting approval")
        }
        guard request.sender != sender else {
            throw RuleRefusal(field: "APPROVE", seen: sender, expected: "an approver other than the officer who asked for the change")
        }
        guard let json = try tx.requestCommand(request.number), let h = HandoverJSON.decode(json, domain: domain),
              let current = try tx.openAllocation(h.id.address) else {
            throw RuleRefusal(field: "APPROVE", seen: nil, expected: "a change whose ID still has its holder")
        }
        try applyHandover(h, from: current, request: request.number, acknowledgeTo: [request.sender])
        try tx.spendActionCode(code, by: sender, now: now)
        return "approved: \(h.id.address) passes to \(h.successor.email)"
    }

    func reject(_ request: RequestRecord, code: ActionCode, reason: String) throws -> String {
        let noTickets = try tx.openTickets(request: request.number).isEmpty
        let pendingChange = request.type == "handover" && request.state == .pending && noTickets
        guard request.type == "nomination" || request.type == "createIDs" || pendingChange else {
            throw RuleRefusal(field: "REJECT", seen: request.type, expected: "a pending nomination, creation request or change of Nodal Officer or Admin")
        }
        guard request.state == .pending else {
            throw RuleRefusal(field: "REJECT", seen: request.state.rawValue, expected: "a pending request")
        }
        try tx.setRequestState(request.number, .rejected, note: "rejected by DoPT/SPV: \(reason)")
        try tx.spendActionCode(code, by: sender, now: now)
        var cc: [String] = []
        if let mdo = request.mdo {
            if request.type == "nomination", let record = try tx.mdo(mdo), record.state == .nominated {
                try tx.saveMDO(MDORecord(code: mdo, name: record.name, ministry: record.ministry, state: .rejected), now: now)
            }
            if request.type == "createIDs" {
                for id in try tx.genericIDs(mdo, domain: domain) where id.request == request.number && id.state == .requested {
                    try tx.setGenericIDState(id.id.address, .withdrawn)
                }
            }
            cc = try authority.nodalAndAdmin(mdo, tx: tx)
        }
        try audit("REJECT", request: request.number, "rejected: \(reason)")
        try letters.queue("rejection", request: request.number, subject: "Your request was not approved", to: [request.sender], cc: cc,
                          inReplyTo: request.messageID, variables: [("reason", .string(reason))])
        return "rejected"
    }

    /// CREATED or REFUSED (requests.md §4) of the IDs of a creation request: all those still
    /// waiting, or those listed. An ID NIC answered the other way before (or one withdrawn when
    /// DoPT/SPV rejected the request) is a move workflow §1 does not allow, and refuses the
    /// whole line; a line whose every ID was answered the same way is "already done on <date>
    /// by <address>", from the first of those answers.
    func creationAnswer(_ request: RequestRecord, line: ControlLine, code: ActionCode) throws -> String {
        guard request.type == "createIDs", let mdo = request.mdo else {
            throw RuleRefusal(field: line.word.rawValue, seen: request.type, expected: "a creation request")
        }
        let mine = try tx.creationAnswers(mdo, request: request.number)
        for id in line.ids where !mine.contains(where: { $0.address == id.address }) {
            throw RuleRefusal(field: line.word.rawValue, seen: id.address, expected: "an ID of \(request.number)")
        }
        let newState: GenericIDRecord.State = line.word == .created ? .created : .withdrawn
        // CREATED stands for every state an ID reaches once made; REFUSED for `withdrawn` only.
        func answeredSo(_ a: CreationAnswerRecord) -> Bool { a.state != .requested && (a.state == .withdrawn) == (newState == .withdrawn) }
        let waiting = mine.filter { $0.state == .requested }
        // Without a list the line means every ID still waiting; once none waits, those answered
        // as this line says (a repeat), or else all of them (the other answer: refused).
        let named: [CreationAnswerRecord]
        if !line.ids.isEmpty {
            named = mine.filter { a in line.ids.contains { $0.address == a.address } }
        } else if !waiting.isEmpty {
            named = waiting
        } else {
            let same = mine.filter(answeredSo)
            named = same.isEmpty ? mine : same
        }
        let answeredOtherwise = named.filter { $0.state != .requested && !answeredSo($0) }
        if let first = answeredOtherwise.first {
            throw RuleRefusal(field: line.word.rawValue, seen: first.address,
                              expected: "an ID still awaiting NIC's answer: it is \(first.state.rawValue)" + when(first.answered, first.answeredBy))
        }
        let pending = named.filter { $0.state == .requested }
        if pending.isEmpty {
            guard let first = named.min(by: { ($0.answered ?? "") < ($1.answered ?? "") }) else {
                throw RuleRefusal(field: line.word.rawValue, seen: request.number.description, expected: "a creation request with IDs")
            }
            throw RuleRefusal(field: line.word.rawValue, seen: nil, expected: "already done" + when(first.answered, first.answeredBy))
        }
        let list = pending.map(\.address)
        try tx.answerCreation(list, newState, by: sender, now: now)
        if waiting.count == pending.count {
            try tx.setRequestState(request.number, .completed)
            try tx.spendActionCode(code, by: sender, now: now)
        }
        try audit(line.word.rawValue, request: request.number, "\(newState.rawValue): " + list.joined(separator: ", "))
        try letters.queue(line.word == .created ? "ids-created" : "ids-refused", request: request.number,
                          subject: line.word == .created ? "Generic IDs created - \(mdo)" : "Generic IDs not created - \(mdo)",
                          to: try authority.nodalAndAdmin(mdo, tx: tx), inReplyTo: nil,
                          variables: [("ids", .array(list.map(JSONValue.string))), ("reason", .optional(line.reason))])
        // IDs the line names that were answered so before: said, as RESET DONE says its own.
        let again = named.filter(answeredSo).map { "; \($0.address) already done" + when($0.answered, $0.answeredBy) }.joined()
        return "\(newState.rawValue): " + list.joined(separator: ", ") + again
    }

    /// " on <date> by <address>" for a repeat's report, as far as the registry knows them: the
    /// stored UTC time shown in the office's time zone (`2026-11-24 10:04 +05:30`), so that
    /// an answer near midnight is not told on the day before.
    func when(_ at: String?, _ by: String?) -> String {
        let shown = at.map { stored in Instant.parseISO8601(stored).map(configuration.officeTime) ?? stored }
        return (shown.map { " on \($0)" } ?? "") + (by.map { " by \($0)" } ?? "")
    }

    /// RESET DONE (requests.md §4) of a request's open reset tickets: all, or those of the
    /// listed IDs. A listed ID whose ticket of this request is done already is reported as
    /// "already done on <date> by <address>" beside the others; a line naming only such IDs
    /// (or a request whose tickets are all done) changes nothing. An ID without a ticket of the
    /// request, or a request without tickets, is refused.
    func resetDone(_ request: RequestRecord, line: ControlLine, code: ActionCode) throws -> String {
        let all = try tx.tickets(request: request.number)
        let open = all.filter { $0.state == .open }
        // The done ticket of each ID, the last one closed, for a repeat's report.
        var doneBefore: [String: ResetTicketRecord] = [:]
        for t in all where t.state == .done && (doneBefore[t.id.lowercased()]?.closed ?? "") <= (t.closed ?? "") { doneBefore[t.id.lowercased()] = t }
        guard !all.isEmpty else {
            throw RuleRefusal(field: "RESET DONE", seen: request.number.description, expected: "a request with reset tickets")
        }
        var repeats: [ResetTicketRecord] = []
        for id in line.ids where !open.contains(where: { $0.id.lowercased() == id.address }) {
            guard let done = doneBefore[id.address] else {
                throw RuleRefusal(field: "RESET DONE", seen: id.address, expected: "an ID with an open reset ticket of \(request.number)")
            }
            repeats.append(done)
        }
        let chosen = line.ids.isEmpty ? open : open.filter { t in line.ids.contains { $0.address == t.id.lowercased() } }
        if chosen.isEmpty {
            let last = line.ids.isEmpty ? doneBefore.values.max { ($0.closed ?? "") < ($1.closed ?? "") } : repeats.first
            guard let last else {
                throw RuleRefusal(field: "RESET DONE", seen: request.number.description, expected: "a request with an open reset ticket (its tickets were superseded)")
            }
            throw RuleRefusal(field: "RESET DONE", seen: nil, expected: "already done" + when(last.closed, last.closedBy))
        }
        var done: [String] = []
        var copies: [MDOCode: [String]] = [:]   // the Nodal Officer and Admin of each MDO, looked up once
        // The tickets' IDs and holders, read once: closing a ticket changes neither.
        let ids = try tx.genericIDs(chosen.map(\.id), domain: domain)
        let holders = try tx.openAllocations(chosen.map(\.id))
        var ready = Set<String>()
        var allocated: [String] = [], notices: [LetterDraft] = []
        for ticket in chosen {
            let record = ids[ticket.id.lowercased()]
            // An ID made ready once here is not made ready again by a second ticket of it.
            if record?.state == .resetPending, let holder = holders[ticket.id]?.holder, ready.insert(ticket.id).inserted {
                allocated.append(ticket.id)
                if let mdo = record?.id.mdo {
                    if copies[mdo] == nil { copies[mdo] = try authority.nodalAndAdmin(mdo, tx: tx) }
                    notices.append(LetterDraft(template: "reset-notice", request: request.number, subject: "Generic ID \(ticket.id) is ready for you",
                                               to: [holder.email.description], cc: copies[mdo] ?? [], inReplyTo: nil,
                                               variables: [("id", .string(ticket.id)), ("channel", .string(configuration.resetChannel))]))
                }
            }
            done.append(ticket.id)
        }
        // The writes in batches, one statement each.
        try tx.closeTickets(chosen.map(\.rowID), .done, by: sender, now: now)
        try tx.setGenericIDStates(allocated, .allocated)
        try letters.queue(notices)
        if try tx.openTickets(request: request.number).isEmpty {
            try tx.setRequestState(request.number, .completed)
            try tx.spendActionCode(code, by: sender, now: now)
        }
        try audit("RESET DONE", request: request.number, "reset: " + done.joined(separator: ", "))
        let again = repeats.map { "; \($0.id) already done" + when($0.closed, $0.closedBy) }.joined()
        return "reset done: " + done.joined(separator: ", ") + again
    }
}
