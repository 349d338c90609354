import Foundation

/// HTML turned into the plain text the desk reads (`requests.md` §2.6): block elements and
/// `<br>` become line breaks; a table row of two cells becomes `Key: Value` and a row of more
/// cells their texts joined by tabs; character references are decoded; text hidden by style
/// (`display:none`, `visibility:hidden`, `font-size:0`, Outlook's `mso-hide:all`) is dropped,
/// as are comments, `<head>`, `<style>`, `<script>` and Outlook's `<xml>` islands. Blanks
/// are collapsed as a browser does, except inside `<pre>`. The lines of a quotation
/// (`<blockquote>`, as Gmail, Thunderbird, Apple Mail and Zimbra quote the mail answered) start
/// with `> ` per level, as a plain-text reply quotes, so that a request quoted in an HTML reply
/// is never read as the sender's own (§2.5); a `<blockquote>` whose style sets a margin or a
/// padding and no visible border is an indent (Gmail's indent button), not a quotation.
public enum HTMLText {
    static let blockTags: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tbody", "thead",
        "tfoot", "blockquote", "hr", "pre", "section", "article", "header", "footer", "address", "center",
        "form", "dl", "dt", "dd", "body", "html", "caption", "fieldset", "main", "nav", "aside", "figure",
    ]
    static let skippedTags: Set<String> = ["head", "style", "script", "title", "xml", "template", "noscript"]
    static let paragraphClosers: Set<String> = ["p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                                                 "blockquote", "pre", "hr", "section", "form", "dl", "address"]
    static let voidTags: Set<String> = ["br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source"]

    private struct Row {
        var cells: [String] = []
    }

    /// The text of `html`.
    public static func convert(_ html: String) -> String {
        var output = ""                 // finished text
        var rows: [Row] = []            // open table rows, innermost last
        var cellBuffers: [String] = []  // open cells, innermost last
        var hiddenDepth = 0             // >0 while inside an element hidden by style or a skipped element
        var hiddenStack: [(tag: String, count: Int)] = []
        var preDepth = 0
        var pendingSpace = false
        var blockquotes: [Bool] = []    // open <blockquote>s, innermost last: true for a quotation

        func append(_ text: String) {
            if cellBuffers.isEmpty { output += text } else { cellBuffers[cellBuffers.count - 1] += text }
        }
        func currentEndsWithBreak() -> Bool {
            let s = cellBuffers.last ?? output
            return s.isEmpty || s.hasSuffix("\n")
        }
        func lineBreak() {
            pendingSpace = false
            append("\n")
        }
        func addText(_ raw: String) {
            var text = HTMLEntities.decode(raw)
            // The quotation marks below are these two characters: a mail's own cannot end a
            // quotation early or start one.
            if text.unicodeScalars.contains(where: { $0 == quoteOpen || $0 == quoteClose }) {
                text.unicodeScalars.removeAll(where: { $0 == quoteOpen || $0 == quoteClose })
            }
            if preDepth > 0 { append(text); return }
            var piece = ""
            for ch in text {
                if ch == " " || ch == "\t" || ch == "\n" || ch == "\r" || ch == "\r\n" || ch == "\u{0C}" {
                    pendingSpace = true
                } else {
                    if pendingSpace {
                        // Only the last character matters; never copy the text built so far.
                        let last = piece.last ?? (cellBuffers.isEmpty ? output.last : cellBuffers[cellBuffers.count - 1].last)
                        if let last, last != "\n", last != " " { piece.append(" ") }
                    }
                    pendingSpace = false
                    piece.append(ch)
                }
            }
            append(piece)
        }

        let hiddenClasses = HTMLText.hiddenClasses(html)
        let scalars = Array(html.unicodeScalars)
        var i = 0
        var textStart = 0
        func flushText(_ end: Int) {
            if hiddenDepth == 0, end > textStart {
                addText(HTMLText.string(scalars[textStart..<end]))
            }
        }
        while i < scalars.count {
            guard scalars[i] == "<" else { i += 1; continue }
            flushText(i)
            // Comments, CDATA, conditional comments and declarations.
            if i + 3 < scalars.count, scalars[i + 1] == "!", scalars[i + 2] == "-", scalars[i + 3] == "-" {
                i = find(scalars, "-->", from: i + 4).map { $0 + 3 } ?? scalars.count
                textStart = i
                continue
            }
            if i + 1 < scalars.count, scalars[i + 1] == "!" || scalars[i + 1] == "?" {
                i = (scalars[i...].firstIndex(of: ">") ?? scalars.count - 1) + 1
                textStart = i
                continue
            }
            guard let tag = parseTag(scalars, at: i) else {
                // A lone "<": text.
                i += 1
                textStart = i - 1
                continue
            }
            i = tag.end
            textStart = i
            let name = tag.name

            if hiddenDepth > 0, hiddenStack.count == 1, hiddenStack[0].tag == "p", !tag.closing, paragraphClosers.contains(name) {
                // An unclosed hidden <p> ends where the next block starts, as in a browser.
                hiddenStack.removeAll()
                hiddenDepth = 0
            }
            if hiddenDepth > 0 {
                // Only track the hidden element's own nesting.
                if var top = hiddenStack.last, top.tag == name {
                    if tag.closing { top.count -= 1 } else if !tag.selfClosing && !voidTags.contains(name) { top.count += 1 }
                    hiddenStack[hiddenStack.count - 1] = top
                    if top.count == 0 { hiddenStack.removeLast(); hiddenDepth -= 1 }
                }
                continue
            }
            if !tag.closing, !tag.selfClosing, !voidTags.contains(name),
               skippedTags.contains(name) || isHidden(tag.style) || tag.attributes["hidden"] != nil
                || tag.classes.contains(where: hiddenClasses.contains) {
                hiddenDepth += 1
                hiddenStack.append((name, 1))
                continue
            }
            switch name {
            case "tr":
                if tag.closing {
                    if let row = rows.popLast() { emitRow(row) }
                } else {
                    if let row = rows.popLast() { emitRow(row) }  // unclosed previous row
                    rows.append(Row())
                }
            case "td", "th":
                if tag.closing {
                    closeCell()
                } else {
                    closeCell()
                    if rows.isEmpty { rows.append(Row()) }
                    cellBuffers.append("")
                    pendingSpace = false
                }
            case "table":
                if tag.closing {
                    closeCell()
                    if let row = rows.popLast() { emitRow(row) }
                }
                if !currentEndsWithBreak() { lineBreak() }
            case "pre":
                preDepth = max(0, preDepth + (tag.closing ? -1 : 1))
                if !currentEndsWithBreak() { lineBreak() }
            case "br":
                lineBreak()
            case "blockquote":
                if tag.closing {
                    guard let quotation = blockquotes.popLast() else { break }
                    if quotation {
                        // A table left open inside is written out before the quotation ends,
                        // so that its rows are quoted as a browser shows them.
                        closeCell()
                        while let row = rows.popLast() { emitRow(row) }
                        if !currentEndsWithBreak() { lineBreak() }
                        append(String(Character(quoteClose)) + "\n")
                    }
                    if !currentEndsWithBreak() { lineBreak() }
                } else {
                    // `<blockquote/>` opens one, as in a browser (a slash is ignored there).
                    if !currentEndsWithBreak() { lineBreak() }
                    let quotation = isQuotation(tag)
                    blockquotes.append(quotation)
                    if quotation { append(String(Character(quoteOpen)) + "\n") }
                }
            default:
                if blockTags.contains(name), !currentEndsWithBreak() { lineBreak() }
            }
        }
        flushText(scalars.count)
        closeCell()
        while let row = rows.popLast() { emitRow(row) }
        return tidy(quoted(output))

        func closeCell() {
            guard let cell = cellBuffers.popLast() else { return }
            if rows.isEmpty { rows.append(Row()) }
            rows[rows.count - 1].cells.append(cell)
            pendingSpace = false
        }
        func emitRow(_ row: Row) {
            let cells = row.cells.map { $0.trimming(" \t\n") }
            var nonEmpty = cells.filter { !$0.isEmpty }
            // A serial-number column ("1.", "(a)", "ii") before a label and a value.
            if nonEmpty.count == 3, HTMLText.isSerial(nonEmpty[0]) { nonEmpty.removeFirst() }
            var line: String
            if cells.contains(where: { $0.utf8.contains(UInt8(ascii: "\n")) }) {
                line = nonEmpty.joined(separator: "\n")
            } else if nonEmpty.count == 2 {
                let key = nonEmpty[0]
                line = key.hasSuffix(":") || key.hasSuffix("-") ? key + " " + nonEmpty[1] : key + ": " + nonEmpty[1]
            } else if nonEmpty.count >= 3 {
                // A table's row keeps its empty cells, so that each cell stays under its column
                // header (a sheet's password column, an allocation table); blanks at its end go.
                let last = cells.lastIndex { !$0.isEmpty } ?? cells.count - 1
                line = cells[...last].joined(separator: "\t")
            } else {
                line = nonEmpty.joined(separator: "\t")
            }
            if line.isEmpty { return }
            if !currentEndsWithBreak() { append("\n") }
            append(line + "\n")
            pendingSpace = false
        }
    }

    /// Marks a quotation's start and end in the text being built (private-use characters,
    /// removed from the mail's own text); `quoted(_:)` turns them into `> ` prefixes.
    static let quoteOpen: Unicode.Scalar = "\u{E000}", quoteClose: Unicode.Scalar = "\u{E001}"

    /// True when a `<blockquote>` quotes a mail: `type="cite"` (Thunderbird, Apple Mail), a
    /// class naming a quote (Gmail's `gmail_quote`), a visible border in any form (Zimbra's
    /// left border, Gmail's quote written longhand), a style with neither margin nor padding,
    /// or no style at all (HTML's own meaning). Gmail's indent button writes
    /// `<blockquote style="margin:0 0 0 40px;border:none;padding:0px">`: an indent, not a quote.
    static func isQuotation(_ tag: Tag) -> Bool {
        if tag.attributes["type"]?.lowercased() == "cite" { return true }
        if tag.classes.contains(where: { $0.contains("quote") }) { return true }
        guard let style = tag.style?.lowercased().filter({ !$0.isWhitespace }) else { return true }
        // Any border that shows (`border`, `border-left`, or their long forms such as
        // `border-left-width:1px`) marks a quotation, however its margins are set.
        let declarations = style.split(separator: ";").map { $0.split(separator: ":", maxSplits: 1) }
        let bordered = declarations.contains { pair in
            guard pair.count == 2, pair[0].hasPrefix("border") else { return false }
            return !["none", "0", "0px", "hidden", "0pt", "0em"].contains(String(pair[1]).replacingOccurrences(of: "!important", with: ""))
        }
        if bordered { return true }
        // No border: an indent when it sets a margin or padding, else a quotation.
        return !declarations.contains { $0.first.map { $0.hasPrefix("margin") || $0.hasPrefix("padding") } ?? false }
    }

    /// `text` with each line between a quotation's marks prefixed by `> ` per open quotation
    /// (`>` alone on a blank line), and the marks' own lines dropped. A quotation never closed
    /// runs to the end: the safe side, since quoted text is never read.
    static func quoted(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == quoteOpen || $0 == quoteClose }) else { return text }
        var depth = 0
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = Substring(line)
            var marked = false
            while let first = rest.unicodeScalars.first, first == quoteOpen || first == quoteClose {
                depth = first == quoteOpen ? depth + 1 : max(0, depth - 1)
                rest = Substring(rest.unicodeScalars.dropFirst())
                marked = true
            }
            if marked && rest.isEmpty { continue }
            if depth == 0 { out.append(String(rest)); continue }
            let body = rest.drop(while: { $0 == " " || $0 == "\t" })
            // At most eight marks: 50,000 quotations never closed made a line 50,000 long each.
            out.append(String(repeating: ">", count: min(depth, 8)) + (body.isEmpty ? "" : " " + body))
        }
        return out.joined(separator: "\n")
    }

    /// True for a serial number cell: digits, one letter or a small roman numeral, perhaps
    /// with `.`, `)` or brackets.
    static func isSerial(_ cell: String) -> Bool {
        let core = cell.filter { !"().[] ".contains($0) }.lowercased()
        if core.isEmpty || core.count > 4 { return false }
        if core.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
        if core.count == 1, let c = core.first, c.isASCII, c.isLetter { return true }
        return ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"].contains(core)
    }

    /// Trims blanks at line ends and collapses three or more line breaks into two.
    static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        var blank = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            var t = trimmed
            while let last = t.last, last == " " || last == "\t" { t = t.dropLast() }
            if t.isEmpty {
                blank += 1
                if blank > 1 || lines.isEmpty { continue }
            } else {
                blank = 0
            }
            lines.append(t)
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    static func isHidden(_ style: String?) -> Bool {
        guard let style else { return false }
        let s = style.lowercased().filter { !$0.isWhitespace }
        if s.contains("display:none") || s.contains("visibility:hidden") || s.contains("mso-hide:all") { return true }
        for prefix in ["font-size:0;", "font-size:0px", "font-size:0pt", "font-size:0em", "font-size:0%", "font-size:0.0"] {
            if s.contains(prefix) || s.hasSuffix("font-size:0") { return true }
        }
        return false
    }

    struct Tag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        /// Attributes by lower-case name (value "" when given without one).
        var attributes: [String: String]
        var end: Int

        var style: String? { attributes["style"] }
        var classes: [String] { (attributes["class"] ?? "").lowercased().split(separator: " ").map(String.init) }
    }

    /// Class names that a `<style>` block of the document hides (`.name { display: none }`),
    /// so that `<span class="name">` is dropped like an inline style.
    static func hiddenClasses(_ html: String) -> Set<String> {
        var classes = Set<String>()
        // Over the bytes, moving forward: Foundation's search on the rest of the text copied
        // that rest at every block (32,000 empty style blocks took 10 s).
        let bytes = Array(html.utf8)
        var position = 0
        while let open = asciiFind(bytes, styleOpen, from: position),
              let close = asciiFind(bytes, styleClose, from: open + styleOpen.count) {
            let css = String(decoding: bytes[(open + styleOpen.count)..<close], as: UTF8.self)
            position = close + styleClose.count
            for rule in css.split(separator: "}") {
                let parts = rule.split(separator: "{", maxSplits: 1)
                guard parts.count == 2, isHidden(String(parts[1])) else { continue }
                for selector in parts[0].split(separator: ",") {
                    let simple = selector.trimmingCharacters(in: .whitespacesAndNewlines)
                    if let dot = simple.lastIndex(of: "."), !simple[simple.index(after: dot)...].contains(where: { " >:[#".contains($0) }) {
                        classes.insert(simple[simple.index(after: dot)...].lowercased())
                    }
                }
            }
        }
        return classes
    }

    private static let styleOpen = Array("<style".utf8), styleClose = Array("</style".utf8)

    /// The first index at or after `from` where `pattern` (lower-case ASCII) stands in
    /// `bytes`, ASCII letters in any case.
    static func asciiFind(_ bytes: [UInt8], _ pattern: [UInt8], from: Int) -> Int? {
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        var i = from
        while i + pattern.count <= bytes.count {
            if bytes[i] == first, (1..<pattern.count).allSatisfy({ k in
                let b = bytes[i + k]
                return b == pattern[k] || (b >= 0x41 && b <= 0x5A && b | 0x20 == pattern[k])
            }) {
                return i
            }
            i += 1
        }
        return nil
    }

    static func find(_ scalars: [Unicode.Scalar], _ pattern: String, from start: Int) -> Int? {
        let p = Array(pattern.unicodeScalars)
        var i = start
        while i + p.count <= scalars.count {
            if scalars[i] == p[0], Array(scalars[i..<(i + p.count)]) == p { return i }
            i += 1
        }
        return nil
    }

    /// Reads the tag at `start` (which holds `<`): its lower-case name (prefix such as `o:`
    /// kept), whether it closes, and its attributes. Nil when no letter follows the `<`
    /// (then the `<` is text, as in "<3").
    static func parseTag(_ scalars: [Unicode.Scalar], at start: Int) -> Tag? {
        var i = start + 1
        var closing = false
        if i < scalars.count, scalars[i] == "/" { closing = true; i += 1 }
        guard i < scalars.count, isASCIILetter(scalars[i]) else { return nil }
        let nameStart = i
        while i < scalars.count, isNameScalar(scalars[i]) { i += 1 }
        let name = string(scalars[nameStart..<i]).lowercased()
        var attributes: [String: String] = [:]
        var selfClosing = false
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" }
        while i < scalars.count, scalars[i] != ">" {
            if isSpace(scalars[i]) { i += 1; continue }
            if scalars[i] == "/" { selfClosing = true; i += 1; continue }
            selfClosing = false
            let attrStart = i
            while i < scalars.count, !isSpace(scalars[i]), scalars[i] != "=", scalars[i] != ">", scalars[i] != "/" { i += 1 }
            let attrName = scalars[attrStart..<i]
            while i < scalars.count, isSpace(scalars[i]) { i += 1 }
            var value = scalars[i..<i]
            if i < scalars.count, scalars[i] == "=" {
                i += 1
                while i < scalars.count, isSpace(scalars[i]) { i += 1 }
                if i < scalars.count, scalars[i] == "\"" || scalars[i] == "'" {
                    let q = scalars[i]
                    i += 1
                    let valueStart = i
                    while i < scalars.count, scalars[i] != q { i += 1 }
                    value = scalars[valueStart..<i]
                    i += 1
                } else {
                    let valueStart = i
                    while i < scalars.count, !isSpace(scalars[i]), scalars[i] != ">" { i += 1 }
                    value = scalars[valueStart..<i]
                }
            }
            let key = string(attrName).lowercased()
            if !key.isEmpty, attributes[key] == nil { attributes[key] = string(value) }
        }
        return Tag(name: name, closing: closing, selfClosing: selfClosing, attributes: attributes, end: min(scalars.count, i + 1))
    }

    /// True for `A`-`Z` and `a`-`z`: a tag's name starts with one.
    static func isASCIILetter(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z")
    }

    /// True for a scalar a tag's name goes on with: a letter of any script, a digit, `:` or `-`
    /// (ASCII told apart without a look-up of Unicode properties).
    static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return isASCIILetter(s) || (s >= "0" && s <= "9") || s == ":" || s == "-" }
        return s.properties.isAlphabetic
    }

    /// The text of a run of scalars, encoded to UTF-8 in one go (appending scalars to a
    /// `String.UnicodeScalarView` one at a time was a fifth of reading an HTML mail).
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for s in scalars {
            if s.isASCII { bytes.append(UInt8(s.value)) } else { bytes.append(contentsOf: UTF8.encode(s)!) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
