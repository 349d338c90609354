import Domain
import Foundation
import Registry
import Requests

extension Rules {
    /// §3.2: creation of generic IDs by the Nodal Officer or Admin of an active MDO, by list
    /// or by count ("more", numbered after the highest slot; gaps never refilled). All or nothing.
    func createIDs(_ c: CreationRequest) throws -> RuleOutcome {
        try requireRole(c.mdo, "A request to create generic IDs")
        let existing = try tx.genericIDs(c.mdo, domain: domain)
        let taken = Set(existing.map(\.id))
        var ids: [GenericID] = []
        var problems: [Problem] = []
        if let counts = c.counts {
            func next(_ role: Slot.Role) -> Int {
                (existing.map(\.id.slot) + ids.map(\.slot)).filter { $0.role == role }.map(\.number).max() ?? 0
            }
            if counts.nodal {
                if taken.contains(where: { $0.slot == .nodal }) {
                    problems.append(Problem(field: "Nodal", seen: "yes", expected: "no: igot\(c.mdo)nodal@\(domain) exists already"))
                } else { ids.append(GenericID(mdo: c.mdo, slot: .nodal, domain: domain)) }
            }
            if counts.admin {
                if taken.contains(where: { $0.slot == .admin }) {
                    problems.append(Problem(field: "Admin", seen: "yes", expected: "no: igot\(c.mdo)admin@\(domain) exists already"))
                } else { ids.append(GenericID(mdo: c.mdo, slot: .admin, domain: domain)) }
            }
            for (role, count, make) in [(Slot.Role.creator, counts.creators, Slot.creator), (.reviewer, counts.reviewers, Slot.reviewer),
                                        (.publisher, counts.publishers, Slot.publisher)] where count > 0 {
                let start = next(role)
                for n in 1...count { ids.append(GenericID(mdo: c.mdo, slot: make(start + n), domain: domain)) }
            }
        } else {
            for id in c.ids where taken.contains(id) {
                problems.append(Problem(field: "IDs", seen: id.address, expected: "a new ID: this one exists already"))
            }
            ids = c.ids
        }
        guard problems.isEmpty else { throw RuleRefusal(problems) }
        let number = try newRequest(type: "createIDs", mdo: c.mdo, state: .pending,
                                    command: ParsedJSON.json(Command.createIDs(c)).compact, note: nil)
        for id in ids { try tx.insertGenericID(GenericIDRecord(id: id, state: .requested, request: number)) }
        try audit("createIDs", request: number, "requested " + ids.map(\.address).joined(separator: ", "))
        let list = JSONValue.array(ids.map { .string($0.address) })
        let code = try letters.newActionCode(for: number, purpose: "create-ids")
        try letters.queue("id-creation-request", request: number, code: code, subject: "Creation of generic IDs for \(c.mdo)",
                          to: configuration.people.nic.map(\.description),
                          cc: configuration.people.doptSPV.map(\.description) + (try authority.nodalAndAdmin(c.mdo, tx: tx)),
                          inReplyTo: nil, variables: [("mdo", .string(c.mdo.value)), ("ids", list)])
        try letters.queue("acknowledgement", request: number, subject: "Acknowledgement of your request for generic IDs - \(c.mdo)",
                          to: [sender], inReplyTo: input.messageID, variables: [("request_type", .string("createIDs")), ("ids", list)])
        return RuleOutcome(destination: "cur", reason: "creation of \(ids.count) ID(s) requested from NIC", request: number, command: "createIDs")
    }
}
