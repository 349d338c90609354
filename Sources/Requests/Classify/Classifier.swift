import Domain

/// Which request a mail is (`requests.md` §2.1): a `Request:` line wins; else the Subject's
/// whole words; else, when the Subject names none or several, the shape of the body.
enum Classifier {
    static let synonyms: [(RequestType, [String])] = [
        (.nomination, ["nomination", "nominate", "nominated", "nominating"]),
        (.createIDs, ["creation", "create", "id creation"]),
        (.allocation, ["allocation", "allocate", "allocated", "assign", "assignment"]),
        (.handover, ["handover", "hand over", "handing over", "handed over", "hand-over"]),
        (.vacancy, ["vacancy", "vacated", "vacant"]),
        (.status, ["status", "roster"]),
    ]

    /// Each synonym as the blank-delimited phrases `types(in:)` looks for: as written, and
    /// with its hyphens read as blanks ("hand-over" also matches "hand over").
    static let phrases: [(RequestType, [String])] = synonyms.map { type, list in
        (type, list.flatMap { word in Set([" " + word + " ", " " + word.replacingAll("-", with: " ") + " "]) })
    }

    /// The request types whose words occur in `text` as whole words (any case).
    static func types(in text: String) -> [RequestType] {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" })
            .map { String($0).trimmingSet("-") }
        let joined = " " + words.joined(separator: " ") + " "
        return phrases.filter { _, list in list.contains { joined.includes($0) } }.map(\.0)
    }

    /// The type named by a `Request:` line's value, or nil.
    static func requestLine(_ value: String) -> RequestType? {
        let found = types(in: value)
        return found.count == 1 ? found[0] : nil
    }

    /// The type the Subject names, when it names exactly one.
    static func subject(_ subject: String) -> RequestType? {
        let found = types(in: SubjectTags.strip(subject))
        return found.count == 1 ? found[0] : nil
    }

    /// The type the body's shape suggests, in the order of §2.1's ties.
    static func shape(_ form: Form, hasCSV: Bool) -> RequestType? {
        if form.officers[.successor] != nil { return .handover }
        if form.value(.genericID) != nil, form.value(.officer) != nil { return .vacancy }
        if !form.addressRows.isEmpty || hasCSV { return .allocation }
        if !form.idList.isEmpty || form.value(.creators) != nil || form.value(.reviewers) != nil
            || form.value(.publishers) != nil || form.value(.wantNodal) != nil || form.value(.wantAdmin) != nil {
            return .createIDs
        }
        if form.officers[.nodal] != nil && form.officers[.admin] != nil { return .nomination }
        if form.value(.status) != nil || (form.value(.mdoCode) != nil && form.fields.count == 1) { return .status }
        return nil
    }
}
