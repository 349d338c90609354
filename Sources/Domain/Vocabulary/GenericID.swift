/// A generic, role-based mail ID (`requests.md` §1): `igot{code}{slot}@{id domain}`, for
/// example `igotdoptcc1@nic.in`.
public struct GenericID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The MDO it belongs to.
    public let mdo: MDOCode
    /// Its slot.
    public let slot: Slot
    /// The generic-ID domain (`[people] id_domain`), lower-case.
    public let domain: String

    /// Makes the ID of `slot` for `mdo` on `domain`.
    public init(mdo: MDOCode, slot: Slot, domain: String) {
        self.mdo = mdo
        self.slot = slot
        self.domain = domain.lowercased()
    }

    /// The address, `igotdoptcc1@nic.in`.
    public var address: String { "igot\(mdo.value)\(slot)@\(domain)" }
    /// The address.
    public var description: String { address }

    /// Why an address is not a generic ID.
    public enum Failure: Error, Equatable, Sendable {
        /// Not an ASCII e-mail address.
        case notAnAddress
        /// Its domain is not the generic-ID domain.
        case wrongDomain
        /// The local part does not read as `igot` + code + slot.
        case notGeneric
        /// `…cp1@`: the first publisher is `…cp@` (the suggestion is given).
        case firstPublisherIsCP(suggestion: String)
        /// A slot number with a leading zero, zero, or over 999.
        case badSlotNumber
    }

    /// Reads `text` as a generic ID on `domain`. The slot is read from the end of the local
    /// part (`nodal`, `admin`, `cc`/`cr`/`cp` + digits, `cp`), the code is what lies between.
    public static func parse(_ text: String, domain: String) -> Result<GenericID, Failure> {
        guard let address = EmailAddress(text) else { return .failure(.notAnAddress) }
        guard address.domain == domain.lowercased() else { return .failure(.wrongDomain) }
        let local = address.localPart
        guard local.hasPrefix("igot") else { return .failure(.notGeneric) }
        let rest = String(local.dropFirst(4))
        for fixed in ["nodal", "admin"] where rest.hasSuffix(fixed) {
            guard let code = MDOCode(String(rest.dropLast(fixed.count))) else { return .failure(.notGeneric) }
            return .success(GenericID(mdo: code, slot: fixed == "nodal" ? .nodal : .admin, domain: domain))
        }
        let digits = rest.reversed().prefix { $0.isASCII && $0.isNumber }.count
        let head = rest.dropLast(digits)
        guard head.count >= 2 else { return .failure(.notGeneric) }
        let prefix = String(head.suffix(2))
        guard ["cc", "cr", "cp"].contains(prefix), let code = MDOCode(String(head.dropLast(2))) else {
            return .failure(.notGeneric)
        }
        let slotText = prefix + rest.suffix(digits)
        switch Slot.parse(slotText) {
        case .success(let slot): return .success(GenericID(mdo: code, slot: slot, domain: domain))
        case .failure(.firstPublisherIsCP):
            return .failure(.firstPublisherIsCP(suggestion: "igot\(code.value)cp@\(domain.lowercased())"))
        case .failure(.badNumber): return .failure(.badSlotNumber)
        case .failure(.unknown): return .failure(.notGeneric)
        }
    }

    /// Orders by MDO, then slot.
    public static func < (a: GenericID, b: GenericID) -> Bool {
        a.mdo != b.mdo ? a.mdo < b.mdo : a.slot < b.slot
    }
}
