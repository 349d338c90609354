import Desk
import Testing

@Suite("CSV the desk writes (workflow.md §3)")
struct CSVWriterTests {
    @Test("formula-looking cells are prefixed with a quote; RFC 4180 quoting", arguments: [
        ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""), ("+91 98000", "'+91 98000"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("＝1+1", "'＝1+1"), ("Kumar, A.", "\"Kumar, A.\""), ("plain", "plain"), ("a\nb", "\"a\nb\""),
        // CR LF is one Character in Swift, equal to neither CR nor LF: a row of its own if unquoted.
        ("a\r\nb", "\"a\r\nb\""),
    ])
    func cells(value: String, expected: String) {
        #expect(CSVWriter.cell(value) == expected)
    }

    @Test("a table has a header and CRLF lines")
    func table() {
        #expect(CSVWriter.text(header: ["id", "name"], rows: [["igotdoptcc1@nic.in", "=cmd"]]) == "id,name\r\nigotdoptcc1@nic.in,'=cmd\r\n")
    }
}
