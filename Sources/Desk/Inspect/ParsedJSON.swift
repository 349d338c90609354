import Domain
import Requests

/// The `request`, `problems` and `ignored` keys of `iddesk inspect --format json`, in the
/// shapes of `cli.md` (dates `YYYY-MM-DD`, addresses lower-case, absent values `null`).
enum ParsedJSON {
    /// The keys to add to an inspection's object.
    static func keys(_ mail: ParsedMail) -> [(String, JSONValue)] {
        var request: JSONValue = .null
        var problems: [Problem] = []
        var ignored: String?
        switch mail.parsed {
        case .command(let command, let rowProblems):
            request = json(command)
            problems = rowProblems
        case .controls(let lines, let mailProblems, _):
            request = .object([("type", .string("control")), ("lines", .array(lines.map(json)))])
            problems = mailProblems + lines.flatMap(\.problems)
        case .followUp(let number):
            request = .object([("type", .string("followUp")), ("request", .string(number.description))])
        case .refused(let list, _):
            problems = list
        case .ignored(let reason):
            ignored = reason
        }
        var out: [(String, JSONValue)] = [("request", request), ("problems", .array(problems.map(json)))]
        if let ignored { out.append(("ignored", .string(ignored))) }
        if !mail.passwords.isEmpty {
            out.append(("passwords", .array(mail.passwords.map {
                .object([("location", .string($0.location)), ("ids", .array($0.ids.map(JSONValue.string)))])
            })))
        }
        if let from = mail.forwardedFrom { out.append(("forwarded_from", .string(from))) }
        return out
    }

    /// The problems a letter lists: the first 50, then one line saying how many more there
    /// were (a sheet of 300,000 bad rows made a 21 MB acknowledgement).
    /// The problems as a letter to the sender lists them: at most 50, and no mobile number in
    /// what was seen (requests.md §7; the record and the log keep the value as read).
    static func json(letterProblems problems: [Problem]) -> JSONValue {
        let limit = 50
        var items = problems.prefix(limit).map { p in
            json(Problem(field: MobileNumbers.masked(p.field), seen: p.seen.map(MobileNumbers.masked), expected: p.expected))
        }
        if problems.count > limit {
            items.append(json(Problem(field: "\(problems.count - limit) more problem(s) not listed", seen: nil,
                                      expected: "corrections like those above")))
        }
        return .array(items)
    }

    static func json(_ problem: Problem) -> JSONValue {
        .object([("field", .string(problem.field)), ("seen", .optional(problem.seen)), ("expected", .string(problem.expected))])
    }

    static func json(_ officer: Officer) -> JSONValue {
        .object([
            ("name", .string(officer.name)), ("designation", .string(officer.designation)),
            ("email", .string(officer.email.description)), ("mobile", .optional(officer.mobile)),
            ("agency", .optional(officer.agency)), ("contract_end", .optional(officer.contractEnd?.description)),
        ])
    }

    static func json(_ reference: OfficerReference) -> JSONValue {
        if case .sender = reference { return .null }
        return .string(reference.description)
    }

    static func json(_ line: ControlLine) -> JSONValue {
        .object([
            ("word", .string(line.word.rawValue)), ("request", .optional(line.request?.description)),
            ("code", .optional(line.code?.description)), ("reason", .optional(line.reason)),
            ("ids", .array(line.ids.map { .string($0.address) })),
        ])
    }

    static func json(_ command: Command) -> JSONValue {
        switch command {
        case .nominate(let n):
            return .object([
                ("type", .string("nomination")),
                ("mdo", .object([("code", .string(n.mdo.value)), ("name", .string(n.name)), ("ministry", .optional(n.ministry))])),
                ("nodal", json(n.nodal)), ("admin", json(n.admin)),
            ])
        case .createIDs(let c):
            var pairs: [(String, JSONValue)] = [("type", .string("createIDs")), ("mdo", .string(c.mdo.value))]
            if let counts = c.counts {
                pairs.append(("ids", .null))
                pairs.append(("counts", .object([
                    ("nodal", .int(counts.nodal ? 1 : 0)), ("admin", .int(counts.admin ? 1 : 0)),
                    ("creators", .int(counts.creators)), ("reviewers", .int(counts.reviewers)), ("publishers", .int(counts.publishers)),
                ])))
            } else {
                pairs.append(("ids", .array(c.ids.map { .string($0.address) })))
                pairs.append(("counts", .null))
            }
            return .object(pairs)
        case .allocate(let a):
            return .object([
                ("type", .string("allocation")), ("mdo", .string(a.mdo.value)),
                ("rows", .array(a.rows.map { .object([("id", .string($0.id.address)), ("officer", json($0.officer))]) })),
            ])
        case .handover(let h):
            return .object([
                ("type", .string("handover")), ("id", .string(h.id.address)), ("outgoing", json(h.outgoing)),
                ("reason", .string(h.reason.rawValue)), ("effective", .string(h.effective.description)),
                ("successor", json(h.successor)),
            ])
        case .vacate(let v):
            return .object([
                ("type", .string("vacancy")), ("id", .string(v.id.address)), ("officer", json(v.officer)),
                ("reason", .string(v.reason.rawValue)), ("effective", .string(v.effective.description)),
            ])
        case .status(let query):
            switch query {
            case .mdo(let code): return .object([("type", .string("status")), ("mdo", .string(code.value)), ("request", .null)])
            case .all: return .object([("type", .string("status")), ("mdo", .string("all")), ("request", .null)])
            case .request(let n): return .object([("type", .string("status")), ("mdo", .null), ("request", .string(n.description))])
            case .own: return .object([("type", .string("status")), ("mdo", .null), ("request", .null)])
            }
        }
    }
}

extension ParsedJSON {
    /// A problem object as one line: `field: "seen" — expected …`.
    static func line(_ problem: JSONValue) -> String {
        guard case .object(let pairs) = problem else { return problem.rendered() }
        let dict = Dictionary(pairs, uniquingKeysWith: { a, _ in a })
        var seen = "missing"
        if case .string(let s)? = dict["seen"] { seen = "\"\(s)\"" }
        var field = "", expected = ""
        if case .string(let f)? = dict["field"] { field = f }
        if case .string(let e)? = dict["expected"] { expected = e }
        return "\(field): \(seen) — expected \(expected)"
    }
}
