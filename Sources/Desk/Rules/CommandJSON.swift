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
