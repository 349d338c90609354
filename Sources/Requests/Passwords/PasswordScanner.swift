import Domain
import Foundation

/// Where a password was written (`requests.md` §3.4). Its value is never kept.
public struct PasswordMention: Sendable, Equatable {
    /// `Subject`, `body`, or `attachment <file name>`.
    public var location: String
    /// Generic-ID addresses written on the same line, lower-case.
    public var ids: [String]

    /// Makes a mention.
    public init(location: String, ids: [String]) {
        self.location = location
        self.ids = ids
    }
}

/// Finds password fields (§3.4): `password`, `pwd`, `passcode`, `pass word`, `पासवर्ड`,
/// `कूटशब्द`, any case, followed by `:`, `=`, `-` or `is` and a value. The value is whatever
/// follows on the line.
public enum PasswordScanner {
    static let words = ["pass word", "password", "passcode", "passwd", "pwd", "पासवर्ड", "कूटशब्द"]

    /// The ranges of password values in `text`, in order, each to the end of its line:
    /// - after a password word and `:`, `=`, `-`, `is` or `है`, with blanks of any kind around;
    /// - after a password word, a few words (`(last used)`, `for the ID igotdoptcc1@nic.in`) and
    ///   `:` or `=` — unless those words talk about passwords (`reset`, `policy`, …);
    /// - on the next line, when nothing follows the separator on the word's own line;
    /// - in tables (tab-separated lines, and HTML rows as `HTMLText` writes them): the cell
    ///   after a cell that is a password word, and the cells under such a header cell.
    public static func valueRanges(in text: String) -> [Range<String.Index>] {
        // Most mail holds no password word: a cheap look first, the careful scan only then.
        guard mayHoldPassword(text) else { return [] }
        var ranges = fieldValueRanges(in: text)
        for range in tableValueRanges(in: text) where !ranges.contains(where: { $0.overlaps(range) }) {
            ranges.append(range)
        }
        return ranges.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Words between a password word and its separator that make the line talk about
    /// passwords rather than give one.
    static let aboutPasswords: Set<String> = [
        "reset", "change", "changed", "policy", "expiry", "expired", "expires", "recovery", "forgot", "forgotten",
        "request", "requested", "rules", "must", "should", "never", "not", "strength", "length", "complexity",
    ]

    static func isBlank(_ c: Character) -> Bool { c.isWhitespace && c != "\n" && c != "\r" }

    /// Values after a password word on its line (or the next), as `Password: value` writes them.
    static func fieldValueRanges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var searchStart = text.startIndex
        while searchStart < text.endIndex {
            guard let wordRange = nextWord(in: text, from: searchStart) else { break }
            searchStart = wordRange.upperBound
            var i = wordRange.upperBound
            // Plural and possessive forms are words too ("passwords:", "password's").
            while i < text.endIndex, text[i] == "s" || text[i] == "S" || text[i] == "'" || text[i] == "’" { i = text.index(after: i) }
            if i < text.endIndex, text[i].isLetter || text[i].isNumber { continue }
            let lineEnd = text[i...].firstIndex(where: { $0 == "\n" || $0 == "\r" }) ?? text.endIndex
            guard var j = separatorEnd(text, from: i, lineEnd: lineEnd) else { continue }
            while j < lineEnd, isBlank(text[j]) || text[j] == ":" { j = text.index(after: j) }
            if j < lineEnd {
                ranges.append(j..<lineEnd)
                searchStart = lineEnd
            } else if let next = nextLineValue(text, after: lineEnd) {
                // "Password:" alone on its line, the value on the next.
                ranges.append(next)
                searchStart = next.upperBound
            }
        }
        return ranges
    }

    /// The first whole password word at or after `from`.
    static func nextWord(in text: String, from: String.Index) -> Range<String.Index>? {
        var start = from
        while start < text.endIndex {
            var best: Range<String.Index>?
            for word in words {
                if let r = text.range(of: word, options: [.caseInsensitive], range: start..<text.endIndex),
                   best == nil || r.lowerBound < best!.lowerBound {
                    best = r
                }
            }
            guard let found = best else { return nil }
            // Whole word: no letter or digit just before.
            if found.lowerBound > text.startIndex {
                let before = text[text.index(before: found.lowerBound)]
                if before.isLetter || before.isNumber { start = found.upperBound; continue }
            }
            return found
        }
        return nil
    }

    /// Where the value starts after the separator that follows a password word at `from`, or
    /// nil when the line gives no value.
    static func separatorEnd(_ text: String, from: String.Index, lineEnd: String.Index) -> String.Index? {
        var j = from
        while j < lineEnd, isBlank(text[j]) { j = text.index(after: j) }
        guard j < lineEnd else { return nil }
        if ":=-–—：".contains(text[j]) { return text.index(after: j) }
        let rest = text[j..<lineEnd].lowercased()
        if rest.hasPrefix("is ") || rest.hasPrefix("is:") || rest == "is" || rest.hasPrefix("is\t") { return text.index(j, offsetBy: 2) }
        if rest.hasPrefix("है") { return text.index(after: j) }
        // A few words, then ":", "=" or "is": "(last used):", "for the ID igotdoptcc1@nic.in :",
        // "for igotdoptcc1@nic.in is …". Words about passwords ("reset", "policy") end the look.
        var k = j, words = 0
        while k < lineEnd, words < 7 {
            while k < lineEnd, isBlank(text[k]) { k = text.index(after: k) }
            guard k < lineEnd else { return nil }
            if ":=：".contains(text[k]) { return text.index(after: k) }
            let wordStart = k
            while k < lineEnd, !isBlank(text[k]), !":=：".contains(text[k]) { k = text.index(after: k) }
            let word = text[wordStart..<k].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "()[],."))
            if word == "is" || word == "है" { return k }
            if aboutPasswords.contains(word) { return nil }
            words += 1
        }
        return nil
    }

    /// The next line after `lineEnd` as a value, when it is one: not blank, and no
    /// `Label: value` line of its own.
    static func nextLineValue(_ text: String, after lineEnd: String.Index) -> Range<String.Index>? {
        var start = lineEnd
        if start < text.endIndex, text[start] == "\r" { start = text.index(after: start) }
        if start < text.endIndex, text[start] == "\n" { start = text.index(after: start) }
        guard start < text.endIndex else { return nil }
        let end = text[start...].firstIndex(where: { $0 == "\n" || $0 == "\r" }) ?? text.endIndex
        var first = start
        while first < end, isBlank(text[first]) { first = text.index(after: first) }
        guard first < end else { return nil }
        let line = text[first..<end]
        if let colon = line.firstIndex(of: ":"), line.distance(from: line.startIndex, to: colon) <= 40,
           line[line.index(after: colon)...].first.map(isBlank) ?? true {
            return nil
        }
        return first..<end
    }

    /// Values in tables: rows of tab-separated cells, and `Key: Value` rows under a
    /// `Label: Password` header row (HTML tables of two columns, as `HTMLText` writes them).
    static func tableValueRanges(in text: String) -> [Range<String.Index>] {
        var lines: [Range<String.Index>] = []
        var start = text.startIndex
        while start < text.endIndex {
            let end = text[start...].firstIndex(where: { $0 == "\n" }) ?? text.endIndex
            lines.append(start..<end)
            start = end < text.endIndex ? text.index(after: end) : end
        }
        func cells(_ line: Range<String.Index>) -> (ranges: [Range<String.Index>], tabbed: Bool) {
            let row = text[line]
            if row.contains("\t") {
                var out: [Range<String.Index>] = []
                var cellStart = row.startIndex
                for index in row.indices where row[index] == "\t" {
                    out.append(cellStart..<index)
                    cellStart = row.index(after: index)
                }
                out.append(cellStart..<row.endIndex)
                return (out, true)
            }
            if let colon = row.firstIndex(of: ":"), row.index(after: colon) < row.endIndex, isBlank(row[row.index(after: colon)]) {
                return ([row.startIndex..<colon, row.index(after: colon)..<row.endIndex], false)
            }
            return ([], false)
        }
        func isWordCell(_ range: Range<String.Index>) -> Bool {
            var cell = text[range].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: " \t\u{00A0}:*"))
            if cell.hasSuffix("s") { cell.removeLast() }
            return words.contains(cell)
        }
        func trimmedCell(_ range: Range<String.Index>) -> Range<String.Index>? {
            var lower = range.lowerBound, upper = range.upperBound
            while lower < upper, text[lower].isWhitespace { lower = text.index(after: lower) }
            while upper > lower, text[text.index(before: upper)].isWhitespace { upper = text.index(before: upper) }
            return lower < upper ? lower..<upper : nil
        }
        var ranges: [Range<String.Index>] = []
        var index = 0
        while index < lines.count {
            let (header, tabbed) = cells(lines[index])
            guard let column = header.indices.first(where: { isWordCell(header[$0]) }), tabbed || column > 0 else {
                index += 1
                continue
            }
            // The cell after the word in its own row ("igot…\tPassword\tvalue").
            if tabbed, column + 1 < header.count, let value = trimmedCell(header[column + 1]) { ranges.append(value) }
            // The cells under it, while the rows keep the header's shape.
            var below = index + 1
            while below < lines.count {
                let (row, rowTabbed) = cells(lines[below])
                guard row.count == header.count, rowTabbed == tabbed else { break }
                if let value = trimmedCell(row[column]) { ranges.append(value) }
                below += 1
            }
            index = below
        }
        return ranges
    }

    /// A fast look at the bytes: "pass", "pwd" (any case) or a Hindi password word somewhere.
    static func mayHoldPassword(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let n = bytes.count
        var i = 0
        while i + 2 < n {
            let a = bytes[i] | 0x20
            if a == 0x70 {  // p
                let b = bytes[i + 1] | 0x20, c = bytes[i + 2] | 0x20
                if b == 0x77 && c == 0x64 { return true }  // pwd
                if b == 0x61 && c == 0x73 && i + 3 < n && bytes[i + 3] | 0x20 == 0x73 { return true }  // pass
            }
            i += 1
        }
        return text.includes("पासवर्ड") || text.includes("कूटशब्द")
    }

    /// `text` with every password value replaced by `[REDACTED]`.
    public static func redacted(_ text: String) -> String {
        var out = text
        for range in valueRanges(in: text).reversed() {
            out.replaceSubrange(range, with: "[REDACTED]")
        }
        return out
    }

    /// The mentions in `text` found at `location`, each with the generic-ID addresses on its line.
    static func mentions(in text: String, location: String) -> [PasswordMention] {
        valueRanges(in: text).map { range in
            let lineStart = text[..<range.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
            let line = String(text[lineStart..<range.lowerBound])
            let ids = Form.addresses(in: line).map { $0.lowercased() }.filter { $0.hasPrefix("igot") }
            return PasswordMention(location: location, ids: ids)
        }
    }
}
