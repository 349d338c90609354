import Domain
import Foundation

/// Reads back the command JSON a request stored (the `inspect` shapes of `cli.md`).
enum NominationJSON {
    static func officer(_ value: Any?) -> Officer? {
        guard let o = value as? [String: Any], let email = (o["email"] as? String).flatMap(EmailAddress.init) else { return nil }
        return Officer(name: o["name"] as? String ?? "", designation: o["designation"] as? String ?? "", email: email,
                       mobile: o["mobile"] as? String, agency: o["agency"] as? String,
                       contractEnd: (o["contract_end"] as? String).flatMap(CalendarDay.init(iso:)))
    }

    /// The nomination in `json`, or nil.
    static func decode(_ json: String) -> Nomination? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let mdo = object["mdo"] as? [String: Any], let code = (mdo["code"] as? String).flatMap(MDOCode.init),
              let nodal = officer(object["nodal"]), let admin = officer(object["admin"]) else { return nil }
        return Nomination(mdo: code, name: mdo["name"] as? String ?? code.value, ministry: mdo["ministry"] as? String,
                          nodal: nodal, admin: admin)
    }
}

/// Reads back a stored handover (a change of Nodal Officer or Admin awaiting approval).
enum HandoverJSON {
    static func decode(_ json: String, domain: String) -> Handover? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let id = (object["id"] as? String).flatMap({ try? GenericID.parse($0, domain: domain).get() }),
              let reason = (object["reason"] as? String).flatMap(Reason.init(rawValue:)),
              let effective = (object["effective"] as? String).flatMap(CalendarDay.init(iso:)),
              let successor = NominationJSON.officer(object["successor"]) else { return nil }
        let outgoing: OfficerReference
        if let text = object["outgoing"] as? String {
            outgoing = EmailAddress(text).map(OfficerReference.address) ?? .name(text)
        } else {
            outgoing = .sender
        }
        return Handover(id: id, outgoing: outgoing, reason: reason, effective: effective, successor: successor)
    }
}
