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
        if mdos.isEmpty && holderIDs.isEmpty {
            throw RuleRefusal(field: "Status", seen: nil, expected: "a roster you may see: you hold no role or ID in any MDO")
        }
        let number = try newRequest(type: "status", mdo: mdos.count == 1 ? mdos[0] : nil, state: .completed, command: nil, note: nil)
        try audit("status", request: number, "roster sent for " + (mdos.isEmpty ? holderIDs : mdos.map(\.value)).joined(separator: ", "))
        try letters.queue("roster", request: number, subject: "Roster of " + (mdos.count == 1 ? mdos[0].value : "your generic IDs"),
                          to: [sender], inReplyTo: input.messageID,
                          variables: [("mdos", .array(mdos.map { .string($0.value) })), ("ids", .array(holderIDs.map(JSONValue.string)))])
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
