import Domain
import Foundation
import Registry
import Requests

extension Rules {
    /// §3.1: a nomination from any government address. A newer nomination supersedes a
    /// pending one; for an active MDO it is marked contested unless its Nodal Officer or
    /// Admin sent it, and they are told; a different name is a proposed rename.
    func nominate(_ n: Nomination) throws -> RuleOutcome {
        guard let address = EmailAddress(sender), isGovernment(address) else {
            throw RuleRefusal(field: "Sender", seen: sender, expected: "a nomination from a government address")
        }
        let existing = try tx.mdo(n.mdo)
        var notes: [String] = []
        var contested = false
        if let existing {
            if !Rules.sameName(existing.name, n.name) { notes.append("rename proposed: \(existing.name) → \(n.name)") }
            if existing.state == .active, try authority.roles(of: sender, in: n.mdo, tx: tx).isEmpty {
                contested = true
                notes.append("contested: not sent by the MDO's Nodal Officer or Admin")
            }
        }
        let superseded = try tx.pendingNomination(n.mdo)
        let commandJSON = ParsedJSON.json(Command.nominate(n)).compact
        let number = try tx.nextRequestNumber(year: today.year)
        if let superseded {
            try tx.setRequestState(superseded.number, .rejected, note: "superseded by \(number)")
            try audit("nomination", request: superseded.number, "superseded by \(number)")
        }
        try tx.insertRequest(RequestRecord(number: number, type: "nomination", state: .pending, mdo: n.mdo, sender: sender,
                                           messageID: input.messageID, received: RegistryTransaction.utc(input.receipt),
                                           note: notes.isEmpty ? nil : notes.joined(separator: "; ")), command: commandJSON)
        if existing == nil || existing?.state == .rejected {
            try tx.saveMDO(MDORecord(code: n.mdo, name: existing?.name ?? n.name, ministry: n.ministry ?? existing?.ministry, state: .nominated), now: now)
        }
        try audit("nomination", request: number, "nomination of \(n.mdo) pending DoPT/SPV approval" + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"))

        try letters.queue("acknowledgement", request: number, subject: "Acknowledgement of your nomination - \(n.mdo)",
                          to: [sender], inReplyTo: input.messageID, variables: [("request_type", .string("nomination"))])
        let code = try letters.newActionCode(for: number, purpose: "approve-nomination")
        try letters.queue("approval-request", request: number, code: code, subject: "Approval request: nomination for \(n.name) (\(n.mdo))",
                          to: configuration.people.doptSPV.map(\.description), inReplyTo: nil, variables: [
                            ("nomination", ParsedJSON.json(Command.nominate(n))), ("contested", .bool(contested)),
                            ("rename", .optional(notes.first { $0.hasPrefix("rename") })), ("sender", .string(sender)),
                            ("sender_domain", .string(EmailAddress(sender)?.domain ?? "")),
                          ], attachments: input.original.map { [LetterAttachment(filename: "nomination.eml", contentType: "message/rfc822", content: $0)] } ?? [])
        if contested {
            try letters.queue("nomination-contested", request: number, subject: "A new nomination for \(n.mdo) was received",
                              to: try authority.nodalAndAdmin(n.mdo, tx: tx), inReplyTo: nil, variables: [("sender", .string(sender))])
        }
        return RuleOutcome(destination: "cur", reason: "nomination recorded, awaiting DoPT/SPV", request: number, command: "nomination")
    }
}
