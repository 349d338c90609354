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

    /// The ranges of password values in `text` (each to the end of its line), in order.
    public static func valueRanges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        // Most mail holds no password word: a cheap look first, the careful scan only then.
        guard mayHoldPassword(text) else { return [] }
        var searchStart = text.startIndex
        while searchStart < text.endIndex {
            var best: (Range<String.Index>, String)?
            for word in words {
                if let r = text.range(of: word, options: [.caseInsensitive], range: searchStart..<text.endIndex),
                   best == nil || r.lowerBound < best!.0.lowerBound {
                    best = (r, word)
                }
            }
            guard let (wordRange, _) = best else { break }
            searchStart = wordRange.upperBound
            // Whole word: no letter or digit just before or after.
            if wordRange.lowerBound > text.startIndex {
                let before = text[text.index(before: wordRange.lowerBound)]
                if before.isLetter || before.isNumber { continue }
            }
            var i = wordRange.upperBound
            // Plural and possessive forms are words too ("passwords:", "password's").
            while i < text.endIndex, text[i] == "s" || text[i] == "S" || text[i] == "'" || text[i] == "’" { i = text.index(after: i) }
            if i < text.endIndex, text[i].isLetter || text[i].isNumber { continue }
            // Optional words between: "password for igotdoptcc1@nic.in is …" is caught by "is".
            var j = i
            var separated = false
            let lineEnd = text[i...].firstIndex(where: { $0 == "\n" || $0 == "\r" }) ?? text.endIndex
            while j < lineEnd {
                let c = text[j]
                if c == " " || c == "\t" || c == "\u{00A0}" { j = text.index(after: j); continue }
                if ":=-–—：".contains(c) { separated = true; j = text.index(after: j); break }
                let rest = text[j..<lineEnd].lowercased()
                if rest.hasPrefix("is ") || rest.hasPrefix("is:") || rest == "is" {
                    separated = true; j = text.index(j, offsetBy: 2); break
                }
                if rest.hasPrefix("है") { separated = true; j = text.index(after: j); break }
                // Skip one "for <id>" or "of <id>" phrase.
                if rest.hasPrefix("for ") || rest.hasPrefix("of ") || rest.hasPrefix("of the ") {
                    if let space = text[j..<lineEnd].firstIndex(of: " ") {
                        j = text.index(after: space)
                        while j < lineEnd, text[j] != " ", text[j] != ":", text[j] != "=" { j = text.index(after: j) }
                        continue
                    }
                }
                break
            }
            guard separated else { continue }
            while j < lineEnd, text[j] == " " || text[j] == "\t" || text[j] == ":" || text[j] == "\u{00A0}" { j = text.index(after: j) }
            if j < lineEnd {
                ranges.append(j..<lineEnd)
                searchStart = lineEnd
            }
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
        for word in ["पासवर्ड", "कूटशब्द"] {
            let w = Array(word.utf8)
            var j = 0
            while j + w.count <= n {
                if bytes[j] == w[0], Array(bytes[j..<(j + w.count)]) == w { return true }
                j += 1
            }
        }
        return false
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
