import Domain

/// One generic ID that already exists, as `iddesk import` reads it (docs/operators.md,
/// "Importing what exists"): its MDO, and its holder when it has one.
public struct ImportRow: Sendable, Equatable {
    /// The CSV line it came from (1-based, the header is line 1).
    public var line: Int
    /// The MDO's code.
    public var mdo: MDOCode
    /// The MDO's name.
    public var mdoName: String
    /// The MDO's ministry, when given.
    public var ministry: String?
    /// The generic ID.
    public var id: GenericID
    /// Its holder, or nil for an ID that exists without one (`created`).
    public var holder: Officer?
    /// Since when the holder has held it, or nil (the import's day).
    public var since: CalendarDay?
}

/// A problem with one line of the sheet.
public struct LineProblem: Sendable, Equatable, CustomStringConvertible {
    /// The CSV line (1-based).
    public var line: Int
    /// What is wrong, in the words of a reply (`field: "seen" — expected …`).
    public var problem: Problem

    /// Makes a problem of line `line`.
    public init(line: Int, problem: Problem) {
        self.line = line
        self.problem = problem
    }

    /// `line 7: mobile: "98" — expected …`.
    public var description: String { "line \(line): \(problem)" }
}

/// The CSV sheet of `iddesk import` (workflow §1 records that already exist, `cli.md`): the
/// header `mdo_code,mdo_name,ministry,generic_id,name,designation,email,mobile,agency,contract_end,since`
/// in any order and case (`ministry`, `agency`, `contract_end` and `since` may be left out),
/// one row per generic ID. Each row is checked by the rules mail is checked by (requests §1,
/// §3.3: codes, slots, IDs, government addresses for the roles, mobiles, agency and contract end
/// for outside creators), and each MDO must have its `nodal` and `admin` IDs with their holders:
/// they become its officers of record. Pure: the registry checks are the importer's.
public enum ImportSheet {
    /// The columns, in the order `docs/operators.md` lists them.
    public static let columns = ["mdo_code", "mdo_name", "ministry", "generic_id", "name", "designation", "email", "mobile",
                                 "agency", "contract_end", "since"]
    static let required: Set<String> = ["mdo_code", "mdo_name", "generic_id", "name", "designation", "email", "mobile"]

    /// The rows of `text` and every problem with it, by line: when there is any problem, the
    /// sheet must not be imported (the rows without a problem of their own are still returned).
    public static func read(_ text: String, context: ParseContext) -> (rows: [ImportRow], problems: [LineProblem]) {
        let sheet = CSVRows.Sheet(text)
        if let line = sheet.unclosedQuoteLine {
            return ([], [LineProblem(line: line, problem: Problem(field: "row", seen: nil,
                                                                   expected: "a closing \" for the value opened on this line (all the sheet after it read as one value)"))])
        }
        let records = sheet.records
        guard let header = records.first else {
            return ([], [LineProblem(line: 1, problem: Problem(field: "header", seen: nil, expected: columns.joined(separator: ",")))])
        }
        let names = header.map(CSVRows.columnName)
        var problems: [LineProblem] = []
        for missing in required.subtracting(names).sorted() {
            problems.append(LineProblem(line: 1, problem: Problem(field: "header", seen: header.joined(separator: ","),
                                                                  expected: "a column \(missing) (\(columns.joined(separator: ",")))")))
        }
        // A column named twice would be read from its first place only, without a word.
        for name in Set(names) where !name.isEmpty && names.filter({ $0 == name }).count > 1 {
            problems.append(LineProblem(line: 1, problem: Problem(field: "header", seen: name, expected: "each column once")))
        }
        guard problems.isEmpty else { return ([], problems) }
        let parsers = FormParsers(context: context)
        var rows: [ImportRow] = []
        var seenIDs: [GenericID: Int] = [:]
        // An MDO with a bad row is not checked whole: its missing row is already a problem.
        var incomplete = Set<MDOCode>()
        for (index, record) in records.enumerated().dropFirst() where !record.allSatisfy({ $0.trimmingSet(" \t").isEmpty }) {
            let line = index + 1
            // Cells past the header's columns would be dropped: a comma in an unquoted value.
            if record.count > header.count, record[header.count...].contains(where: { !$0.trimmingSet(" \t").isEmpty }) {
                problems.append(LineProblem(line: line, problem: Problem(field: "row", seen: "\(record.count) cells",
                                                                         expected: "one cell per column (\(header.count)); put a value holding a comma in double quotes")))
                continue
            }
            func cell(_ name: String) -> String? {
                guard let i = names.firstIndex(of: name), i < record.count else { return nil }
                let value = record[i].trimmingSet(" \t")
                return value.isEmpty ? nil : value
            }
            func problem(_ field: String, _ seen: String?, _ expected: String) {
                problems.append(LineProblem(line: line, problem: Problem(field: field, seen: seen, expected: expected)))
            }
            let before = problems.count
            let code = MDOCode(cell("mdo_code") ?? "")
            if code == nil { problem("mdo_code", cell("mdo_code"), "an MDO code of 2-16 letters and digits") }
            let mdoName = cell("mdo_name").flatMap { try? Values.personText($0, what: "the MDO's name").get() }
            if mdoName == nil { problem("mdo_name", cell("mdo_name"), "the MDO's name") }
            var id: GenericID?
            switch GenericID.parse(cell("generic_id") ?? "", domain: context.idDomain) {
            case .success(let parsed): id = parsed
            case .failure(let failure): problem("generic_id", cell("generic_id"), FormParsers.expectation(failure, code: code, domain: context.idDomain))
            }
            if let id, let code, id.mdo != code { problem("generic_id", id.address, "an ID of MDO \(code)") }
            if let id, let earlier = seenIDs[id] { problem("generic_id", id.address, "each ID once (it is on line \(earlier) too)") }
            var holder: Officer?
            let personCells = ["name", "designation", "email", "mobile", "agency", "contract_end"].compactMap(cell)
            if !personCells.isEmpty {
                let draft = OfficerDraft(name: cell("name"), designation: cell("designation"), email: cell("email"), mobile: cell("mobile"),
                                         agency: cell("agency"), contractEnd: cell("contract_end"))
                switch draft.officer(field: "", mobileRequired: true) {
                case .success(let officer):
                    holder = officer
                    if let id {
                        // Each problem under the column at fault (a missing agency is the agency's).
                        for p in parsers.holderProblems(officer, slot: id.slot, field: "email", agencyField: "agency", contractField: "contract_end") {
                            problems.append(LineProblem(line: line, problem: p))
                        }
                    }
                case .failure(let list):
                    for p in list.problems { problem(p.field.lowercased().replacingAll(" ", with: "_"), p.seen, p.expected) }
                }
            }
            var since: CalendarDay?
            if let text = cell("since") {
                switch DateReader.read(text) {
                case .success(let day): since = day
                case .failure(let e): problem("since", text, e.text)
                }
            }
            guard problems.count == before, let code, let mdoName, let id else {
                if let code { incomplete.insert(code) }
                continue
            }
            seenIDs[id] = line
            rows.append(ImportRow(line: line, mdo: code, mdoName: mdoName, ministry: cell("ministry"), id: id, holder: holder, since: since))
        }
        problems += wholeMDOProblems(rows.filter { !incomplete.contains($0.mdo) })
        if rows.isEmpty && problems.isEmpty {
            problems.append(LineProblem(line: 1, problem: Problem(field: "rows", seen: nil, expected: "at least one generic ID under the header")))
        }
        return (rows, problems.sorted { $0.line < $1.line })
    }

    /// `rows` grouped by MDO, the MDOs in the order of their first row, each group in sheet order.
    public static func byMDO(_ rows: [ImportRow]) -> [(mdo: MDOCode, rows: [ImportRow])] {
        var order: [MDOCode] = []
        var groups: [MDOCode: [ImportRow]] = [:]
        for row in rows {
            if groups[row.mdo] == nil { order.append(row.mdo) }
            groups[row.mdo, default: []].append(row)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// Each MDO once by name, with held `nodal` and `admin` IDs held by two different officers.
    static func wholeMDOProblems(_ rows: [ImportRow]) -> [LineProblem] {
        var problems: [LineProblem] = []
        for (code, group) in byMDO(rows) {
            let first = group[0]
            for row in group where row.mdoName != first.mdoName {
                problems.append(LineProblem(line: row.line, problem: Problem(field: "mdo_name", seen: row.mdoName,
                                                                             expected: "the name given on line \(first.line): \(first.mdoName)")))
            }
            let nodal = group.first { $0.id.slot == .nodal }?.holder, admin = group.first { $0.id.slot == .admin }?.holder
            if nodal == nil || admin == nil {
                problems.append(LineProblem(line: first.line, problem: Problem(field: "mdo_code", seen: code.value,
                    expected: "the MDO's nodal and admin IDs, each with its holder: they are its Nodal Officer and Admin of record")))
            } else if nodal?.email == admin?.email {
                problems.append(LineProblem(line: first.line, problem: Problem(field: "email", seen: nodal?.email.description,
                    expected: "two different officers as Nodal Officer and Admin")))
            }
        }
        return problems
    }
}
