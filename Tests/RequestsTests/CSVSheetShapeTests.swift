import Domain
import Foundation
import Mail
@testable import Requests
import Testing

/// Allocation sheets as offices' spreadsheets write them (requests.md §2.7, §3.4): a title row
/// above the header, the column names offices use, rows whose cells do not line up, and
/// UTF-16 exports sent without their charset.
@Suite("CSV sheets as offices write them (requests.md §2.7, §3.4)")
struct CSVSheetShapeTests {
    /// An allocation mail from the Nodal Officer with `content` attached as `sheet.csv` (base64).
    static func allocation(_ content: [UInt8], type: String = "text/csv") -> Message {
        let mail = "From: a.kumar@nic.in\nTo: igot-desk@dopt.gov.in\nSubject: Allocation of generic IDs - dopt\n"
            + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"
            + "--b\nContent-Type: text/plain\n\nMDO code: dopt\nThe sheet is attached.\n"
            + "--b\nContent-Type: \(type); name=\"sheet.csv\"\nContent-Disposition: attachment; filename=\"sheet.csv\"\n"
            + "Content-Transfer-Encoding: base64\n\n" + Data(content).base64EncodedString(options: .lineLength76Characters) + "\n--b--\n"
        return Message(bytes: Array(mail.utf8))
    }

    static func allocation(_ csv: String) -> Message { allocation(Array(csv.utf8)) }

    /// The rows read, or the problems of a refusal.
    static func read(_ message: Message) -> (rows: [Allocation.Row], problems: [Problem], all: String) {
        let parsed = RequestParser.parse(message, context: context)
        switch parsed.parsed {
        case .command(.allocate(let a), let problems): return (a.rows, problems, "\(parsed)")
        case .refused(let problems, _): return ([], problems, "\(parsed)")
        default: return ([], [], "\(parsed)")
        }
    }

    /// The stored copy's texts, decoded.
    static func copy(_ message: Message) throws -> String {
        let bytes = try #require(StoredCopyRedaction.redacted(message))
        return StoredCopyRedactionTests.texts(Message(bytes: bytes).root).joined(separator: "\n")
    }

    @Test("a title row above the header is passed over; the password column under it is cut")
    func titleRow() throws {
        let sheet = "Allocation sheet - DoPT,,,,,\ngeneric_id,name,designation,email,mobile,password\n"
            + "igotdoptcc1@nic.in,Shri C. Verma,Assistant Director,c.verma@nic.in,9800000003,Zq7Secret99\n"
        let m = Self.allocation(sheet)
        let (rows, problems, all) = Self.read(m)
        #expect(rows.map(\.id.address) == ["igotdoptcc1@nic.in"] && problems.isEmpty, "\(all)")
        #expect(!all.contains("Zq7Secret99"))
        let copy = try Self.copy(m)
        #expect(!copy.contains("Zq7Secret99") && copy.contains("Allocation sheet - DoPT"), "\(copy)")
    }

    @Test("a cell that opens with a combining mark or joiner, after its separator or its quote, is refused by its ID, not stored with the stray character",
          arguments: ["\u{0301}", "\u{200D}", "\"\u{0301}"])
    func strayMarks(stray: String) {
        for separator in [",", ";"] {
            let sheet = ["generic_id", "name", "designation", "email", "mobile"].joined(separator: separator) + "\n"
                // (A quote and the mark after it are one Character: the quote is looked for by byte.)
                + ["igotdoptcc1@nic.in", stray + "Shri C. Verma" + (stray.utf8.first == UInt8(ascii: "\"") ? "\"" : ""), "Assistant Director",
                   "c.verma@nic.in", "9800000003"].joined(separator: separator) + "\n"
            let (rows, problems, all) = Self.read(Self.allocation(sheet))
            #expect(rows.isEmpty, "\(all)")
            #expect(problems.map(\.field) == ["igotdoptcc1@nic.in"] && problems.first?.expected.contains("Name") == true, "\(all)")
        }
    }

    @Test("column names as offices write them are read")
    func officeNames() {
        let sheet = "S.No.,Generic ID,Name of Officer,Designation,Official E-mail,Mobile No.\n"
            + "1,igotdoptcc1@nic.in,Shri C. Verma,Assistant Director,c.verma@nic.in,9800000003\n"
        let (rows, problems, all) = Self.read(Self.allocation(sheet))
        #expect(problems.isEmpty, "\(all)")
        let holder = rows.first?.officer
        #expect(rows.map(\.id.address) == ["igotdoptcc1@nic.in"])
        #expect(holder?.name == "Shri C. Verma" && holder?.designation == "Assistant Director")
        #expect(holder?.email.description == "c.verma@nic.in" && holder?.mobile == "9800000003")
    }

    @Test("a row with a cell left out or a comma too many is refused by its ID; a password in it is never quoted, and cut wherever it went",
          arguments: [
              "igotdoptcc1@nic.in,Shri C. Verma,c.verma@nic.in,9800000003,Zq7Secret99\n",
              "igotdoptcc1@nic.in,Verma, C.,Assistant Director,c.verma@nic.in,9800000003,Zq7Secret99\n",
          ])
    func misaligned(row: String) throws {
        let m = Self.allocation("generic_id,name,designation,email,mobile,password\n" + row
                                + "igotdoptcc2@nic.in,Ms. D. Rao,Consultant,d.rao@nic.in,9800000004,Other77Secret\n")
        let (rows, problems, all) = Self.read(m)
        #expect(rows.map(\.id.address) == ["igotdoptcc2@nic.in"], "\(all)")
        #expect(problems.map(\.field) == ["igotdoptcc1@nic.in"] && problems.first?.seen == nil, "\(all)")
        #expect(problems.first?.expected.hasPrefix("a row with one cell per column of the header") == true)
        #expect(!all.contains("Zq7Secret99") && !all.contains("Other77Secret"))
        let copy = try Self.copy(m)
        #expect(!copy.contains("Zq7Secret99") && !copy.contains("Other77Secret"), "\(copy)")
        #expect(copy.contains("igotdoptcc1@nic.in") && copy.contains("Ms. D. Rao"), "the ID of the bad row and the good row's other cells stay")
    }

    @Test("a row without a password column that has a cell too many is refused with the reason, not read shifted")
    func shiftedWithoutPassword() {
        let (rows, problems, _) = Self.read(Self.allocation(
            "generic_id,name,designation,email,mobile\nigotdoptcc1@nic.in,Verma, C.,Assistant Director,c.verma@nic.in,9800000003\n"))
        #expect(rows.isEmpty)
        #expect(problems.first?.expected.contains("put a name or designation that holds a comma in double quotes") == true)
        // Trailing empty cells (a spreadsheet's ",,") and left-out optional columns are fine.
        let (ok, none, _) = Self.read(Self.allocation(
            "generic_id,name,designation,email,mobile,agency,contract_end\nigotdoptcc1@nic.in,Shri C. Verma,AD,c.verma@nic.in,9800000003,,,,\n"
                + "igotdoptcc2@nic.in,Ms. D. Rao,SO,d.rao@nic.in,9800000004\n"))
        #expect(ok.count == 2 && none.isEmpty)
    }

    @Test("a UTF-16 sheet with its byte order mark, sent without a charset, is read and its password column cut", arguments: [true, false])
    func utf16(littleEndian: Bool) throws {
        let sheet = "generic_id,name,designation,email,mobile,password\r\nigotdoptcc1@nic.in,Shri Č. Verma,AD,c.verma@nic.in,9800000003,Zq7Secret99\r\n"
        let units = Array(sheet.utf16)
        var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for u in units { bytes += littleEndian ? [UInt8(u & 0xFF), UInt8(u >> 8)] : [UInt8(u >> 8), UInt8(u & 0xFF)] }
        let m = Self.allocation(bytes, type: "application/vnd.ms-excel")
        let (rows, problems, all) = Self.read(m)
        #expect(problems.isEmpty, "\(all)")
        #expect(rows.first?.officer.name == "Shri Č. Verma")
        let copy = try Self.copy(m)
        #expect(!copy.contains("Zq7Secret99") && copy.contains("Shri Č. Verma"), "\(copy)")
    }

    @Test("UTF-16 text's line ends are made LF after decoding: a 0x0D byte inside a character is no line end")
    func utf16LineEnds() {
        // č is U+010D: 0D 01 in UTF-16LE.
        let units = Array("č\r\nx".utf16)
        let bytes = units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let mail = "Content-Type: text/plain; charset=utf-16le\nContent-Transfer-Encoding: base64\n\n" + Data(bytes).base64EncodedString() + "\n"
        #expect(Message(bytes: Array(mail.utf8)).root.text == "č\nx")
    }

    @Test("a table pasted into the body (tab-separated cells under a header, as Excel and Outlook write it) is read as a sheet")
    func pastedTable() {
        let body = "Sir,\nPlease allocate as below.\n\nGeneric ID\tName\tDesignation\tEmail\tMobile\n"
            + "igotdoptcc1@nic.in\tShri C. Verma\tAssistant Director\tc.verma@nic.in\t9800000003\n"
            + "igotdoptcc2@nic.in\tMs. D. Rao\tSection Officer\td.rao@nic.in\n"
            + "\nMDO code: dopt\nRegards,\nA. Kumar"
        let (rows, problems, all) = Self.read(mail(subject: "Allocation of generic IDs - dopt", body: body))
        #expect(rows.map(\.id.address) == ["igotdoptcc1@nic.in"], "\(all)")
        #expect(rows.first?.officer.designation == "Assistant Director" && rows.first?.officer.mobile == "9800000003")
        // The row without its mobile cell is refused by its ID, not read shifted.
        #expect(problems.map(\.field) == ["igotdoptcc2@nic.in"], "\(all)")
        // Without a Subject naming it, the table alone makes the mail an allocation.
        let (untitled, _, _) = Self.read(mail(subject: "IDs", body: body))
        #expect(untitled.count == 1)
    }

    @Test("a semicolon- or tab-separated sheet is read with its own separator; its password column is cut and never quoted",
          arguments: [";", "\t"])
    func otherSeparators(separator: String) throws {
        let sheet = ["Generic ID", "Name of Officer", "Designation", "Official E-mail", "Mobile No.", "Password"].joined(separator: separator) + "\n"
            + ["igotdoptcc1@nic.in", "Shri C. Verma", "AD", "c.verma@nic.in", "9800000003", "Qw7#Secret"].joined(separator: separator) + "\n"
        let m = Self.allocation(sheet)
        let (rows, problems, all) = Self.read(m)
        #expect(rows.map(\.id.address) == ["igotdoptcc1@nic.in"] && problems.isEmpty, "\(all)")
        #expect(!all.contains("Qw7#Secret"))
        let copy = try Self.copy(m)
        #expect(!copy.contains("Qw7#Secret") && copy.contains(["c.verma@nic.in", "9800000003", "[REDACTED]"].joined(separator: separator)), "\(copy)")
    }

    @Test("under a password column a row with a cell left out is refused, even with a column after the password")
    func missingCellBeforeRemarks() throws {
        let m = Self.allocation("DoPT - iGOT Karmayogi allocation sheet\nS.No.,Generic ID,Name of Officer,Designation,Official E-mail,Mobile No.,Password,Remarks\n"
            + "1,igotdoptcc1@nic.in,Shri C. Verma,c.verma@nic.in,9800000003,Qw7#Secret,ok\n"
            + "2,igotdoptcc2@nic.in,Ms. D. Rao,SO,d.rao@nic.in,9800000004,Zz8$Hidden,ok\n")
        let (rows, problems, all) = Self.read(m)
        #expect(rows.map(\.id.address) == ["igotdoptcc2@nic.in"] && problems.map(\.field) == ["igotdoptcc1@nic.in"], "\(all)")
        #expect(!all.contains("Qw7#Secret") && !all.contains("Zz8$Hidden"))
        let copy = try Self.copy(m)
        #expect(!copy.contains("Qw7#Secret") && !copy.contains("Zz8$Hidden"), "\(copy)")
    }

    @Test("a title row naming generic IDs is not taken for the header")
    func titleNamingGenericIDs() {
        let (rows, problems, all) = Self.read(Self.allocation("Allocation of generic IDs - DoPT\ngeneric_id,name,designation,email,mobile\n"
            + "igotdoptcc1@nic.in,Shri C. Verma,AD,c.verma@nic.in,9800000003\n"))
        #expect(rows.map(\.id.address) == ["igotdoptcc1@nic.in"] && problems.isEmpty, "\(all)")
    }

    @Test("an HTML table with an empty cell keeps its columns: the password column is cut, never quoted")
    func htmlTableWithEmptyCell() throws {
        let html = "<p>MDO code: dopt</p><table><tr><td>Generic ID</td><td>Name</td><td>Designation</td><td>Email</td><td>Mobile</td><td>Password</td><td>Remarks</td></tr>"
            + "<tr><td>igotdoptcc1@nic.in</td><td>Shri C. Verma</td><td></td><td>c.verma@nic.in</td><td>9800000003</td><td>Qw7#Secret</td><td>new</td></tr>"
            + "<tr><td>igotdoptcc2@nic.in</td><td>Ms. D. Rao</td><td>SO</td><td>d.rao@nic.in</td><td>9800000004</td><td>Zz8$Hidden</td><td>new</td></tr></table>"
        let m = mail(subject: "Allocation of generic IDs - dopt", body: html, headers: "MIME-Version: 1.0\nContent-Type: text/html; charset=UTF-8\n")
        let (rows, problems, all) = Self.read(m)
        #expect(rows.map(\.id.address).contains("igotdoptcc2@nic.in"), "\(all)")
        #expect(!problems.contains { $0.field != "igotdoptcc1@nic.in" }, "\(all)")
        #expect(!all.contains("Qw7#Secret") && !all.contains("Zz8$Hidden"), "\(all)")
        let copy = try Self.copy(m)
        #expect(!copy.contains("Qw7#Secret") && !copy.contains("Zz8$Hidden"), "\(copy)")
    }

    @Test("a pasted table's row with an empty first cell is read by its ID; a signature under the table is no row")
    func pastedTableEdges() {
        let body = "MDO code: dopt\n\nS.No.\tGeneric ID\tName\tDesignation\tEmail\tMobile\n"
            + "\tigotdoptcc1@nic.in\tShri C. Verma\tAD\tc.verma@nic.in\t9800000003\n"
            + "A. Kumar\tDeputy Secretary\n"
        let (rows, problems, all) = Self.read(mail(subject: "Allocation of generic IDs - dopt", body: body))
        #expect(rows.map(\.id.address) == ["igotdoptcc1@nic.in"] && problems.isEmpty, "\(all)")
    }

    @Test("a quoted value never closed refuses the sheet, naming the line where it opens; doubled quotes inside one are fine")
    func unclosedQuote() {
        let (rows, problems, all) = Self.read(Self.allocation("generic_id,name,designation,email,mobile\n"
            + "igotdoptcc1@nic.in,\"Shri \"\"Babu\"\" Verma\",AD,c.verma@nic.in,9800000003\n"
            + "igotdoptcc2@nic.in,\"Ms. D. Rao,SO,d.rao@nic.in,9800000004\nigotdoptcc3@nic.in,X,Y,x@nic.in,9800000005\n"))
        #expect(rows.isEmpty)
        #expect(problems.first?.seen == "line 3" && problems.first?.expected.hasPrefix("a closing \"") == true, "\(all)")
        #expect(CSVRows.unclosedQuoteLine("a,\"b \"\"c\"\" d\",e\nf,g\n", delimiter: ",") == nil)
    }
}
