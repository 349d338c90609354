import Domain

/// Turning a `Form` into one command, or every problem with it (`requests.md` §3, the rules
/// that need no registry).
struct FormParsers {
    let context: ParseContext

    typealias Outcome = Result<(Command, [Problem]), ProblemList>

    func government(_ address: EmailAddress) -> Bool { context.governmentDomains.contains(address) }

    /// The MDO code from `MDO code:`, else from the IDs named (all of one MDO).
    func mdoCode(_ form: Form, ids: [String], problems: inout [Problem]) -> MDOCode? {
        if let raw = form.value(.mdoCode) {
            guard let code = MDOCode(raw) else {
                problems.append(Problem(field: "MDO code", seen: raw, expected: "2 to 16 letters and digits (ASCII), like dopt"))
                return nil
            }
            return code
        }
        let codes = Set(ids.compactMap { try? GenericID.parse($0, domain: context.idDomain).get().mdo })
        if codes.count == 1 { return codes.first }
        problems.append(Problem(field: "MDO code", seen: nil, expected: "the MDO's code, like MDO code: dopt"))
        return nil
    }

    // MARK: §3.1

    func nomination(_ form: Form) -> Outcome {
        var problems: [Problem] = []
        let name = form.value(.mdo)
        var code: MDOCode?
        if let raw = form.value(.mdoCode) {
            code = MDOCode(raw)
            if code == nil { problems.append(Problem(field: "MDO code", seen: raw, expected: "2 to 16 letters and digits (ASCII), like dopt")) }
        } else {
            let hint = name.flatMap(MDOCode.suggestion(forName:)).map { " (for example \($0))" } ?? ""
            problems.append(Problem(field: "MDO code", seen: nil, expected: "a short code for the MDO, 2 to 16 letters and digits\(hint)"))
        }
        var mdoName = ""
        if let name {
            switch Values.personText(name, what: "the MDO's name") {
            case .success(let n): mdoName = n
            case .failure(let e): problems.append(Problem(field: "MDO", seen: name, expected: e.text))
            }
        } else {
            problems.append(Problem(field: "MDO", seen: nil, expected: "the MDO's name, like MDO: Department of Personnel and Training"))
        }
        var ministry: String?
        if let m = form.value(.ministry) {
            switch Values.personText(m, what: "the ministry's name") {
            case .success(let v): ministry = v
            case .failure(let e): problems.append(Problem(field: "Ministry", seen: m, expected: e.text))
            }
        }
        func officer(_ role: Role, _ label: String) -> Officer? {
            guard let draft = form.officers[role], !draft.isEmpty else {
                problems.append(Problem(field: label, seen: nil, expected: "the \(label)'s name, designation, e-mail and mobile"))
                return nil
            }
            switch draft.officer(field: label, mobileRequired: false) {
            case .success(let o):
                if !government(o.email) {
                    problems.append(Problem(field: "\(label) Email", seen: o.email.description, expected: "a government address (\(context.governmentDomains.domains.joined(separator: ", ")) or a subdomain)"))
                }
                return o
            case .failure(let list):
                problems += list.problems
                // The address rule is named too, so that every problem is listed at once.
                if let raw = draft.email, case .success(let address) = Values.address(raw), !government(address) {
                    problems.append(Problem(field: "\(label) Email", seen: address.description, expected: "a government address (\(context.governmentDomains.domains.joined(separator: ", ")) or a subdomain)"))
                }
                return nil
            }
        }
        let nodal = officer(.nodal, "Nodal Officer")
        let admin = officer(.admin, "Admin")
        if let n = nodal, let a = admin, n.email == a.email {
            problems.append(Problem(field: "Admin Email", seen: a.email.description, expected: "a different person from the Nodal Officer"))
        }
        guard problems.isEmpty, let code, let nodal, let admin else { return .failure(ProblemList(problems)) }
        return .success((.nominate(Nomination(mdo: code, name: mdoName, ministry: ministry, nodal: nodal, admin: admin)), []))
    }

    // MARK: §3.2

    func creation(_ form: Form) -> Outcome {
        var problems: [Problem] = []
        let code = mdoCode(form, ids: form.idList, problems: &problems)
        var counts = RoleCounts()
        var byCount = false
        for (key, field) in [(FieldKey.creators, "Content creators"), (.reviewers, "Content reviewers"), (.publishers, "Content publishers")] {
            guard let raw = form.value(key) else { continue }
            byCount = true
            guard let n = Int(raw.trimmingSet(" .")), n >= 0, n <= 999 else {
                problems.append(Problem(field: field, seen: raw, expected: "a number of IDs, like 2"))
                continue
            }
            switch key {
            case .creators: counts.creators = n
            case .reviewers: counts.reviewers = n
            default: counts.publishers = n
            }
        }
        if form.value(.wantNodal) != nil { counts.nodal = true; byCount = true }
        if form.value(.wantAdmin) != nil { counts.admin = true; byCount = true }
        var ids: [GenericID] = []
        for raw in form.idList {
            switch GenericID.parse(raw, domain: context.idDomain) {
            case .success(let id):
                if let code, id.mdo != code {
                    problems.append(Problem(field: "IDs", seen: raw, expected: "an ID of MDO \(code), like igot\(code)cc1@\(context.idDomain)"))
                } else if ids.contains(id) {
                    problems.append(Problem(field: "IDs", seen: raw, expected: "each ID once"))
                } else {
                    ids.append(id)
                }
            case .failure(let failure):
                problems.append(Problem(field: "IDs", seen: raw, expected: FormParsers.expectation(failure, code: code, domain: context.idDomain)))
            }
        }
        if !ids.isEmpty && byCount {
            problems.append(Problem(field: "IDs", seen: nil, expected: "either a list of IDs or counts, not both"))
        }
        let total = byCount ? counts.total : form.idList.count
        if total == 0 && problems.isEmpty {
            problems.append(Problem(field: "IDs", seen: nil, expected: "the IDs to create (one per line under IDs:) or counts like Content creators: 2"))
        } else if total > context.idsPerRequest {
            problems.append(Problem(field: "IDs", seen: String(total), expected: "at most \(context.idsPerRequest) IDs in one request"))
        }
        guard problems.isEmpty, let code else { return .failure(ProblemList(problems)) }
        return .success((.createIDs(CreationRequest(mdo: code, ids: ids, counts: byCount ? counts : nil)), []))
    }

    static func expectation(_ failure: GenericID.Failure, code: MDOCode?, domain: String) -> String {
        let example = "igot\(code?.value ?? "{code}")cc1@\(domain)"
        switch failure {
        case .notAnAddress: return "a generic ID like \(example) (ASCII letters only)"
        case .wrongDomain: return "a generic ID on \(domain), like \(example)"
        case .notGeneric: return "a generic ID igot{code}{slot}@\(domain), like \(example)"
        case .firstPublisherIsCP(let suggestion): return "the first publisher's ID, which has no number: did you mean \(suggestion)?"
        case .badSlotNumber: return "a slot number from 1 to 999, without leading zeros, like \(example)"
        }
    }

    // MARK: §3.3

    /// The role rule for a holder (§3.3): nodal, admin, reviewers and publishers must be
    /// government officers; a creator from outside needs an agency and a contract end. Each
    /// problem is under `field`, or `agencyField`/`contractField` for those (a sheet's columns).
    func holderProblems(_ officer: Officer, slot: Slot, field: String, agencyField: String? = nil, contractField: String? = nil) -> [Problem] {
        switch slot.role {
        case .nodal, .admin, .reviewer, .publisher:
            if !government(officer.email) {
                return [Problem(field: field, seen: officer.email.description,
                                expected: "a government address: the \(slot.role == .reviewer ? "Reviewer" : slot.role == .publisher ? "Publisher" : slot.role == .nodal ? "Nodal Officer" : "Admin") must be an officer of the MDO")]
            }
        case .creator:
            if !government(officer.email) {
                var p: [Problem] = []
                if officer.agency == nil { p.append(Problem(field: agencyField ?? field, seen: nil, expected: "Agency: for a Content Creator from outside government (individual allowed)")) }
                if officer.contractEnd == nil { p.append(Problem(field: contractField ?? field, seen: nil, expected: "Contract end: the date the contract ends")) }
                return p
            }
        }
        return []
    }

    /// The most rows (body lines and CSV rows together) one allocation request may hold: far
    /// beyond any MDO's generic IDs, and about what a CSV sheet of 1 MiB holds.
    static let maxAllocationRows = 10_000

    func allocation(_ form: Form, csvRows: [(id: String, draft: OfficerDraft)]) -> Outcome {
        var mailProblems: [Problem] = []
        var rowsIn: [(id: String, draft: OfficerDraft)] = form.addressRows.map { ($0.address, OfficerDraft.oneLine($0.value)) }
        rowsIn += csvRows
        let code = mdoCode(form, ids: rowsIn.map(\.id), problems: &mailProblems)
        if rowsIn.isEmpty {
            mailProblems.append(Problem(field: "Allocation", seen: nil, expected: "one line per ID, like igot{code}cc1@\(context.idDomain): Name, Designation, e-mail, mobile — or a CSV attachment"))
        } else if rowsIn.count > FormParsers.maxAllocationRows {
            // The bound a CSV sheet has (1 MiB, about 10,000 rows), for lines in the body too:
            // a request past it is refused whole rather than applied in part, and the reply
            // does not list a problem for each of its rows.
            mailProblems.append(Problem(field: "Allocation", seen: "\(rowsIn.count) rows",
                                        expected: "at most \(FormParsers.maxAllocationRows) rows in one request: send a larger sheet in parts"))
        }
        guard mailProblems.isEmpty, let code else { return .failure(ProblemList(mailProblems)) }
        var rows: [Allocation.Row] = []
        var rowProblems: [Problem] = []
        var seen = Set<GenericID>()
        for (raw, draft) in rowsIn {
            let field = raw.lowercased()
            let id: GenericID
            switch GenericID.parse(raw, domain: context.idDomain) {
            case .success(let parsed): id = parsed
            case .failure(let failure):
                rowProblems.append(Problem(field: field, seen: raw, expected: FormParsers.expectation(failure, code: code, domain: context.idDomain)))
                continue
            }
            guard id.mdo == code else {
                rowProblems.append(Problem(field: field, seen: raw, expected: "an ID of MDO \(code)"))
                continue
            }
            guard !seen.contains(id) else {
                rowProblems.append(Problem(field: field, seen: raw, expected: "each ID once in a request"))
                continue
            }
            seen.insert(id)
            switch draft.officer(field: "", mobileRequired: true) {
            case .success(let officer):
                let problems = holderProblems(officer, slot: id.slot, field: field)
                if problems.isEmpty { rows.append(.init(id: id, officer: officer)) } else { rowProblems += problems }
            case .failure(let list):
                rowProblems += list.problems.map { Problem(field: field, seen: $0.seen, expected: "\($0.field): \($0.expected)") }
            }
        }
        if rows.isEmpty { return .failure(ProblemList(rowProblems)) }
        return .success((.allocate(Allocation(mdo: code, rows: rows)), rowProblems))
    }

    // MARK: §3.4-3.5

    func genericID(_ form: Form, problems: inout [Problem]) -> GenericID? {
        guard let raw = form.value(.genericID) ?? form.idList.first else {
            problems.append(Problem(field: "Generic ID", seen: nil, expected: "the generic ID, like Generic ID: igot{code}cc1@\(context.idDomain)"))
            return nil
        }
        let address = Form.addresses(in: raw).first ?? raw
        switch GenericID.parse(address, domain: context.idDomain) {
        case .success(let id): return id
        case .failure(let failure):
            problems.append(Problem(field: "Generic ID", seen: raw, expected: FormParsers.expectation(failure, code: nil, domain: context.idDomain)))
            return nil
        }
    }

    func reason(_ form: Form, problems: inout [Problem]) -> Reason? {
        guard let raw = form.value(.reason) else {
            problems.append(Problem(field: "Reason", seen: nil, expected: "transfer, retirement, contract end or reassignment"))
            return nil
        }
        guard let reason = Reason(words: raw) else {
            problems.append(Problem(field: "Reason", seen: raw, expected: "transfer, retirement, contract end or reassignment"))
            return nil
        }
        return reason
    }

    func effective(_ form: Form, problems: inout [Problem]) -> CalendarDay? {
        guard let raw = form.value(.effective) else {
            problems.append(Problem(field: "Effective date", seen: nil, expected: DateReader.expectation))
            return nil
        }
        switch DateReader.read(raw) {
        case .success(let day): return day
        case .failure(let e):
            problems.append(Problem(field: "Effective date", seen: raw, expected: e.text))
            return nil
        }
    }

    func reference(_ raw: String?, field: String, problems: inout [Problem]) -> OfficerReference {
        guard let raw, !raw.isEmpty else { return .sender }
        if raw.includes("@") {
            switch Values.address(Form.addresses(in: raw).first ?? raw) {
            case .success(let a): return .address(a)
            case .failure(let e):
                problems.append(Problem(field: field, seen: raw, expected: e.text))
                return .sender
            }
        }
        switch Values.personText(raw, what: "a name or an e-mail address") {
        case .success(let n): return .name(n)
        case .failure(let e):
            problems.append(Problem(field: field, seen: raw, expected: e.text))
            return .sender
        }
    }

    func handover(_ form: Form) -> Outcome {
        var problems: [Problem] = []
        let id = genericID(form, problems: &problems)
        let outgoing = reference(form.value(.outgoing), field: "Outgoing officer", problems: &problems)
        let reason = reason(form, problems: &problems)
        let effective = effective(form, problems: &problems)
        var successor: Officer?
        if let draft = form.officers[.successor], !draft.isEmpty {
            switch draft.officer(field: "Successor", mobileRequired: true) {
            case .success(let o):
                if let id { problems += holderProblems(o, slot: id.slot, field: "Successor") }
                successor = o
            case .failure(let list): problems += list.problems
            }
        } else {
            problems.append(Problem(field: "Successor", seen: nil, expected: "the successor's name, designation, e-mail and mobile"))
        }
        guard problems.isEmpty, let id, let reason, let effective, let successor else { return .failure(ProblemList(problems)) }
        return .success((.handover(Handover(id: id, outgoing: outgoing, reason: reason, effective: effective, successor: successor)), []))
    }

    func vacancy(_ form: Form) -> Outcome {
        var problems: [Problem] = []
        let id = genericID(form, problems: &problems)
        let raw = form.value(.officer) ?? form.value(.outgoing) ?? form.value(.email)
        if raw == nil { problems.append(Problem(field: "Officer", seen: nil, expected: "the officer who left: an e-mail address or a name")) }
        let officer = reference(raw, field: "Officer", problems: &problems)
        let reason = reason(form, problems: &problems)
        let effective = effective(form, problems: &problems)
        guard problems.isEmpty, let id, let reason, let effective else { return .failure(ProblemList(problems)) }
        return .success((.vacate(Vacancy(id: id, officer: officer, reason: reason, effective: effective)), []))
    }

    // MARK: §3.6

    func status(_ form: Form, subjectWords: [String]) -> Outcome {
        if let number = (form.fields.map(\.value) + subjectWords).lazy.compactMap({ RequestNumber($0.trimmingSet(" []")) }).first {
            return .success((.status(.request(number)), []))
        }
        if let raw = form.value(.mdoCode) ?? form.value(.status) {
            if raw.lowercased() == "all" { return .success((.status(.all), [])) }
            guard let code = MDOCode(raw) else {
                return .failure(ProblemList([Problem(field: "MDO code", seen: raw, expected: "2 to 16 letters and digits (ASCII), like dopt, or all")]))
            }
            return .success((.status(.mdo(code)), []))
        }
        // Subject: "Status dopt", "Roster of dopt", "Status all".
        let lowered = subjectWords.map { $0.lowercased() }
        if let at = lowered.firstIndex(where: { $0 == "status" || $0 == "roster" }) {
            let after = lowered[(at + 1)...].filter { !["of", "for", "-", "mdo", "the", ":"].contains($0) }
            if let word = after.first {
                if word == "all" { return .success((.status(.all), [])) }
                if let code = MDOCode(word) { return .success((.status(.mdo(code)), [])) }
            }
        }
        return .success((.status(.own), []))
    }
}
