import Foundation
import Domain
import Mail

/// Allocation rows from a CSV attachment (`requests.md` §2.7): the header
/// `generic_id,name,designation,email,mobile,agency,contract_end` in any order and case (and
/// the names offices give them), extra columns ignored, UTF-8 with or without a byte order
/// mark (UTF-16 with one: see `Charset.labelWithByteOrderMark`), RFC 4180 quoting.
/// A column named like a password is never read.
enum CSVRows {
    /// The CSV attachments of a mail (`text/csv`, or a `.csv` file name).
    static func attachments(_ message: Message) -> [Attachment] { attachments(in: message.root) }

    /// The CSV attachments inside `entity` (a message's top entity, or one attached whole).
    static func attachments(in entity: MIMEPart) -> [Attachment] {
        Message.attachments(in: entity).filter { a in
            a.contentType == "text/csv" || a.contentType == "application/csv" || a.contentType == "text/comma-separated-values"
                || (a.filename?.lowercased().hasSuffix(".csv") ?? false)
        }
    }

    /// A sheet's text read once over its bytes: whether it opened with a byte order mark
    /// (dropped), its separator, and its records — none when `unclosedQuoteLine` is set.
    struct Sheet {
        var byteOrderMark: Bool
        var delimiter: Character
        var records: [[String]]
        /// The line of a quoted value never closed (see `unclosedQuoteLine`); nil when every
        /// quote closes, or when the quotes were not checked.
        var unclosedQuoteLine: Int?

        /// Reads `text`; with `checkingQuotes` false, a quote never closed runs to the end.
        init(_ text: String, checkingQuotes: Bool = true) {
            var bytes = Array(text.utf8)
            byteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
            if byteOrderMark { bytes.removeFirst(3) }
            delimiter = CSVRows.delimiter(of: bytes)
            unclosedQuoteLine = checkingQuotes ? CSVRows.unclosedQuoteLine(bytes, delimiter: delimiter) : nil
            records = unclosedQuoteLine == nil ? CSVRows.parse(bytes, delimiter: delimiter) : []
        }
    }

    /// The rows of `text`; `passwordColumn` is true when a password column was present.
    ///
    /// The header is the first row, among the first `headerSearchRows` that are not blank,
    /// that names the ID column: a title row above it ("Allocation sheet - DoPT") is passed
    /// over. Column names are read loosely, as offices write them (`Name of Officer`,
    /// `Official E-mail`, `Mobile No.`). A row whose cells do not line up with the header (a
    /// comma in an unquoted name, a cell left out) is refused with its ID only: read by
    /// position, its values would land in the wrong columns, and in a sheet with a password
    /// column a password would be quoted back as a mobile number.
    static func rows(_ text: String) -> (rows: [(id: String, draft: OfficerDraft)], passwordColumn: Bool, problems: [Problem]) {
        let sheet = Sheet(text)
        if let line = sheet.unclosedQuoteLine {
            return ([], false, [Problem(field: "CSV attachment", seen: "line \(line)",
                                        expected: "a closing \" for the value opened there (all the sheet after it read as one value)")])
        }
        let records = sheet.records.filter { !$0.allSatisfy { $0.trimmingSet(" ").isEmpty } }
        guard let first = records.first else { return ([], false, []) }
        let headerAt = records.prefix(headerSearchRows).firstIndex { Columns($0).isHeader }
        let password = records.prefix(headerSearchRows).contains { !passwordColumns($0).isEmpty }
        guard let headerAt else {
            // The first row is quoted back, but never from a sheet that names a password column
            // (a binary file renamed .csv can hold one anywhere in it).
            return ([], password, [Problem(field: "CSV attachment", seen: password ? nil : PasswordScanner.redacted(first.joined(separator: ",")),
                                            expected: "a header row generic_id,name,designation,email,mobile,agency,contract_end")])
        }
        let read = rows(header: records[headerAt], records: Array(records[(headerAt + 1)...]))
        return (read.rows, password, read.problems)
    }

    /// The rows of a table under `header` (a CSV sheet's, or one pasted into the body): one
    /// per record that has an ID, and a problem for each that does not line up with the header.
    static func rows(header: [String], records: [[String]]) -> (rows: [(id: String, draft: OfficerDraft)], problems: [Problem]) {
        let columns = Columns(header)
        guard let idColumn = columns.id else { return ([], []) }
        // The last column a row must reach: the officer's own cells, and a password's.
        let passwords = passwordColumns(header)
        let needed = ([idColumn, columns.name, columns.designation, columns.email, columns.mobile].compactMap { $0 }
                      + passwords).max() ?? idColumn
        var rows: [(String, OfficerDraft)] = []
        var problems: [Problem] = []
        for record in records {
            func cell(_ i: Int?) -> String? {
                guard let i, i < record.count else { return nil }
                let v = record[i].trimmingSet(" \t")
                return v.isEmpty ? nil : v
            }
            guard let id = cell(idColumn) else { continue }
            if let shape = misaligned(record, header: header, needed: needed, passwordColumn: !passwords.isEmpty) {
                problems.append(Problem(field: id.lowercased(), seen: nil, expected: shape))
                continue
            }
            rows.append((id, OfficerDraft(name: cell(columns.name), designation: cell(columns.designation), email: cell(columns.email),
                                          mobile: cell(columns.mobile), agency: cell(columns.agency), contractEnd: cell(columns.contractEnd))))
        }
        return (rows, problems)
    }

    /// Rows looked at for the header: a title or a note or two above it, not a sheet's worth.
    static let headerSearchRows = 10

    /// Why `record` does not line up with `header`, or nil when it does: a non-empty cell
    /// past the header's last column (a comma in an unquoted cell), or too few cells to
    /// reach column `needed` (every column, when the header names a password column:
    /// `passwordColumn`, found once for a sheet and not once for each of its rows).
    static func misaligned(_ record: [String], header: [String], needed: Int, passwordColumn: Bool) -> String? {
        if record.count > header.count, record[header.count...].contains(where: { !$0.trimmingSet(" \t").isEmpty }) {
            return "a row with one cell per column of the header (it has more, \(record.count) for \(header.count)): put a name or designation that holds a comma in double quotes"
        }
        // Under a password column a row must have every cell: a cell left out anywhere would
        // move the password into a column that is quoted back (a spreadsheet writes them all).
        if record.count <= needed || (record.count < header.count && passwordColumn) {
            return "a row with one cell per column of the header (it has \(record.count) for \(header.count)): a cell is missing"
        }
        return nil
    }

    /// Where the allocation columns are in a header row, each the first cell its name fits.
    struct Columns {
        /// The index of each column in the header row, nil when the header has none.
        var id, name, designation, email, mobile, agency, contractEnd: Int?

        /// True for a header row: the ID column and at least one of the officer's columns (a
        /// title "Allocation of generic IDs - DoPT" names the ID column alone).
        var isHeader: Bool { id != nil && [name, designation, email, mobile].contains { $0 != nil } }

        /// Finds the columns in `header` (cells as written; names are read with `columnName`).
        init(_ header: [String]) {
            let names = header.map(CSVRows.columnName)
            func first(_ fits: (String) -> Bool) -> Int? { names.firstIndex(where: fits) }
            func words(_ n: String) -> [Substring] { n.split(separator: "_") }
            id = first { n in ["generic_id", "genericid", "id", "generic_email_id", "generic_mail_id"].contains(n) || words(n).contains("generic") }
            func other(_ fits: @escaping (String) -> Bool) -> Int? {
                names.indices.first { $0 != id && fits(names[$0]) }
            }
            name = other { n in ["name", "officer_name", "officer", "full_name"].contains(n) || words(n).first == "name" || (words(n).contains("name") && words(n).contains("officer")) }
            designation = other { n in words(n).contains("designation") || n == "post" || n == "rank" }
            email = other { n in ["email", "e_mail", "email_id", "e_mail_id", "mail", "mail_id", "email_address", "e_mail_address"].contains(n)
                || n.hasSuffix("_email") || n.hasSuffix("_e_mail") || n.hasPrefix("email_") || n.hasPrefix("e_mail_") }
            mobile = other { n in words(n).contains("mobile") || words(n).contains("phone") || n == "contact" || n == "contact_no" || n == "contact_number" }
            agency = other { n in words(n).contains("agency") }
            contractEnd = other { n in words(n).contains("contract") || n == "contractend" }
        }
    }

    /// `text` with every cell of its password-named columns (header row kept) replaced by
    /// `[REDACTED]`, written back as RFC 4180 CSV with LF line ends and the sheet's own
    /// separator, and the cut values; nil
    /// when no column is named like a password (§3.4).
    ///
    /// Every row under a header that names a password column is cut there, whichever row
    /// that header is (a title row above it). A row that does not line up with its header
    /// has every cell cut but its ID's: a password shifted into the next column by a missing
    /// or an extra comma is cut wherever it went.
    static func cuttingPasswordColumns(_ text: String) -> (text: String, values: [String])? {
        let sheet = Sheet(text, checkingQuotes: false)
        let (records, delimiter) = (sheet.records, sheet.delimiter)
        let named = records.map(passwordColumns)
        guard named.contains(where: { !$0.isEmpty }) else { return nil }
        var values: [String] = []
        var header: (cells: [String], columns: [Int], id: Int?, needed: Int)? = nil
        let lines = zip(records, named).map { record, own -> String in
            var cells = record
            if !own.isEmpty {
                // A header: its own cells are names, kept.
                let id = Columns(record).id
                header = (record, own, id, own.max() ?? 0)
            } else if let h = header, !record.allSatisfy({ $0.trimmingSet(" \t").isEmpty }) {
                let cut = misaligned(record, header: h.cells, needed: h.needed, passwordColumn: true) != nil
                    ? cells.indices.filter { $0 != h.id } : h.columns.filter { $0 < cells.count }
                for i in cut where !cells[i].trimmingSet(" \t").isEmpty {
                    values.append(cells[i].trimmingSet(" \t"))
                    cells[i] = StoredCopyRedaction.marker
                }
            }
            return cells.map { quoted($0, delimiter: delimiter) }.joined(separator: String(delimiter))
        }
        return ((sheet.byteOrderMark ? "\u{FEFF}" : "") + lines.joined(separator: "\n") + "\n", values)
    }

    /// A header cell as a column name: trimmed, lower-case, each run of other characters than
    /// letters and digits one `_` (`Mobile No.` → `mobile_no`, `E-mail` → `e_mail`).
    static func columnName(_ cell: String) -> String {
        cell.isASCIIOnly ? columnNameOfASCII(cell) : columnNameByCharacter(cell)
    }

    /// `columnName` of an ASCII cell, over its bytes: for ASCII, a letter or digit is
    /// [A-Za-z0-9], and lower-casing is byte by byte.
    static func columnNameOfASCII(_ cell: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(cell.utf8.count)
        var gap = false
        for byte in cell.utf8 {
            let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            if (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (lower >= UInt8(ascii: "0") && lower <= UInt8(ascii: "9")) {
                if gap && !out.isEmpty { out.append(UInt8(ascii: "_")) }
                out.append(lower)
                gap = false
            } else {
                gap = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `columnName` of any cell, Character by Character.
    static func columnNameByCharacter(_ cell: String) -> String {
        var out = ""
        var gap = false
        for c in cell.lowercased() {
            if c.isLetter || c.isNumber {
                if gap && !out.isEmpty { out.append("_") }
                out.append(c)
                gap = false
            } else {
                gap = true
            }
        }
        return out
    }

    /// The indices of the header's columns named like a password (`Password`, `pass word`, …).
    static func passwordColumns(_ header: [String]) -> [Int] {
        header.indices.filter { i in
            let name = columnName(header[i])
            // A name holding none of the words' first bytes holds none of the words: most
            // cells are passed over without a search for each word.
            guard name.utf8.contains(where: passwordColumnFirstBytes.contains) else { return false }
            return passwordColumnWords.contains { name.includes($0) }
        }
    }

    /// The first bytes of `passwordColumnWords`.
    static let passwordColumnFirstBytes = Set(passwordColumnWords.compactMap(\.utf8.first))

    /// `PasswordScanner.words` as `columnName` writes them (`pass word` → `pass_word`).
    static let passwordColumnWords = PasswordScanner.words.map { $0.replacingAll(" ", with: "_") }

    /// A CSV cell, quoted when it holds a comma, a quote or a line break (RFC 4180 §2).
    static func quoted(_ cell: String, delimiter: Character = ",") -> String {
        guard cell.contains(where: { $0 == delimiter || $0 == "\"" || $0.isNewline }) else { return cell }
        return "\"" + cell.replacingAll("\"", with: "\"\"") + "\""
    }

    /// RFC 4180 records: fields separated by commas, quoted with `"` (doubled inside), any
    /// line ending.
    static func parse(_ text: String) -> [[String]] { parse(text, delimiter: delimiter(of: text)) }

    /// The cell separator of a sheet: a comma, or the semicolon or tab that spreadsheets in
    /// other locales and "Unicode text" exports write. The one seen most outside quotes in the
    /// first ten lines wins; the comma on a tie.
    static func delimiter(of text: String) -> Character { delimiter(of: Array(text.utf8)) }

    /// `delimiter(of:)` of a sheet's UTF-8 bytes.
    static func delimiter(of bytes: [UInt8]) -> Character {
        var commas = 0, semicolons = 0, tabs = 0
        var quoted = false, lines = 0
        var i = 0
        scan: while i < bytes.count {
            let byte = bytes[i]
            if byte == quote { quoted.toggle(); i += 1; continue }
            if quoted { i += 1; continue }
            switch byte {
            case UInt8(ascii: ","): commas += 1
            case UInt8(ascii: ";"): semicolons += 1
            case UInt8(ascii: "\t"): tabs += 1
            default:
                if let length = newlineLength(bytes, at: i) {
                    lines += 1
                    if lines == 10 { break scan }
                    i += length
                    continue
                }
            }
            i += 1
        }
        if semicolons > commas && semicolons >= tabs { return ";" }
        if tabs > commas && tabs > semicolons { return "\t" }
        return ","
    }

    /// The line (1-based) where a quoted value opens that is never closed, or nil: everything
    /// after it would be read as that one value, so a sheet with one is refused whole. A quote
    /// inside a quoted value must be doubled or end it (RFC 4180 §2): one followed by anything
    /// but another quote, the separator or a line end means the value opened was never closed
    /// (a later value's quotes would otherwise seem to close it).
    static func unclosedQuoteLine(_ text: String, delimiter: Character) -> Int? {
        unclosedQuoteLine(Array(text.utf8), delimiter: delimiter)
    }

    /// `unclosedQuoteLine(_:delimiter:)` of a sheet's UTF-8 bytes.
    static func unclosedQuoteLine(_ bytes: [UInt8], delimiter: Character) -> Int? {
        let separator = delimiter.asciiValue ?? UInt8(ascii: ",")
        var line = 1, openedAt = 0
        var quoted = false, fieldStart = true
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if quoted {
                if byte == quote {
                    if i + 1 < bytes.count, bytes[i + 1] == quote { i += 2; continue }
                    guard i + 1 == bytes.count || bytes[i + 1] == separator || newlineLength(bytes, at: i + 1) != nil else { return openedAt }
                    quoted = false
                    i += 1
                } else if let length = newlineLength(bytes, at: i) {
                    line += 1
                    i += length
                } else {
                    i += 1
                }
                continue
            }
            if byte == quote && fieldStart {
                quoted = true
                openedAt = line
                fieldStart = false
                i += 1
            } else if let length = newlineLength(bytes, at: i) {
                line += 1
                fieldStart = true
                i += length
            } else {
                fieldStart = byte == separator
                i += 1
            }
        }
        return quoted ? openedAt : nil
    }

    /// RFC 4180 records with `delimiter` between fields; a record ends at LF, CR or CR LF.
    static func parse(_ text: String, delimiter: Character) -> [[String]] { parse(Array(text.utf8), delimiter: delimiter) }

    /// `parse(_:delimiter:)` of a sheet's UTF-8 bytes.
    static func parse(_ bytes: [UInt8], delimiter: Character) -> [[String]] {
        // Over UTF-8 bytes: the separator, the quote and the line ends are ASCII, and no byte
        // of a multi-byte character is ASCII, so each cell's bytes are whole characters.
        let separator = delimiter.asciiValue ?? UInt8(ascii: ",")
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var i = 0
        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let byte = bytes[i]
            if quoted {
                if byte == quote {
                    if i + 1 < bytes.count, bytes[i + 1] == quote { field.append(quote); i += 2; continue }
                    quoted = false
                } else {
                    field.append(byte)
                }
            } else if byte == quote && field.isEmpty {
                quoted = true
            } else if byte == separator {
                endField()
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if byte == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                endField()
                records.append(record)
                record = []
            } else {
                field.append(byte)
            }
            i += 1
        }
        if !field.isEmpty || !record.isEmpty { endField(); records.append(record) }
        return records
    }

    /// The double quote, as a byte.
    private static let quote = UInt8(ascii: "\"")

    /// The length in bytes of the line end at `i`, or nil: the ends `Character.isNewline`
    /// knows (LF, CR, CR LF, VT, FF, NEL, LINE and PARAGRAPH SEPARATOR).
    static func newlineLength(_ bytes: [UInt8], at i: Int) -> Int? {
        switch bytes[i] {
        case 0x0A, 0x0B, 0x0C: return 1
        case 0x0D: return i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
        case 0xC2: return i + 1 < bytes.count && bytes[i + 1] == 0x85 ? 2 : nil
        case 0xE2: return i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9) ? 3 : nil
        default: return nil
        }
    }
}
