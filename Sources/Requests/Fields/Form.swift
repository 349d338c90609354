import Domain

/// The request fields of a mail's own text, gathered line by line (`requests.md` §2.3-2.4):
/// top-level fields, officer blocks, one-line officers, allocation rows (`igot…@…: …`) and
/// lists of IDs.
struct Form: Equatable, Sendable {
    /// Top-level fields by key, first occurrence first (later duplicates kept for problems).
    var fields: [(key: FieldKey, label: String, value: String)] = []
    /// Officer drafts by role, from blocks and one-line forms.
    var officers: [Role: OfficerDraft] = [:]
    /// `igot…@…: Name, Designation, e-mail, mobile…` rows, in order (address, value).
    var addressRows: [(address: String, value: String)] = []
    /// Tables of tab-separated cells under a header row that names the ID column, as a range
    /// of cells pasted from a spreadsheet, or an HTML table as `HTMLText` writes it: each the
    /// header's cells and its rows' cells, read as a CSV sheet is (`CSVRows.rows(header:records:)`).
    var tables: [(header: [String], rows: [[String]])] = []
    /// Addresses listed under `IDs:` or standing alone on lines.
    var idList: [String] = []
    /// True when a password field was seen (its value is never kept).
    var sawPassword = false
    /// Lines that were no field at all.
    var otherLines: [String] = []

    static func == (a: Form, b: Form) -> Bool {
        a.fields.map { "\($0.key)\($0.value)" } == b.fields.map { "\($0.key)\($0.value)" } && a.officers == b.officers
            && a.addressRows.map { $0.address + $0.value } == b.addressRows.map { $0.address + $0.value } && a.idList == b.idList
            && a.tables.map { [$0.header] + $0.rows } == b.tables.map { [$0.header] + $0.rows }
    }

    /// The first non-empty value of `key`, or nil ("Key:" alone, or a prose line ending in a
    /// colon, never hides a later value).
    func value(_ key: FieldKey) -> String? { fields.first { $0.key == key && !$0.value.isEmpty }?.value }

    /// True when any request field was read (a `Request:` line, a field, a block, a row, an ID list).
    var hasRequestField: Bool {
        fields.contains { !$0.value.isEmpty } || !officers.isEmpty || !addressRows.isEmpty || !idList.isEmpty
            || tables.contains { !$0.rows.isEmpty }
    }

    /// Reads `lines` (the sender's own text).
    init(lines: [String]) {
        var block: Role?
        var blankBefore = false
        var tableID: Int?   // the ID column of the table being read, nil outside one
        for raw in lines {
            let line = raw.trimmingSet(" \t\u{00A0}")
            if line.isEmpty {
                blankBefore = true
                tableID = nil
                continue
            }
            defer { blankBefore = false }
            // A table: a header row of at least three tab-separated cells naming the ID column
            // and an officer's, then its rows while their ID cell holds an address. Cells are
            // split from the line as it came, so that an empty first cell keeps its column.
            if line.contains("\t") {
                let cells = raw.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmingSet(" \u{00A0}\r") }
                if let id = tableID, id < cells.count, cells[id].includes("@") {
                    tables[tables.count - 1].rows.append(cells)
                    continue
                }
                let columns = CSVRows.Columns(cells)
                if cells.count >= 3, columns.isHeader, !cells.contains(where: { $0.includes("@") }) {
                    tables.append((cells, []))
                    tableID = columns.id
                    continue
                }
            }
            tableID = nil
            guard let field = FieldLine.read(line) else {
                let addresses = Form.addresses(in: line)
                if !addresses.isEmpty && Form.isOnlyAddresses(line) {
                    idList += addresses
                    continue
                }
                if blankBefore { block = nil }
                otherLines.append(line)
                continue
            }
            if field.label.includes("@") {
                // An allocation row: the label is the generic ID.
                addressRows.append((Form.addresses(in: field.label).first ?? field.label, field.value))
                block = nil
                continue
            }
            guard let key = field.key else {
                if blankBefore { block = nil }
                otherLines.append(line)
                continue
            }
            switch key {
            case .role(let role):
                if field.value.isEmpty {
                    block = role
                } else if ["yes", "y", "1", "required", "haan", "हाँ", "हां"].contains(field.value.lowercased()) && role != .successor {
                    // "Nodal: yes" in a creation request by count.
                    fields.append((role == .nodal ? .wantNodal : .wantAdmin, field.label, "yes"))
                    block = nil
                } else if ["no", "n", "0", "not required", "nil"].contains(field.value.lowercased()) && role != .successor {
                    block = nil
                } else {
                    officers[role] = OfficerDraft.oneLine(field.value).merging(officers[role] ?? OfficerDraft())
                    block = nil
                }
            case .name, .email, .designation, .mobile, .agency, .contractEnd:
                if let role = field.role ?? block {
                    var draft = officers[role] ?? OfficerDraft()
                    switch key {
                    case .name: draft.name = draft.name ?? field.value
                    case .email: draft.email = draft.email ?? field.value
                    case .designation: draft.designation = draft.designation ?? field.value
                    case .mobile: draft.mobile = draft.mobile ?? field.value
                    case .agency: draft.agency = draft.agency ?? field.value
                    default: draft.contractEnd = draft.contractEnd ?? field.value
                    }
                    officers[role] = draft
                } else {
                    fields.append((key, field.label, field.value))
                }
            case .ids:
                block = nil
                idList += Form.addresses(in: field.value)
                continue
            case .password:
                sawPassword = true
            default:
                block = nil
                fields.append((key, field.label, field.value))
            }
        }
    }

    /// The `something@something` tokens of a line, in order (angle brackets and trailing
    /// punctuation removed), as written: checking comes later.
    static func addresses(in line: String) -> [String] {
        guard line.utf8.contains(UInt8(ascii: "@")) else { return [] }
        let pieces = line.isASCIIOnly
            ? line.asciiPieces { b in b == 0x20 || b == 0x09 || b == 0x2C || b == 0x3B || b == 0x3C || b == 0x3E || b == 0x28 || b == 0x29 || b == 0x5B || b == 0x5D }
            : line.split(whereSeparator: { " \t,;<>()[]\u{00A0}".contains($0) }).map(String.init)
        return pieces.map { $0.trimmingSet(".:\"'") }
            .filter { $0.includes("@") && !$0.hasPrefix("@") && !$0.hasSuffix("@") }
    }

    /// True when a line holds addresses and separators only (an ID list without a label).
    static func isOnlyAddresses(_ line: String) -> Bool {
        let tokens = line.isASCIIOnly
            ? line.asciiPieces { b in b == 0x20 || b == 0x09 || b == 0x2C || b == 0x3B }
            : line.split(whereSeparator: { " \t,;\u{00A0}".contains($0) }).map(String.init)
        return tokens.allSatisfy { token in
            let t = token.trimmingSet(".<>")
            return t.includes("@") || t.isEmpty || t == "and" || t == "&"
        }
    }
}
