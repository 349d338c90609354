import Domain

/// An officer's fields as a request gives them, before they are checked: from a block of
/// `Name:`/`Designation:`/`Email:`/`Mobile:` lines, or from the one-line form
/// `Shri A. Kumar, Deputy Secretary, a.kumar@nic.in, 9800000001` (§2.4).
struct OfficerDraft: Equatable, Sendable {
    var name: String?
    var designation: String?
    var email: String?
    var mobile: String?
    var agency: String?
    var contractEnd: String?

    var isEmpty: Bool { name == nil && designation == nil && email == nil && mobile == nil }

    /// Reads the one-line form: the part with `@` is the e-mail (also `<…>`); before it the
    /// name then the designation; after it an optional mobile, then `Agency: …` and
    /// `Contract end: …`. A `Name <address>` item is split too.
    static func oneLine(_ text: String) -> OfficerDraft {
        var draft = OfficerDraft()
        let pieces = text.isASCIIOnly ? text.asciiPieces { $0 == UInt8(ascii: ",") } : text.split(separator: ",").map(String.init)
        var items = pieces.map { $0.trimmingSet(" \t\u{00A0}") }.filter { !$0.isEmpty }
        // Agency: / Contract end: items anywhere.
        items = items.filter { item in
            // Only "Key: value" items can be fields; names and designations skip the reader.
            // (No such byte, no such character: the bytes are looked at first.)
            guard item.utf8.contains(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "\t") }),
                  item.contains(where: { $0 == ":" || $0 == "=" || $0 == "\t" }) else { return true }
            if let line = FieldLine.read(item), let key = line.key {
                switch key {
                case .agency: draft.agency = line.value; return false
                case .contractEnd: draft.contractEnd = line.value; return false
                case .mobile: draft.mobile = line.value; return false
                case .email: draft.email = line.value; return false
                case .designation: draft.designation = line.value; return false
                default: break
                }
            }
            return true
        }
        // "Shri A. Kumar <a.kumar@nic.in>" is two items: the name, then the address.
        items = items.flatMap { item -> [String] in
            guard item.includes("@"), let open = item.firstIndex(of: "<") else { return [item] }
            let before = String(item[..<open]).trimmingSet(" \t\"")
            return before.isEmpty ? [String(item[open...])] : [before, String(item[open...])]
        }
        guard let at = items.firstIndex(where: { $0.includes("@") }) else {
            if let first = items.first { draft.name = first }
            if items.count > 1, draft.designation == nil { draft.designation = items[1...].joined(separator: ", ") }
            return draft
        }
        draft.email = draft.email ?? items[at]
        let before = items[..<at]
        if let first = before.first { draft.name = first }
        if before.count > 1, draft.designation == nil { draft.designation = before.dropFirst().joined(separator: ", ") }
        // After the address: a phone number is the mobile; words are the designation when
        // none came before ("Name <address>, Designation, mobile").
        for item in items[(at + 1)...] {
            let digits = item.filter { $0.isASCII && $0.isNumber }.count
            if digits >= 8, draft.mobile == nil {
                draft.mobile = item
            } else if digits < 8, draft.designation == nil {
                draft.designation = item
            } else if draft.mobile == nil {
                draft.mobile = item
            }
        }
        return draft
    }

    /// Fills the fields this draft lacks from `other`.
    func merging(_ other: OfficerDraft) -> OfficerDraft {
        OfficerDraft(name: name ?? other.name, designation: designation ?? other.designation, email: email ?? other.email,
                     mobile: mobile ?? other.mobile, agency: agency ?? other.agency, contractEnd: contractEnd ?? other.contractEnd)
    }

    /// The officer, or every problem with the draft. `field` prefixes field names in problems
    /// (`Nodal Officer Email`); `mobileRequired` for every new holder of an ID (§1).
    func officer(field: String, mobileRequired: Bool) -> Result<Officer, ProblemList> {
        var problems: [Problem] = []
        func label(_ f: String) -> String { field.isEmpty ? f : "\(field) \(f)" }
        var name = ""
        switch self.name.map({ Values.personText($0, what: "a name") }) {
        case .success(let n)?: name = n
        case .failure(let e)?: problems.append(Problem(field: label("Name"), seen: self.name, expected: e.text))
        case nil: problems.append(Problem(field: label("Name"), seen: nil, expected: "the officer's name"))
        }
        var designation = ""
        switch self.designation.map({ Values.personText($0, what: "a designation") }) {
        case .success(let d)?: designation = d
        case .failure(let e)?: problems.append(Problem(field: label("Designation"), seen: self.designation, expected: e.text))
        case nil: problems.append(Problem(field: label("Designation"), seen: nil, expected: "the officer's designation"))
        }
        var email: EmailAddress?
        switch self.email.map(Values.address) {
        case .success(let a)?: email = a
        case .failure(let e)?: problems.append(Problem(field: label("Email"), seen: self.email, expected: e.text))
        case nil: problems.append(Problem(field: label("Email"), seen: nil, expected: "the officer's official e-mail address"))
        }
        var mobile: String?
        switch self.mobile.map(Values.mobile) {
        case .success(let m)?: mobile = m
        case .failure(let e)?: problems.append(Problem(field: label("Mobile"), seen: self.mobile, expected: e.text))
        case nil:
            if mobileRequired { problems.append(Problem(field: label("Mobile"), seen: nil, expected: "a mobile number (every new holder of an ID needs one)")) }
        }
        var agency: String?
        if let a = self.agency {
            switch Values.personText(a, what: "an agency name") {
            case .success(let v): agency = v
            case .failure(let e): problems.append(Problem(field: label("Agency"), seen: a, expected: e.text))
            }
        }
        var contractEnd: CalendarDay?
        if let c = self.contractEnd {
            switch DateReader.read(c) {
            case .success(let d): contractEnd = d
            case .failure(let e): problems.append(Problem(field: label("Contract end"), seen: c, expected: e.text))
            }
        }
        guard problems.isEmpty, let email else { return .failure(ProblemList(problems)) }
        return .success(Officer(name: name, designation: designation, email: email, mobile: mobile,
                                agency: agency, contractEnd: contractEnd))
    }
}

/// Problems as an error, for `Result`.
struct ProblemList: Error, Equatable, Sendable {
    var problems: [Problem]
    init(_ problems: [Problem]) { self.problems = problems }
}
