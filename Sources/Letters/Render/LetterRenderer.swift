import Foundation
import Mustache

/// Renders a letter in the layout of the OM (`workflow.md` §3): letterhead, reference,
/// date, addressees, subject, the template's paragraphs wrapped at 72 columns, and the
/// system-generated line instead of a signatory. Values from mail are cleaned of control
/// characters and line breaks before rendering, so they cannot break the layout or a header.
public struct LetterRenderer: Sendable {
    /// The letterhead lines (government, ministry, department, division, address lines).
    public var letterhead: [String]
    /// The office time zone, for the date.
    public var timeZone: TimeZone
    /// The templates.
    public var library: TemplateLibrary

    /// Makes a renderer.
    public init(letterhead: [String], timeZone: TimeZone, library: TemplateLibrary) {
        self.letterhead = letterhead
        self.timeZone = timeZone
        self.library = library
    }

    /// A rendered letter: its subject (tag included) and body text.
    public struct Rendered: Sendable, Equatable {
        /// The subject, with the `[REQ-…]` tag.
        public var subject: String
        /// The body, LF line ends.
        public var body: String
        /// Fixed Cc addresses of the template.
        public var cc: [String]
    }

    /// Renders `template` with `variables` (JSON-like values: strings, numbers, booleans,
    /// arrays, dictionaries); nil when there is no such template.
    public func render(_ template: String, variables: [String: Any], tag: String, fallbackSubject: String,
                       to: [String], now: Date) -> Rendered? {
        guard let t = library.template(template) else { return nil }
        let context = LetterRenderer.prepared(variables)
        let subjectText = t.subject.map { LetterRenderer.oneLine($0.render(context)) } ?? fallbackSubject
        let subject = tag.isEmpty ? subjectText : tag + " " + subjectText
        var lines = letterhead
        lines.append("")
        if let request = variables["request"] as? String { lines.append("No. iGOT-Desk/\(request)") }
        lines.append("Dated: \(OMDate.format(now, timeZone: timeZone))")
        lines.append("")
        lines.append("To,")
        for address in to { lines.append("    " + address) }
        lines.append("")
        lines.append(contentsOf: LetterRenderer.wrap("Subject: " + subjectText, width: 72, hang: "         "))
        lines.append("")
        for paragraph in LetterRenderer.lines(t.body.render(context)) {
            lines.append(contentsOf: LetterRenderer.wrap(paragraph, width: 72))
        }
        // One blank line between paragraphs, whatever the template's sections left.
        lines = lines.enumerated().filter { i, line in !(line.isEmpty && i > 0 && lines[i - 1].isEmpty) }.map(\.element)
        while lines.last?.isEmpty == true { lines.removeLast() }
        lines.append("")
        lines.append("This is a system-generated communication of the iGOT ID Desk and needs no signature.")
        return Rendered(subject: subject, body: lines.joined(separator: "\n") + "\n", cc: t.cc)
    }

    /// The signatory of a circular OM.
    public struct Signatory: Sendable, Equatable {
        /// Name, designation and e-mail, as configured in `[office]`.
        public var name: String, designation: String, email: String
        /// Makes a signatory.
        public init(name: String, designation: String, email: String) {
            self.name = name; self.designation = designation; self.email = email
        }
    }

    /// A circular as a full OM (`workflow.md` §3): the file number, `OFFICE MEMORANDUM`, the
    /// subject, the paragraphs, the signatory (name in brackets, designation, e-mail), the
    /// addressee and the enclosure listed as the last section.
    public func renderCircular(_ template: String, variables: [String: Any], fileNumber: String, addressee: String,
                               signatory: Signatory, enclosureTitle: String, enclosure: [String], now: Date) -> Rendered? {
        guard let t = library.template(template) else { return nil }
        let context = LetterRenderer.prepared(variables)
        let subject = t.subject.map { LetterRenderer.oneLine($0.render(context)) } ?? template
        var lines = ["No. " + LetterRenderer.oneLine(fileNumber)] + letterhead
        lines.append("Dated: \(OMDate.format(now, timeZone: timeZone))")
        lines += ["", "OFFICE MEMORANDUM", ""]
        lines.append(contentsOf: LetterRenderer.wrap("Subject: " + subject, width: 72, hang: "         "))
        lines.append("")
        for paragraph in LetterRenderer.lines(t.body.render(context)) {
            lines.append(contentsOf: LetterRenderer.wrap(paragraph, width: 72))
        }
        lines += ["", "(\(LetterRenderer.oneLine(signatory.name)))", LetterRenderer.oneLine(signatory.designation),
                  LetterRenderer.oneLine(signatory.email), "", "To,", "    " + LetterRenderer.oneLine(addressee), "",
                  "Enclosure: " + enclosureTitle]
        lines += enclosure.map { "    " + LetterRenderer.oneLine($0) }
        lines = lines.enumerated().filter { i, line in !(line.isEmpty && i > 0 && lines[i - 1].isEmpty) }.map(\.element)
        return Rendered(subject: subject, body: lines.joined(separator: "\n") + "\n", cc: t.cc)
    }

    /// Values cleaned for rendering: control characters and line breaks removed from every
    /// string, and `has_x` added for every list `x`; objects become `TemplateFields` and
    /// strings `TemplateText`, which swift-mustache reads without failed casts.
    static func prepared(_ value: Any) -> Any {
        switch value {
        case let s as String: return TemplateText(oneLine(s))
        case let a as [Any]: return a.map(prepared)
        case let d as [String: Any]:
            var out: [String: Any] = [:]
            out.reserveCapacity(d.count * 2)
            for (k, v) in d {
                out[k] = prepared(v)
                if let list = v as? [Any] { out["has_" + k] = !list.isEmpty }
            }
            return TemplateFields(out)
        case is NSNull: return false
        default: return value
        }
    }

    /// `s` without control characters, bidi overrides or line breaks (they become spaces).
    static func oneLine(_ s: String) -> String {
        // Most values are plain printable ASCII, with nothing to take out.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D, 0x09, 0x2028, 0x2029: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// A line wrapped at `width` columns at blanks, keeping its indentation on every line (up
    /// to half the width); a word longer than the width (an address, a generic ID) is never
    /// broken. Columns are
    /// counted as a reader counts characters (grapheme clusters), and words are the runs
    /// between blank characters: exactly as splitting the line's Characters at `" "` would
    /// make them, several blanks counting as one.
    static func wrap(_ line: String, width: Int, hang hangGiven: String? = nil) -> [String] {
        // A line of no more bytes than columns fits, whatever its script.
        if line.utf8.count <= width { return [line] }
        let utf8 = line.utf8
        let ascii = utf8.allSatisfy { $0 < 0x80 }
        // Blank Characters (a blank with a combining mark after it is not one), a byte each.
        var indent = utf8.prefix { $0 == 0x20 }.count
        if !ascii, indent > 0, indent < utf8.count, utf8[utf8.index(utf8.startIndex, offsetBy: indent)] >= 0x80 {
            indent = line.prefix { $0 == " " }.count
        }
        // A numbered paragraph ("2. ", "२. ") hangs its continuation lines under its text.
        var hang = hangGiven ?? String(repeating: " ", count: indent)
        if hangGiven == nil {
            let numbered: Int?
            if ascii {
                let first = utf8.dropFirst(indent).prefix(16).prefix { $0 != 0x20 }
                numbered = first.count <= 4 && first.last == 0x2E && first.dropLast().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                    ? first.count : nil
            } else {
                let word = line.dropFirst(indent).prefix(6).split(separator: " ", maxSplits: 1).first ?? ""
                numbered = word.count <= 4 && word.hasSuffix(".") && word.dropLast().allSatisfy(\.isNumber) ? word.count : nil
            }
            if let numbered { hang = String(repeating: " ", count: indent + numbered + 1) }
        }
        // Continuation lines hang by at most half the width: a line that opens with thousands
        // of blanks (a value from mail at the start of a template line) would otherwise repeat
        // them on every line it wraps to, its size growing with the square of theirs.
        if hang.count > width / 2 { hang = String(repeating: " ", count: width / 2) }
        let wrapped = wrapBytes(line, width: width, indent: indent, hang: hang)
        // One line: the line may fit as it is, its blanks kept, when its Characters are fewer
        // than its bytes (any non-ASCII, or a CR LF, which is one Character); counted only then.
        if wrapped.count == 1, !ascii || utf8.contains(0x0D), line.count <= width { return [line] }
        return wrapped
    }

    /// `wrap` over the line's UTF-8 bytes: a blank byte separates words unless it joins a
    /// neighbour into one Character (a combining mark after it, a prepended mark such as
    /// U+0600 before it); a word is counted as its bytes when it is ASCII without a CR, else
    /// as its Characters (CR LF is one). Splitting the line into `Substring`s by Characters was
    /// a quarter of composing a letter, and any dash or Hindi word made a line take that path.
    static func wrapBytes(_ line: String, width: Int, indent: Int, hang: String) -> [String] {
        let (hangBytes, hangLength) = (Array(hang.utf8), hang.count)
        var line = line
        return line.withUTF8 { bytes -> [String] in
            func separates(_ i: Int) -> Bool {
                guard bytes[i] == 0x20 else { return false }
                let before = i > 0 && bytes[i - 1] >= 0x80, after = i + 1 < bytes.count && bytes[i + 1] >= 0x80
                guard before || after else { return true }
                // The scalar before, the blank and the scalar after, decoded on their own:
                // grapheme breaks next to a blank depend on those alone.
                var start = i
                if before {
                    start -= 1
                    while start > 0, i - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
                }
                var end = i + 1
                if after {
                    end += 1
                    while end < bytes.count, end - i <= 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
                }
                let window = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                var offset = start
                for character in window {
                    if offset == i { return character == " " }
                    offset += character.utf8.count
                    if offset > i { return false }
                }
                return false
            }
            var lines: [String] = []
            var current = Array(bytes[0..<indent])
            var length = indent, empty = true
            var start = indent
            while start < bytes.count {
                if separates(start) { start += 1; continue }
                var end = start
                var plain = true
                repeat {
                    plain = plain && bytes[end] < 0x80 && bytes[end] != 0x0D
                    end += 1
                } while end < bytes.count && !separates(end)
                let word = UnsafeBufferPointer(rebasing: bytes[start..<end])
                let wordLength = plain ? word.count : String(decoding: word, as: UTF8.self).count
                if !empty && length + 1 + wordLength > width {
                    lines.append(String(decoding: current, as: UTF8.self))
                    current = hangBytes
                    length = hangLength
                    empty = true
                }
                if !empty {
                    current.append(0x20)
                    length += 1
                }
                current.append(contentsOf: word)
                length += wordLength
                empty = false
                start = end
            }
            lines.append(String(decoding: current, as: UTF8.self))
            return lines
        }
    }

    /// `text` cut at its line ends (LF or CRLF), by bytes: splitting by Characters walks
    /// grapheme clusters through the whole body.
    static func lines(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var out: [String] = []
            var start = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
                let end = i > start && bytes[i - 1] == 0x0D ? i - 1 : i
                out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                start = i + 1
            }
            return out
        }
    }
}
