@testable import Mail
import Testing

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
}
