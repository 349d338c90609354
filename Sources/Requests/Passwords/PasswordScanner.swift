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
        let fields = fieldValueRanges(in: text)
        // Both lists are in text order: a table's value is kept unless a field's overlaps it,
        // found by walking the two together (one look at each, however many there are).
        var ranges = fields
        var f = 0
        for range in tableValueRanges(in: text).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            while f < fields.count, fields[f].upperBound <= range.lowerBound { f += 1 }
            if f < fields.count, fields[f].overlaps(range) { continue }
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

    /// True for blank space within a line. A line end is any newline Character: in Swift
    /// "\r\n" is one Character, equal to neither "\r" nor "\n", and stored copies, preambles
    /// and header fields keep CR LF.
    static func isBlank(_ c: Character) -> Bool { c.isWhitespace && !c.isNewline }

    /// Values after a password word on its line (or the next), as `Password: value` writes them.
    static func fieldValueRanges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var searchStart = text.startIndex
        // The end of the line of the last word: found once a line, not once a word (a line of
        // thousands of `pwd x` was quadratic).
        var knownLineEnd = text.startIndex
        for wordRange in wordRanges(in: text) where wordRange.lowerBound >= searchStart {
            searchStart = wordRange.upperBound
            var i = wordRange.upperBound
            // Plural and possessive forms are words too ("passwords:", "password's").
            while i < text.endIndex, text[i] == "s" || text[i] == "S" || text[i] == "'" || text[i] == "’" { i = text.index(after: i) }
            if i < text.endIndex, text[i].isLetter || text[i].isNumber { continue }
            if i >= knownLineEnd {
                knownLineEnd = text[i...].firstIndex(where: \.isNewline) ?? text.endIndex
            }
            let lineEnd = knownLineEnd
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

    /// The password words as UTF-8, ASCII ones in lower case, in `words`' order.
    private static let wordBytes: [[UInt8]] = words.map { Array($0.utf8) }

    /// Every whole password word in `text` (any ASCII case; no letter or digit in the Character
    /// just before), in order and not overlapping, each range on Character boundaries.
    ///
    /// One pass over the UTF-8 bytes. It used to be one case-insensitive Foundation search
    /// per word from each match to the end of the text: quadratic, so that a mail of a few
    /// thousand `pwd` held a pass for minutes. And Foundation's ranges can start inside a
    /// Character (U+0600 joins the letter after it into one): a step back from such a start
    /// went before the text's start and stopped the process. Ranges are therefore widened
    /// to the Characters that hold them.
    static func wordRanges(in text: String) -> [Range<String.Index>] {
        let utf8 = text.utf8
        let offsets = utf8.withContiguousStorageIfAvailable(wordOffsets) ?? wordOffsets(Array(utf8))
        // Byte offsets to indices, walking forward once.
        var ranges: [Range<String.Index>] = []
        var index = utf8.startIndex, at = 0
        func position(_ offset: Int) -> String.Index {
            index = utf8.index(index, offsetBy: offset - at)
            at = offset
            return index
        }
        for (start, end) in offsets {
            let lower = characterStart(text, position(start))
            let upper = characterEnd(text, position(end))
            if let last = ranges.last, lower < last.upperBound { continue }   // in the same Character
            // Whole words only: no letter or digit in the Character before ("compassword").
            if lower > text.startIndex {
                let before = text[text.index(before: lower)]
                if before.isLetter || before.isNumber { continue }
            }
            ranges.append(lower..<upper)
        }
        return ranges
    }

    /// The byte offsets (start, end) of password words in UTF-8 `bytes`, whole or not.
    static func wordOffsets<C: RandomAccessCollection>(_ bytes: C) -> [(Int, Int)] where C.Element == UInt8, C.Index == Int {
        var found: [(Int, Int)] = []
        let n = bytes.count
        var i = 0
        scan: while i < n {
            let first = bytes[i]
            guard first | 0x20 == 0x70 || first == 0xE0 else { i += 1; continue }   // "p", or a Devanagari lead byte
            for word in wordBytes {
                guard let end = match(word, in: bytes, at: i) else { continue }
                found.append((i, end))
                i = end
                continue scan
            }
            i += 1
        }
        return found
    }

    /// The end offset of `word` (UTF-8, ASCII letters in lower case) matched at byte `i` of
    /// `bytes`, or nil. ASCII letters match in any case, and the s of the ASCII words as
    /// Unicode case folding reads them: `ſ` is an s, `ß` and `ẞ` are "ss" (`paßword`, `PAẞWORD`).
    static func match<C: RandomAccessCollection>(_ word: [UInt8], in bytes: C, at i: Int) -> Int? where C.Element == UInt8, C.Index == Int {
        let n = bytes.count
        var b = i, w = 0
        func next(_ sequence: [UInt8]) -> Bool { holds(bytes, sequence, at: b) }
        while w < word.count {
            guard b < n else { return nil }
            let c = word[w], x = bytes[b]
            if x == c || (c >= 0x61 && c <= 0x7A && x | 0x20 == c) {
                b += 1; w += 1
            } else if c == 0x73, next(longS) {
                b += longS.count; w += 1
            } else if c == 0x73, w + 1 < word.count, word[w + 1] == 0x73, next(sharpS) || next(capitalSharpS) {
                b += next(sharpS) ? sharpS.count : capitalSharpS.count; w += 2
            } else {
                return nil
            }
        }
        return b
    }

    /// True when `sequence` stands in `bytes` at offset `i`.
    static func holds<C: RandomAccessCollection>(_ bytes: C, _ sequence: [UInt8], at i: Int) -> Bool where C.Element == UInt8, C.Index == Int {
        i + sequence.count <= bytes.count && (0..<sequence.count).allSatisfy { bytes[i + $0] == sequence[$0] }
    }

    /// `ſ` (U+017F), `ß` (U+00DF) and `ẞ` (U+1E9E) in UTF-8.
    static let longS: [UInt8] = [0xC5, 0xBF], sharpS: [UInt8] = [0xC3, 0x9F], capitalSharpS: [UInt8] = [0xE1, 0xBA, 0x9E]

    /// The start of the Character that holds `i`.
    static func characterStart(_ text: String, _ i: String.Index) -> String.Index {
        var j = i
        while j > text.startIndex, j.samePosition(in: text) == nil { j = text.unicodeScalars.index(before: j) }
        return j
    }

    /// The end of the Character that holds the position just before `i` (`i` itself when it
    /// is a Character boundary).
    static func characterEnd(_ text: String, _ i: String.Index) -> String.Index {
        var j = i
        while j < text.endIndex, j.samePosition(in: text) == nil { j = text.unicodeScalars.index(after: j) }
        return j
    }

    /// Where the value starts after the separator that follows a password word at `from`, or
    /// nil when the line gives no value.
    static func separatorEnd(_ text: String, from: String.Index, lineEnd: String.Index) -> String.Index? {
        var j = from
        while j < lineEnd, isBlank(text[j]) { j = text.index(after: j) }
        guard j < lineEnd else { return nil }
        if ":=-–—：".contains(text[j]) { return text.index(after: j) }
        // Three Characters tell: the rest of the line, lowered for every word, was quadratic.
        let head = text[j..<lineEnd].prefix(3).lowercased()
        if head.hasPrefix("is ") || head.hasPrefix("is:") || head == "is" || head.hasPrefix("is\t") { return text.index(j, offsetBy: 2) }
        if head.hasPrefix("है") { return text.index(after: j) }
        // A few words, then ":", "=" or "is": "(last used):", "for the ID igotdoptcc1@nic.in :",
        // "for igotdoptcc1@nic.in is …". Words about passwords ("reset", "policy") end the look.
        var k = j, words = 0
        while k < lineEnd, words < 7 {
            while k < lineEnd, isBlank(text[k]) { k = text.index(after: k) }
            guard k < lineEnd else { return nil }
            if ":=：".contains(text[k]) { return text.index(after: k) }
            let wordStart = k
            var length = 0
            while k < lineEnd, !isBlank(text[k]), !":=：".contains(text[k]) {
                // No word of such a phrase is this long: the look ends (a line of `,pwd` with no
                // blank was read to its end from every word).
                length += 1
                guard length <= 64 else { return nil }
                k = text.index(after: k)
            }
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
        if start < text.endIndex, text[start].isNewline { start = text.index(after: start) }
        guard start < text.endIndex else { return nil }
        let end = text[start...].firstIndex(where: \.isNewline) ?? text.endIndex
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
            let end = text[start...].firstIndex(where: \.isNewline) ?? text.endIndex
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
            // The rows under it that keep its shape; a row with the word in the same cell is a
            // row of its own ("igot…\tPassword\tvalue" again), not a value under this one.
            var below = index + 1
            while below < lines.count {
                let (row, rowTabbed) = cells(lines[below])
                guard row.count == header.count, rowTabbed == tabbed, !isWordCell(row[column]) else { break }
                below += 1
            }
            // The cell after the word in its own row ("igot…\tPassword\tvalue"), unless the row
            // is the header of a table of IDs: the word after the first cell, no address in the
            // row, and one in the row under it ("Generic ID\tPassword\tNote", whose Note is a
            // label). Anything less plain is cut: a label cut costs less than a password left.
            let isHeader = column > 0 && below > index + 1 && !text[lines[index]].contains("@") && text[lines[index + 1]].contains("@")
            if tabbed, !isHeader, column + 1 < header.count, let value = trimmedCell(header[column + 1]) { ranges.append(value) }
            // The cells under it.
            for line in lines[(index + 1)..<below] {
                if let value = trimmedCell(cells(line).ranges[column]) { ranges.append(value) }
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
                // "pa" and ß, ẞ or ſ: paßword, PAẞWORD, paſſword (case folding makes them pass…).
                if b == 0x61, holds(bytes, longS, at: i + 2) || holds(bytes, sharpS, at: i + 2) || holds(bytes, capitalSharpS, at: i + 2)
                    || (c == 0x73 && holds(bytes, longS, at: i + 3)) {
                    return true
                }
            }
            i += 1
        }
        return text.includes("पासवर्ड") || text.includes("कूटशब्द")
    }

    /// `text` with every password value replaced by `[REDACTED]`.
    public static func redacted(_ text: String) -> String {
        let ranges = valueRanges(in: text)
        guard !ranges.isEmpty else { return text }
        // Written forward once: a replacement per value in place moved the rest of the text
        // each time (100,000 `pwd: ab` lines took 8 s).
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var position = text.startIndex
        for range in ranges where range.lowerBound >= position {
            out += text[position..<range.lowerBound]
            out += "[REDACTED]"
            position = range.upperBound
        }
        out += text[position...]
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
