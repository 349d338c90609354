import Domain
import Foundation
import Registry
import Requests

extension Rules {
    /// §3.6: the roster to whoever may see it; others get a refusal naming the rule only.
    func status(_ query: StatusQuery) throws -> RuleOutcome {
        var mdos: [MDOCode] = []
        switch query {
        case .all:
            guard authority.isDoPT(sender) else {
                throw RuleRefusal(field: "Status", seen: "all", expected: "the roster of every MDO goes only to DoPT/SPV")
            }
            mdos = try tx.mdos().map(\.code)
        case .mdo(let code):
            let holdsRole = try !authority.roles(of: sender, in: code, tx: tx).isEmpty
            guard authority.isDoPT(sender) || holdsRole else {
                throw RuleRefusal(field: "Status", seen: code.value, expected: "an MDO's roster goes only to its Nodal Officer, its Admin and DoPT/SPV")
            }
            mdos = [code]
        case .own:
            if authority.isDoPT(sender) {
                mdos = try tx.mdos().map(\.code)
            } else {
                mdos = try tx.mdos().map(\.code).filter { try !authority.roles(of: sender, in: $0, tx: tx).isEmpty }
            }
        case .request(let number):
            guard let request = try tx.request(number), try authority.maySee(request, sender: sender, tx: tx) else {
                throw RuleRefusal(field: "Status", seen: number.description, expected: "a request you sent or may see")
            }
            let numberOwn = try newRequest(type: "status", mdo: request.mdo, state: .completed, command: nil, note: nil)
            try letters.queue("request-state", request: numberOwn, subject: "State of \(number)", to: [sender], inReplyTo: input.messageID,
                              variables: [("asked", .string(number.description)), ("state", .string(request.state.rawValue)),
                                          ("note", .optional(request.note))])
            return RuleOutcome(destination: "cur", reason: "state of \(number) sent", request: numberOwn, command: "status")
        }
        let holderIDs = try tx.openAllocations(holder: sender).map(\.id)
        // DoPT/SPV always get the roster, empty or not (requests §3.6: `all` is every MDO).
        if mdos.isEmpty && holderIDs.isEmpty && !authority.isDoPT(sender) {
            throw RuleRefusal(field: "Status", seen: nil, expected: "a roster you may see: you hold no role or ID in any MDO")
        }
        let number = try newRequest(type: "status", mdo: mdos.count == 1 ? mdos[0] : nil, state: .completed, command: nil, note: nil)
        try audit("status", request: number, "roster sent for " + (mdos.isEmpty ? holderIDs : mdos.map(\.value)).joined(separator: ", "))
        // workflow §4: one row per ID, then the officers of record and the pending requests.
        var rows = try RosterRow.rows(tx, mdos: mdos, domain: domain)
        if mdos.isEmpty {
            rows = try holderIDs.compactMap { address in
                try tx.genericID(address, domain: domain).map { try RosterRow.rows(tx, mdos: [$0.id.mdo], domain: domain) }?
                    .first { $0.id == address }
            }
        }
        let today = self.today
        var officers: [JSONValue] = []
        var pending: [JSONValue] = []
        for code in mdos {
            let record = try tx.officersOfRecord(code)
            for role in ["nodal", "admin"] {
                if let o = record[role] {
                    officers.append(.object([("mdo", .string(code.value)), ("role", .string(role == "nodal" ? "Nodal Officer" : "Admin")),
                                             ("name", .string(o.name)), ("designation", .string(o.designation)), ("email", .string(o.email.description))]))
                }
            }
        }
        for request in try tx.requests(pendingOnly: true) where request.mdo.map(mdos.contains) ?? false {
            pending.append(.object([("number", .string(request.number.description)), ("type", .optional(request.type)),
                                    ("received", .string(String(request.received.prefix(10))))]))
        }
        // Over 200 rows the roster goes as a CSV attachment (§3.6), the letter keeping the rest.
        let large = rows.count > 200
        let attachment = large ? [LetterAttachment(filename: "roster.csv", contentType: "text/csv",
                                                   content: Array(CSVWriter.text(header: RosterRow.csvHeader, rows: rows.map(\.csvCells)).utf8))] : []
        let listed = large ? [] : rows
        try letters.queue("roster", request: number, subject: "Roster of " + (mdos.count == 1 ? mdos[0].value : "your generic IDs"),
                          to: [sender], inReplyTo: input.messageID, variables: [
                            ("attached", .bool(large)), ("row_count", .string(String(rows.count))),
                            ("mdos", .array(mdos.map { .string($0.value) })), ("ids", .array(holderIDs.map(JSONValue.string))),
                            ("rows", .array(listed.map { row in
                                var ticket: JSONValue = .null
                                if let t = row.resetTicket { ticket = .string(t) }
                                return .object([("id", .string(row.id)), ("state", .string(row.state)),
                                                ("holder", .optional(row.holder.map { "\($0.name), \($0.designation), \($0.email)" })),
                                                ("since", .optional(row.since)), ("ticket", ticket)])
                            })),
                            ("officers", .array(officers)), ("pending", .array(pending)), ("day", .string(today.description)),
                          ], attachments: attachment)
        return RuleOutcome(destination: "cur", reason: "roster sent", request: number, command: "status")
    }

    /// §2.2: a follow-up changes nothing; its sender, if allowed, gets the request's state.
    func followUp(_ number: RequestNumber) throws -> RuleOutcome {
        guard let request = try tx.request(number), try authority.maySee(request, sender: sender, tx: tx) else {
            return RuleOutcome(destination: "cur", reason: "follow-up on \(number) filed without a reply (not the sender's request)",
                               request: nil, command: "followUp")
        }
        try audit("followUp", request: number, "state sent: \(request.state.rawValue)")
        try letters.queue("request-state", request: number, subject: "State of your request", to: [sender], inReplyTo: input.messageID,
                          variables: [("state", .string(request.state.rawValue)), ("note", .optional(request.note))])
        return RuleOutcome(destination: "cur", reason: "state of \(number) sent", request: nil, command: "followUp")
    }
}
