/// Why an officer leaves an ID (`requests.md` §3.4).
public enum Reason: String, Hashable, Sendable, CaseIterable {
    /// Transferred, relieved, posted out.
    case transfer
    /// Retired, superannuation, VRS.
    case retirement
    /// The contract ended.
    case contractEnd = "contract-end"
    /// Reassigned, change of role.
    case reassignment

    /// Reads the words officers write, any case: `transfer`, `transferred`, `relieved`,
    /// `posted out`; `retirement`, `retired`, `superannuation`, `VRS`; `contract end`,
    /// `contract over`, `contract expired`, `end of contract`; `reassignment`, `reassigned`,
    /// `change of role`. Nil for anything else.
    public init?(words text: String) {
        let t = text.lowercased().split(whereSeparator: { !$0.isLetter }).joined(separator: " ")
        switch t {
        case "transfer", "transferred", "transfered", "relieved", "posted out", "on transfer":
            self = .transfer
        case "retirement", "retired", "superannuation", "vrs", "voluntary retirement", "retirement on superannuation":
            self = .retirement
        case "contract end", "contract over", "contract expired", "end of contract", "contract ended", "contract end date":
            self = .contractEnd
        case "reassignment", "reassigned", "change of role", "role change":
            self = .reassignment
        default:
            // A phrase ("Relieved on transfer", "retired on 30.11.2026"): the one kind of
            // reason its words name, if exactly one.
            let words = Set(t.split(separator: " ").map(String.init))
            var kinds: Set<Reason> = []
            if !words.isDisjoint(with: ["transfer", "transferred", "transfered", "relieved"]) || t.includes("posted out") { kinds.insert(.transfer) }
            if !words.isDisjoint(with: ["retirement", "retired", "retiring", "superannuation", "vrs"]) { kinds.insert(.retirement) }
            if words.contains("contract"), !words.isDisjoint(with: ["end", "ended", "over", "expired", "expiry", "completed"]) { kinds.insert(.contractEnd) }
            if !words.isDisjoint(with: ["reassignment", "reassigned"]) || t.includes("change of role") { kinds.insert(.reassignment) }
            guard kinds.count == 1, let kind = kinds.first else { return nil }
            self = kind
        }
    }
}
