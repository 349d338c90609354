import Foundation
import Domain
import Mail

/// Allocation rows from a CSV attachment (`requests.md` §2.7): the header
/// `generic_id,name,designation,email,mobile,agency,contract_end` in any order and case,
/// extra columns ignored, UTF-8 with or without a byte order mark, RFC 4180 quoting.
/// A column named like a password is never read.
enum CSVRows {
    /// The CSV attachments of a mail (`text/csv`, or a `.csv` file name).
    static func attachments(_ message: Message) -> [Attachment] {
        message.attachments.filter { a in
            a.contentType == "text/csv" || a.contentType == "application/csv" || a.contentType == "text/comma-separated-values"
                || (a.filename?.lowercased().hasSuffix(".csv") ?? false)
        }
    }

    /// The rows of `text`; `passwordColumn` is true when a password column was present.
    static func rows(_ text: String) -> (rows: [(id: String, draft: OfficerDraft)], passwordColumn: Bool, problems: [Problem]) {
        var t = text
        if t.hasPrefix("\u{FEFF}") { t.removeFirst() }
        let records = parse(t).filter { !$0.allSatisfy { $0.trimmingSet(" ").isEmpty } }
        guard let header = records.first else { return ([], false, []) }
        let names = header.map(columnName)
        func column(_ options: [String]) -> Int? { names.firstIndex { options.contains($0) } }
        let password = !passwordColumns(header).isEmpty
        guard let idColumn = column(["generic_id", "genericid", "id", "generic_email_id", "generic_mail_id"]) else {
            return ([], password, [Problem(field: "CSV attachment", seen: header.joined(separator: ","),
                                            expected: "a header row generic_id,name,designation,email,mobile,agency,contract_end")])
        }
        let name = column(["name", "officer_name"]), designation = column(["designation", "post"])
        let email = column(["email", "e-mail", "email_id", "official_email"]), mobile = column(["mobile", "mobile_no", "phone"])
        let agency = column(["agency"]), contract = column(["contract_end", "contract_end_date", "contractend"])
        var rows: [(String, OfficerDraft)] = []
        for record in records.dropFirst() {
            func cell(_ i: Int?) -> String? {
                guard let i, i < record.count else { return nil }
                let v = record[i].trimmingSet(" \t")
                return v.isEmpty ? nil : v
            }
            guard let id = cell(idColumn) else { continue }
            rows.append((id, OfficerDraft(name: cell(name), designation: cell(designation), email: cell(email),
                                          mobile: cell(mobile), agency: cell(agency), contractEnd: cell(contract))))
        }
        return (rows, password, [])
    }

    /// `text` with every cell of its password-named columns (header row kept) replaced by
    /// `[REDACTED]`, written back as RFC 4180 CSV with LF line ends, and the cut values; nil
    /// when no column is named like a password (§3.4).
    static func cuttingPasswordColumns(_ text: String) -> (text: String, values: [String])? {
        var t = text
        let bom = t.hasPrefix("\u{FEFF}")
        if bom { t.removeFirst() }
        let records = parse(t)
        guard let header = records.first(where: { !$0.allSatisfy { $0.trimmingSet(" ").isEmpty } }) else { return nil }
        let columns = passwordColumns(header)
        guard !columns.isEmpty else { return nil }
        var values: [String] = []
        var seenHeader = false
        let lines = records.map { record -> String in
            var cells = record
            if seenHeader {
                for i in columns where i < cells.count && !cells[i].trimmingSet(" \t").isEmpty {
                    values.append(cells[i].trimmingSet(" \t"))
                    cells[i] = StoredCopyRedaction.marker
                }
            } else if record == header {
                seenHeader = true
            }
            return cells.map(quoted).joined(separator: ",")
        }
        return ((bom ? "\u{FEFF}" : "") + lines.joined(separator: "\n") + "\n", values)
    }

    /// A header cell as a column name: trimmed, lower-case, blanks as `_`.
    static func columnName(_ cell: String) -> String {
        cell.trimmingSet(" \t").lowercased().replacingAll(" ", with: "_")
    }

    /// The indices of the header's columns named like a password (`Password`, `pass word`, …).
    static func passwordColumns(_ header: [String]) -> [Int] {
        header.indices.filter { i in
            let name = columnName(header[i])
            return PasswordScanner.words.contains { name.includes($0.replacingAll(" ", with: "_")) }
        }
    }

    /// A CSV cell, quoted when it holds a comma, a quote or a line break (RFC 4180 §2).
    static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return cell }
        return "\"" + cell.replacingAll("\"", with: "\"\"") + "\""
    }

    /// RFC 4180 records: fields separated by commas, quoted with `"` (doubled inside), any
    /// line ending.
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if quoted {
                if c == "\"" {
                    let next = text.index(after: i)
                    if next < text.endIndex, text[next] == "\"" { field.append("\""); i = text.index(after: next); continue }
                    quoted = false
                } else {
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" || c == "\r" || c == "\r\n" {
                record.append(field); field = ""
                records.append(record); record = []
            } else {
                field.append(c)
            }
            i = text.index(after: i)
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
