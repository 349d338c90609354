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
            return nil
        }
    }
}
