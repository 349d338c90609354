import Foundation
@testable import Mail
@testable import Requests
import Testing
import TestSupport

/// The request grammar reads ASCII text over its bytes and other text Character by Character
/// (`ASCIIPieces.swift`). These tests hold each byte path to the Character path it stands in
/// for, on many random texts, so that speed never changes what a mail says.
@Suite("Byte paths of the grammar agree with the Character paths (requests.md §2)")
struct ByteFastPathTests {
    /// Random texts of up to `length` pieces drawn from `alphabet`.
    static func texts(_ alphabet: [String], count: Int = 3_000, length: Int = 24, seed: UInt64) -> [String] {
        var generator = SplitMix64(state: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...length, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
        }
    }

    static let asciiAlphabet = ["a", "Z", "7", " ", "  ", "\t", ",", ";", ".", ":", "-", "(", ")", "<", ">", "[", "]", "@", "\"", "'", "/", "&",
                                "_", "\r", "\n", "\r\n", "x@nic.in", "Mobile No.", "E-mail"]

    @Test("asciiPieces splits ASCII text as split(whereSeparator:) does")
    func pieces() {
        let separators: Set<Character> = [" ", "\t", ",", ";", "<", ">", "(", ")", "[", "]"]
        for text in Self.texts(Self.asciiAlphabet, seed: 1) {
            let byCharacter = text.split(whereSeparator: { separators.contains($0) }).map(String.init)
            let byByte = text.asciiPieces { separators.contains(Character(Unicode.Scalar($0))) }
            #expect(byByte == byCharacter, "\(text.debugDescription)")
        }
    }

    @Test("linesAtLF splits at LF as split(separator: \"\\n\") does on text without CR, and leaves the CR of a CR LF on its line")
    func lines() {
        for text in Self.texts(["a", "ह", "é", " ", "\n", "\n\n", "x"], seed: 2) {
            #expect(text.linesAtLF == text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), "\(text.debugDescription)")
        }
        #expect("one\r\ntwo\nthree".linesAtLF == ["one\r", "two", "three"])
    }

    @Test("trimming cuts the same characters over bytes as Character by Character, marks, CR LF and NBSP included")
    func trims() {
        let alphabet = ["a", "ह", " ", "\t", "\r", "\n", "\r\n", "\u{00A0}", "\u{0301}", "\u{094D}", ".", ",", "<", ">", "\""]
        for text in Self.texts(alphabet, count: 6_000, length: 10, seed: 9) {
            for set in [" \t\u{00A0}", " \t<>.,;\u{00A0}", " \u{00A0}\r", " \t\u{00A0}\r", " \t\"", "\n"] {
                #expect(text.trimming(set) == text.trimmingByCharacter(set), "\(text.debugDescription) \(set.debugDescription)")
            }
        }
    }

    @Test("a header cell's column name is the same read over bytes as over Characters")
    func columnNames() {
        for text in Self.texts(Self.asciiAlphabet, seed: 3) {
            #expect(CSVRows.columnNameOfASCII(text) == CSVRows.columnNameByCharacter(text), "\(text.debugDescription)")
        }
        #expect(CSVRows.columnName("Mobile No.") == "mobile_no")
        #expect(CSVRows.columnName("पासवर्ड (Password)") == "पासवर्ड_password")
    }

    @Test("a label's characters are the same words read over bytes as over Characters")
    func labelCharacters() {
        for text in Self.texts(Self.asciiAlphabet, seed: 4) {
            let lowered = text.lowercased()
            #expect(FieldLine.labelCharactersOfASCII(lowered).split(separator: " ") == FieldLine.labelCharactersByCharacter(lowered).split(separator: " "),
                    "\(text.debugDescription)")
        }
    }

    @Test("a name the ASCII check passes is one the full check returns unchanged; one it does not pass gets the full check")
    func personText() {
        var passed = 0
        for text in Self.texts(["Smt", ".", " ", "  ", "A", "k", "9", ",", "'", "(", ")", "-", "&", "/", "\t", ":", "@", "_"], length: 8, seed: 5) {
            let full = Values.personTextByScalar(text, what: "a name")
            if Values.isCleanASCII(text) {
                passed += 1
                #expect(full == .success(text), "\(text.debugDescription)")
            }
            #expect(Values.personText(text, what: "a name") == full, "\(text.debugDescription)")
        }
        #expect(passed > 100)
        #expect(Values.personText(" Smt.  A. Kumar ", what: "a name") == .success("Smt. A. Kumar"))
        #expect(Values.personText("श्रीमती सुनीता शर्मा", what: "a name") == .success("श्रीमती सुनीता शर्मा"))
        #expect(Values.personText("Jose\u{0301} Kumar", what: "a name") == .success("Jose\u{0301} Kumar"))
        // A mark or joiner with no letter before it: a stray character a sheet's cell opened
        // with (after its separator or quote), refused wherever it stands in a word's place.
        for stray in ["\u{0301}Shri C. Verma", "\u{200D}Shri C. Verma", "Shri \u{0308}Raju", "Shri (\u{094D}Raju)"] {
            guard case .failure(let expected) = Values.personText(stray, what: "a name") else {
                Issue.record("accepted \(stray.debugDescription)"); continue
            }
            #expect(expected.text.contains("follow a letter"), "\(expected.text)")
        }
    }

    // MARK: CSV, against the Character-by-Character reader the byte reader replaced

    static let csvAlphabet = ["a", "é", "ह", ",", ";", "\t", "\"", "\"\"", "\n", "\r", "\r\n", " ", "\u{2028}", "\u{0B}", "1"]

    @Test("CSV records are the same read over bytes as over Characters")
    func records() {
        for text in Self.texts(Self.csvAlphabet, count: 5_000, length: 30, seed: 6) {
            for delimiter: Character in [",", ";", "\t"] {
                #expect(CSVRows.parse(text, delimiter: delimiter) == Self.parseByCharacter(text, delimiter: delimiter), "\(text.debugDescription)")
            }
        }
    }

    @Test("the line of an unclosed quote is the same found over bytes as over Characters")
    func unclosedQuotes() {
        var found = 0
        for text in Self.texts(Self.csvAlphabet, count: 5_000, length: 30, seed: 7) {
            let line = Self.unclosedQuoteLineByCharacter(text, delimiter: ",")
            if line != nil { found += 1 }
            #expect(CSVRows.unclosedQuoteLine(text, delimiter: ",") == line, "\(text.debugDescription)")
        }
        #expect(found > 500)
    }

    @Test("the separator is the same counted over bytes as over Characters")
    func separators() {
        for text in Self.texts(Self.csvAlphabet, count: 5_000, length: 40, seed: 8) {
            #expect(CSVRows.delimiter(of: text) == Self.delimiterByCharacter(text), "\(text.debugDescription)")
        }
    }

    /// RFC 4180 records, Character by Character (the reader before the byte one).
    static func parseByCharacter(_ text: String, delimiter: Character) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if quoted {
                if c == "\"" {
                    let next = text.index(after: i)
                    if next < text.endIndex, text[next] == "\"" { field.append("\""); i = text.index(after: next); continue }
                    quoted = false
                } else {
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == delimiter {
                record.append(field); field = ""
            } else if c == "\n" || c == "\r" || c == "\r\n" {
                record.append(field); field = ""
                records.append(record); record = []
            } else {
                field.append(c)
            }
            i = text.index(after: i)
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    /// The line of a quote never closed, Character by Character.
    static func unclosedQuoteLineByCharacter(_ text: String, delimiter: Character) -> Int? {
        var line = 1, openedAt = 0
        var quoted = false, fieldStart = true
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            if quoted {
                if c == "\"" {
                    if next < text.endIndex, text[next] == "\"" { i = text.index(after: next); continue }
                    guard next == text.endIndex || text[next] == delimiter || text[next].isNewline else { return openedAt }
                    quoted = false
                } else if c.isNewline {
                    line += 1
                }
                i = next
                continue
            }
            if c == "\"" && fieldStart {
                quoted = true
                openedAt = line
            } else if c.isNewline {
                line += 1
            }
            fieldStart = c == delimiter || c.isNewline
            i = next
        }
        return quoted ? openedAt : nil
    }

    /// The separator, counted Character by Character in the first ten lines outside quotes.
    static func delimiterByCharacter(_ text: String) -> Character {
        var counts: [Character: Int] = [",": 0, ";": 0, "\t": 0]
        var quoted = false, lines = 0
        for c in text {
            if c == "\"" { quoted.toggle(); continue }
            if quoted { continue }
            if c.isNewline {
                lines += 1
                if lines == 10 { break }
            } else if counts[c] != nil {
                counts[c]! += 1
            }
        }
        let (commas, semicolons, tabs) = (counts[","]!, counts[";"]!, counts["\t"]!)
        if semicolons > commas && semicolons >= tabs { return ";" }
        if tabs > commas && tabs > semicolons { return "\t" }
        return ","
    }
}
