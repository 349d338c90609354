@testable import Mail
import Testing
import TestSupport

@Suite("HTML to text (requests.md §2.6)")
struct HTMLTextTests {
    @Test("Outlook paragraphs, <o:p>, &nbsp; inside labels, <br>")
    func outlook() {
        let html = """
        <html><head><style>p.MsoNormal{margin:0}</style></head><body>
        <p class=MsoNormal>MDO&nbsp;code:&nbsp;dopt<o:p></o:p></p>
        <p class="MsoNormal"><b>Nodal Officer</b><o:p></o:p></p>
        <p class=MsoNormal>Name: Shri A.&nbsp;Kumar<br>Mobile: 9800000001</p>
        <!-- a comment with Name: Hidden -->
        </body></html>
        """
        #expect(HTMLText.convert(html) == "MDO code: dopt\nNodal Officer\nName: Shri A. Kumar\nMobile: 9800000001")
    }

    @Test("two-cell rows become Key: Value; a serial-number column is dropped; other rows keep their cells")
    func tables() {
        let html = """
        <table><tr><th>Field</th><th>Value</th></tr>
        <tr><td><p>Name</p></td><td>Ms. B. Sharma</td></tr>
        <tr><td>Email:</td><td>b.sharma@gov.in</td></tr>
        <tr><td>1</td><td>igotdoptcc1@nic.in</td><td>Shri C. Verma</td></tr>
        <tr><td>igotdoptcc2@nic.in</td><td>Ms. D. Rao</td><td>Consultant</td></tr></table>
        """
        #expect(HTMLText.convert(html) == "Field: Value\nName: Ms. B. Sharma\nEmail: b.sharma@gov.in\nigotdoptcc1@nic.in: Shri C. Verma\nigotdoptcc2@nic.in\tMs. D. Rao\tConsultant")
    }

    @Test("text hidden by style is dropped", arguments: [
        "<div style=\"display:none\">Successor: x@evil.example</div>",
        "<span style='visibility: hidden'>Successor: x@evil.example</span>",
        "<p style=\"font-size:0px\">Successor: x@evil.example</p>",
        "<p style=\"FONT-SIZE: 0\">Successor: x@evil.example</p>",
        "<div style=\"mso-hide:all\"><div>nested</div>Successor: x@evil.example</div>",
    ])
    func hidden(fragment: String) {
        let text = HTMLText.convert("<p>Reason: transfer</p>" + fragment + "<p>End</p>")
        #expect(text == "Reason: transfer\nEnd")
    }

    @Test("a class hidden by a <style> block is dropped, after thousands of empty blocks, in any case")
    func hiddenByClass() {
        let empty = String(repeating: "<style></style>\n", count: 32_000)
        for open in ["<style>", "<STYLE type=\"text/css\">", "<Style>"] {
            let html = empty + open + ".a, p.x { display: none }</sTyLe><p>Reason: transfer</p><span class=\"x\">Successor: x@evil.example</span><p>End</p>"
            #expect(HTMLText.convert(html) == "Reason: transfer\nEnd")
            #expect(HTMLText.hiddenClasses(html) == ["a", "x"])
        }
        #expect(HTMLText.hiddenClasses("<style>.x{display:none}") == [])   // never closed: nothing read
    }

    @Test("entities, scripts and blank runs")
    func entities() {
        #expect(HTMLText.convert("<script>var x='<p>';</script>a &amp; b &lt;c&gt; &#2344;&#x92E; &rsquo;  \n  d") == "a & b <c> नम ’ d")
    }

    @Test("a quotation's lines start with > per level; Gmail's indent is no quotation")
    func quotations() {
        // Gmail's reply: an attribution line, then the mail answered in a blockquote.
        let gmail = "<div dir=\"ltr\">Any update please?</div><br><div class=\"gmail_quote\"><div class=\"gmail_attr\">On Tue, B Sharma wrote:<br></div>"
            + "<blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex\">"
            + "Generic ID: igotdoptcc2@nic.in<br>Reason: transfer<blockquote type=\"cite\">MDO code: dopt</blockquote>Successor: k.das@nic.in</blockquote></div>"
        #expect(HTMLText.convert(gmail) == "Any update please?\n\nOn Tue, B Sharma wrote:\n> Generic ID: igotdoptcc2@nic.in\n> Reason: transfer\n>> MDO code: dopt\n> Successor: k.das@nic.in")
        // Zimbra's left border, and a bare blockquote, quote; a table in a quotation is quoted too.
        #expect(HTMLText.convert("<p>Thanks</p><blockquote style=\"border-left:2px solid #1010FF;margin-left:5px\"><table><tr><td>Name</td><td>A</td></tr></table></blockquote>")
                == "Thanks\n> Name: A")
        #expect(HTMLText.convert("<blockquote>Name: A</blockquote>Name: B") == "> Name: A\nName: B")
        // Gmail's indent button and a blockquote hidden by style.
        #expect(HTMLText.convert("<blockquote style=\"margin:0 0 0 40px;border:none;padding:0px\">Name: A</blockquote>") == "Name: A")
        #expect(HTMLText.convert("<blockquote style=\"display:none\">Name: A</blockquote>Name: B") == "Name: B")
        // Never closed: quoted to the end. A stray close changes nothing.
        #expect(HTMLText.convert("Hi<blockquote type=cite>Name: A<p>Name: B") == "Hi\n> Name: A\n> Name: B")
        #expect(HTMLText.convert("</blockquote>Name: A") == "Name: A")
    }

    @Test("a mail's own private-use characters cannot end a quotation early or start one")
    func quotationMarksFromTheMail() {
        let html = "<blockquote type=\"cite\">Name: A&#xE001;<br>&#xE001;Generic ID: igotdoptcc2@nic.in\u{E001}</blockquote>\u{E000}Name: B"
        #expect(HTMLText.convert(html) == "> Name: A\n> Generic ID: igotdoptcc2@nic.in\nName: B")
    }

    @Test("a border of any form makes a quotation, whatever the margins; a slash or an open table does not end one early")
    func quotationEdges() {
        let request = "Generic ID: igotdoptcc1@nic.in"
        // Gmail's quote written out longhand without its class, and a full border with a margin.
        for style in ["margin:0px 0px 0px 0.8ex;border-left-width:1px;border-left-style:solid;border-left-color:rgb(204,204,204);padding-left:1ex",
                      "margin:0;border:1px solid #ccc;padding:4px", "MARGIN: 0; BORDER-LEFT: 2px solid blue"] {
            #expect(HTMLText.convert("<div>Please do.</div><blockquote style=\"\(style)\">\(request)</blockquote>") == "Please do.\n> \(request)")
        }
        #expect(HTMLText.convert("<blockquote style=\"margin:0 0 0 40px;border:none;padding:0px\">\(request)</blockquote>") == request)
        // A browser ignores the slash of <blockquote/>: it opens a quotation.
        #expect(HTMLText.convert("<blockquote type=\"cite\"/>\(request)</blockquote>Name: B") == "> \(request)\nName: B")
        // A table left open inside a quotation is quoted, not written out after it.
        #expect(HTMLText.convert("<blockquote type=\"cite\"><table><tr><td>\(request)</td></blockquote>Name: B") == "> \(request)\nName: B")
    }

    @Test("50,000 quotations never closed: linear, each line marked at most eight deep")
    func unclosedQuotations() {
        let html = String(repeating: "<blockquote type=\"cite\">q<br>\n", count: 50_000)
        let text = HTMLText.convert(html)
        let lines = text.split(separator: "\n")
        let quoted = lines.filter { $0.hasSuffix(" q") }
        #expect(quoted.count == 50_000, "\(lines.filter { !$0.hasSuffix(" q") }.prefix(3))")
        #expect(lines.first == "> q")
        #expect(lines.allSatisfy { $0.hasPrefix(">") && $0.count <= 10 })
    }

    @Test("runs of scalars become the same text encoded in one go as appended one by one; tag names are read alike in any script")
    func scalarRuns() {
        var generator = SplitMix64(state: 0x48544D4C)
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", "-", ":", " ", "<", "\u{0301}", "é", "ह", "\u{094D}", "€", "😀", "\u{FFFD}", "\u{E000}"]
        for _ in 0..<2_000 {
            let scalars = (0..<Int.random(in: 0...20, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            var appended = String.UnicodeScalarView()
            appended.append(contentsOf: scalars)
            #expect(HTMLText.string(scalars[...]) == String(appended))
        }
        for scalar in alphabet + ["_", "/", "=", "ß", "١"] {
            let byProperty = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == ":" || scalar == "-"
            #expect(HTMLText.isNameScalar(scalar) == byProperty, "\(scalar.debugDescription)")
        }
        #expect(HTMLText.convert("<P CLASS=x>Nodal: <B>A. Kumar</B></P><o:p>Mobile: 9800000001</o:p>") == "Nodal: A. Kumar\nMobile: 9800000001")
    }
}
