import Domain
import Foundation
import Registry
import Requests

extension Rules {
    /// The earliest and latest effective dates accepted (`[handover]`), from today.
    func checkWindow(_ day: CalendarDay, field: String) throws {
        let delta = day.daysSinceEpoch - today.daysSinceEpoch
        if delta > configuration.handoverFutureDays {
            throw RuleRefusal(field: field, seen: day.description, expected: "a date at most \(configuration.handoverFutureDays) days ahead")
        }
        if -delta > configuration.handoverPastDays {
            throw RuleRefusal(field: field, seen: day.description, expected: "a date at most \(configuration.handoverPastDays) days ago")
        }
    }

    /// §3.3: allocation, row by row; accepted rows open an allocation and a reset ticket each.
    func allocate(_ a: Allocation, rowProblems: [Problem]) throws -> RuleOutcome {
        try requireRole(a.mdo, "An allocation")
        var problems = rowProblems
        var accepted: [(Allocation.Row, extension: Bool)] = []
        let exposed = Set(input.parsed.passwords.flatMap(\.ids))
        let record = try tx.officersOfRecord(a.mdo)
        // Nothing changes until every row is checked: the sheet's IDs and holders are read once.
        let addresses = a.rows.map(\.id.address)
        let ids = try tx.genericIDs(addresses, domain: domain)
        let holders = try tx.openAllocations(addresses)
        for row in a.rows {
            let field = row.id.address
            guard let id = ids[field.lowercased()] else {
                problems.append(Problem(field: field, seen: field, expected: "an ID that exists (ask NIC to create it first)")); continue
            }
            if let end = row.officer.contractEnd, end <= today {
                problems.append(Problem(field: field, seen: end.description, expected: "a contract end after today")); continue
            }
            if id.id.slot == .nodal || id.id.slot == .admin,
               record[id.id.slot == .nodal ? "nodal" : "admin"]?.email != row.officer.email {
                problems.append(Problem(field: field, seen: row.officer.email.description,
                                        expected: "the \(id.id.slot == .nodal ? "Nodal Officer" : "Admin") of record: a change needs a nomination approved by DoPT/SPV"))
                continue
            }
            if let holder = holders[field]?.holder {
                if holder.email == row.officer.email { accepted.append((row, true)); continue }
                problems.append(Problem(field: field, seen: row.officer.email.description, expected: "an ID without a holder: use a handover"))
                continue
            }
            guard id.state == .created || id.state == .vacant else {
                problems.append(Problem(field: field, seen: id.state.rawValue, expected: "an ID that is created or vacant")); continue
            }
            accepted.append((row, false))
        }
        guard !accepted.isEmpty else { throw RuleRefusal(problems) }
        let number = try newRequest(type: "allocation", mdo: a.mdo, state: .pending,
                                    command: ParsedJSON.json(Command.allocate(a)).compact, note: nil)
        var ticketRows: [JSONValue] = []
        let nodalAdmin = try authority.nodalAndAdmin(a.mdo, tx: tx)
        // The rows' writes go in batches (one statement each), in the rows' order.
        var changes: [String] = [], extensions: [Allocation.Row] = [], newRows: [Allocation.Row] = [], notices: [LetterDraft] = []
        for (row, isExtension) in accepted {
            let address = row.id.address
            if isExtension {
                extensions.append(row)
                changes.append("\(address): holder's details updated (contract extension)")
                continue
            }
            newRows.append(row)
            changes.append("\(address) allocated to \(row.officer.email)")
            let first = [Slot.Role.nodal, .admin, .reviewer, .publisher].contains(row.id.slot.role)
            ticketRows.append(.object([("id", .string(address)), ("outgoing", .null), ("incoming", ParsedJSON.json(row.officer)),
                                       ("withdraw_personal_access", .bool(first)), ("exposed_by_mail", .bool(exposed.contains(address)))]))
            notices.append(LetterDraft(template: "allocation-notice", request: number, subject: "Generic ID \(address) allocated to you",
                                       to: [row.officer.email.description], cc: nodalAdmin, inReplyTo: nil,
                                       variables: [("id", .string(address)), ("channel", .string(configuration.resetChannel))]))
        }
        for row in extensions { try tx.updateOpenAllocation(row.id.address, holder: row.officer) }
        let allocated = newRows.map(\.id.address)
        try tx.openAllocations(holders: newRows.map { ($0.id.address, $0.officer) }, from: today.description, request: number)
        try tx.setGenericIDStates(allocated, .resetPending)
        // An ID whose password the mail carried (a sheet's password column): its ticket says
        // so, as the ticket opened for a mailed password does (§3.4, "reset at once").
        try tx.openTickets(request: number, ids: allocated.filter { !exposed.contains($0) }, notBefore: nil, lateReport: false, exposed: false, now: now)
        try tx.openTickets(request: number, ids: allocated.filter { exposed.contains($0) }, notBefore: nil, lateReport: false, exposed: true, now: now)
        try audit("allocation", request: number, each: changes)
        try letters.queue(notices)
        if ticketRows.isEmpty {
            try tx.setRequestState(number, .completed)
        } else {
            let code = try letters.newActionCode(for: number, purpose: "reset")
            try letters.queue("reset-ticket", request: number, code: code, subject: "Reset ticket: \(ticketRows.count) generic ID(s) of \(a.mdo)",
                              to: configuration.people.doptSPV.map(\.description), inReplyTo: nil, variables: [("tickets", .array(ticketRows))])
        }
        try letters.queue("acknowledgement", request: number, subject: "Acknowledgement of your allocation - \(a.mdo)", to: [sender],
                          inReplyTo: input.messageID, variables: [
                            ("request_type", .string("allocation")),
                            ("accepted", .array(accepted.map { .string($0.0.id.address) })),
                            ("refused", ParsedJSON.json(letterProblems: problems)),
                          ])
        return RuleOutcome(destination: "cur", reason: "\(accepted.count) row(s) applied, \(problems.count) problem(s)", request: number, command: "allocation")
    }

    /// §3.4: a handover from the holder or the MDO's Nodal Officer or Admin.
    func handover(_ h: Handover) throws -> RuleOutcome {
        let address = h.id.address
        // Authority first (requests.md §7): a stranger learns the rule, not whether the ID
        // exists or who holds it.
        let current = try tx.openAllocation(address)
        let holderWrites = sender == address || (current.map { sender == $0.holder.email.description } ?? false)
        if !holderWrites {
            guard try !authority.roles(of: sender, in: h.id.mdo, tx: tx).isEmpty else {
                throw RuleRefusal(field: "Sender", seen: sender, expected: "a handover from the ID's holder or the MDO's Nodal Officer or Admin")
            }
        }
        guard let id = try tx.genericID(address, domain: domain), let current else {
            throw RuleRefusal(field: "Generic ID", seen: address, expected: "an ID that has a holder")
        }
        switch h.outgoing {
        case .sender:
            guard holderWrites else { throw RuleRefusal(field: "Outgoing officer", seen: nil, expected: "the outgoing officer's e-mail address") }
        case .address(let a):
            guard a == current.holder.email else {
                throw RuleRefusal(field: "Outgoing officer", seen: a.description, expected: "the ID's current holder")
            }
        case .name(let n):
            guard Rules.sameName(n, current.holder.name) else {
                throw RuleRefusal(field: "Outgoing officer", seen: n, expected: "the ID's current holder")
            }
        }
        try checkWindow(h.effective, field: "Effective date")
        if h.id.slot == .nodal || h.id.slot == .admin {
            // A change of Nodal Officer or Admin waits for DoPT/SPV's APPROVE (§3.4).
            guard isGovernment(h.successor.email) else {
                throw RuleRefusal(field: "Successor", seen: h.successor.email.description, expected: "a government address")
            }
            let number = try newRequest(type: "handover", mdo: h.id.mdo, state: .pending,
                                        command: ParsedJSON.json(Command.handover(h)).compact, note: "change of \(h.id.slot == .nodal ? "Nodal Officer" : "Admin"), awaiting DoPT/SPV")
            try audit("handover", request: number, "\(address): change to \(h.successor.email) awaiting DoPT/SPV's approval")
            let code = try letters.newActionCode(for: number, purpose: "approve-change")
            try letters.queue("approval-request", request: number, code: code,
                              subject: "Approval request: change of \(h.id.slot == .nodal ? "Nodal Officer" : "Admin") of \(h.id.mdo)",
                              to: configuration.people.doptSPV.map(\.description), inReplyTo: nil, variables: [
                                ("handover", ParsedJSON.json(Command.handover(h))), ("outgoing", ParsedJSON.json(current.holder)), ("sender", .string(sender)),
                              ])
            try letters.queue("acknowledgement", request: number, subject: "Acknowledgement of your handover of \(address)", to: [sender],
                              inReplyTo: input.messageID, variables: [("request_type", .string("handover")), ("awaiting", .string("DoPT/SPV's approval"))])
            return RuleOutcome(destination: "cur", reason: "change of Nodal Officer/Admin recorded, awaiting DoPT/SPV", request: number, command: "handover")
        }
        _ = id
        let number = try newRequest(type: "handover", mdo: h.id.mdo, state: .pending,
                                    command: ParsedJSON.json(Command.handover(h)).compact, note: nil)
        try applyHandover(h, from: current, request: number, acknowledgeTo: [sender])
        return RuleOutcome(destination: "cur", reason: "handover recorded, reset ticket open", request: number, command: "handover")
    }

    /// The effects and letters of a handover (workflow §2): the outgoing allocation ends, the
    /// successor's opens, the ID awaits its reset (not before a future date; marked late over
    /// 30 days), an open ticket is superseded; for the `nodal`/`admin` ID the officer of record
    /// changes too.
    func applyHandover(_ h: Handover, from current: AllocationRecord, request number: RequestNumber, acknowledgeTo: [String]) throws {
        let address = h.id.address
        let future = h.effective > today
        let late = today.daysSinceEpoch - h.effective.daysSinceEpoch > 30
        try tx.closeAllocation(address, to: h.effective.description, reason: h.reason.rawValue)
        try tx.openAllocation(address, holder: h.successor, from: h.effective.description, request: number)
        try tx.setGenericIDState(address, .resetPending)
        for ticket in try tx.openTickets(id: address) { try tx.closeTicket(ticket.rowID, .superseded, by: sender, now: now) }
        try tx.openTicket(request: number, id: address, notBefore: future ? h.effective.description : nil, lateReport: late,
                          exposed: input.parsed.passwords.contains { $0.ids.contains(address) }, now: now)
        if h.id.slot == .nodal || h.id.slot == .admin {
            try tx.setOfficerOfRecord(h.id.mdo, role: h.id.slot == .nodal ? "nodal" : "admin", officer: h.successor, since: h.effective.description)
        }
        try audit("handover", request: number, "\(address): \(current.holder.email) → \(h.successor.email) from \(h.effective)\(late ? " (late report)" : "")")
        let nodalAdmin = try authority.nodalAndAdmin(h.id.mdo, tx: tx)
        try letters.queue("handover-acknowledgement", request: number, subject: "Handover of \(address)",
                          to: acknowledgeTo + [current.holder.email.description, h.successor.email.description], cc: nodalAdmin,
                          inReplyTo: input.messageID, variables: [("id", .string(address)), ("effective", .string(h.effective.description)),
                                                                  ("password_mailed", .bool(!input.parsed.passwords.isEmpty))])
        let code = try letters.newActionCode(for: number, purpose: "reset")
        try letters.queue("reset-ticket", request: number, code: code, subject: "Reset ticket: \(address)",
                          to: configuration.people.doptSPV.map(\.description), inReplyTo: nil, variables: [("tickets", .array([.object([
                            ("id", .string(address)), ("outgoing", ParsedJSON.json(current.holder)), ("incoming", ParsedJSON.json(h.successor)),
                            ("not_before", .optional(future ? h.effective.description : nil)), ("late_report", .bool(late)),
                          ])]))])
    }

    /// §3.5: a vacancy reported by the MDO's Nodal Officer or Admin.
    func vacate(_ v: Vacancy) throws -> RuleOutcome {
        try requireRole(v.id.mdo, "A vacancy report")
        let address = v.id.address
        guard let id = try tx.genericID(address, domain: domain), id.state == .allocated || id.state == .resetPending,
              let current = try tx.openAllocation(address) else {
            throw RuleRefusal(field: "Generic ID", seen: address, expected: "an ID that is allocated or awaiting reset")
        }
        switch v.officer {
        case .address(let a) where a != current.holder.email:
            throw RuleRefusal(field: "Officer", seen: a.description, expected: "the ID's current holder")
        case .name(let n) where !Rules.sameName(n, current.holder.name):
            throw RuleRefusal(field: "Officer", seen: n, expected: "the ID's current holder")
        default: break
        }
        try checkWindow(v.effective, field: "Effective date")
        let number = try newRequest(type: "vacancy", mdo: v.id.mdo, state: .pending,
                                    command: ParsedJSON.json(Command.vacate(v)).compact, note: nil)
        try tx.closeAllocation(address, to: v.effective.description, reason: v.reason.rawValue)
        try tx.setGenericIDState(address, .vacant)
        for ticket in try tx.openTickets(id: address) { try tx.closeTicket(ticket.rowID, .superseded, by: sender, now: now) }
        let future = v.effective > today
        try tx.openTicket(request: number, id: address, notBefore: future ? v.effective.description : nil, lateReport: false, exposed: false, now: now)
        try audit("vacancy", request: number, "\(address) vacant from \(v.effective) (\(v.reason.rawValue))")
        try letters.queue("vacancy-acknowledgement", request: number, subject: "Vacancy of \(address)", to: [sender],
                          cc: try authority.nodalAndAdmin(v.id.mdo, tx: tx), inReplyTo: input.messageID,
                          variables: [("id", .string(address)), ("effective", .string(v.effective.description))])
        let code = try letters.newActionCode(for: number, purpose: "reset")
        try letters.queue("reset-ticket", request: number, code: code, subject: "Reset ticket: \(address) (vacancy)",
                          to: configuration.people.doptSPV.map(\.description), inReplyTo: nil, variables: [("tickets", .array([.object([
                            ("id", .string(address)), ("outgoing", ParsedJSON.json(current.holder)), ("incoming", .null),
                            ("not_before", .optional(future ? v.effective.description : nil)),
                          ])]))])
        return RuleOutcome(destination: "cur", reason: "vacancy recorded, reset ticket open", request: number, command: "vacancy")
    }
}
