import Domain
import Registry

/// Who may do what (`requests.md` §1, §7): DoPT/SPV and NIC from the configuration; the
/// Nodal Officer and Admin of an MDO from the registry — the officer of record until the
/// role's generic ID has a holder, then that holder; mail from the generic ID itself, or from
/// its holder's personal address, acts in the role.
struct Authority {
    let configuration: Configuration

    func isDoPT(_ sender: String) -> Bool { configuration.people.doptSPV.contains { $0.description == sender } }
    func isNIC(_ sender: String) -> Bool { configuration.people.nic.contains { $0.description == sender } }

    /// The roles (`nodal`, `admin`) that `sender` holds in `mdo`.
    func roles(of sender: String, in mdo: MDOCode, tx: RegistryTransaction) throws -> Set<String> {
        var roles = Set<String>()
        let record = try tx.officersOfRecord(mdo)
        for role in ["nodal", "admin"] {
            let id = "igot\(mdo.value)\(role)@\(configuration.people.idDomain)"
            if sender == id { roles.insert(role); continue }
            if let holder = try tx.openAllocation(id)?.holder {
                if holder.email.description == sender { roles.insert(role) }
            } else if record[role]?.email.description == sender {
                roles.insert(role)
            }
        }
        return roles
    }

    /// The addresses of an MDO's Nodal Officer and Admin ("nodal+admin" of workflow §2): each
    /// officer of record's personal address, and each role's generic ID when it has a holder.
    func nodalAndAdmin(_ mdo: MDOCode, tx: RegistryTransaction) throws -> [String] {
        var out: [String] = []
        let record = try tx.officersOfRecord(mdo)
        for role in ["nodal", "admin"] {
            let id = "igot\(mdo.value)\(role)@\(configuration.people.idDomain)"
            if let holder = try tx.openAllocation(id)?.holder {
                out.append(holder.email.description)
                out.append(id)
            } else if let officer = record[role] {
                out.append(officer.email.description)
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    /// True when `sender` may see `request` (its sender, its MDO's Nodal Officer or Admin, DoPT/SPV).
    func maySee(_ request: RequestRecord, sender: String, tx: RegistryTransaction) throws -> Bool {
        if isDoPT(sender) || request.sender == sender { return true }
        guard let mdo = request.mdo else { return false }
        return try !roles(of: sender, in: mdo, tx: tx).isEmpty
    }
}
