/// RFC 2047 encoded words (`=?charset?B?…?=`, `=?charset?Q?…?=`) in header text, decoded the
/// way real mail needs: adjacent words are joined (the blanks between them dropped, §6.2), and
/// their bytes are joined before charset decoding so that a character split across two words
/// survives; words glued to other text or inside quoted strings are decoded too; a charset's
/// RFC 2231 language suffix (`utf-8*en`) is ignored.
public enum EncodedWords {
    /// `text` with every encoded word decoded; anything that is not a well-formed word is
    /// kept as written.
    public static func decode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 8, contains(bytes, UInt8(ascii: "="), UInt8(ascii: "?")) else { return text }
        var result = [UInt8]()
        result.reserveCapacity(bytes.count)
        var pendingCharset: String?
        var pendingBytes: [UInt8] = []
        var literalStart = 0
        var lastWasWord = false
        var i = 0
        var ahead = Ahead()

        func flush() {
            if let charset = pendingCharset {
                result.append(contentsOf: Array(Charset.decode(pendingBytes, label: charset).text.utf8))
                pendingCharset = nil
                pendingBytes.removeAll(keepingCapacity: true)
            }
        }

        while i + 1 < bytes.count {
            guard bytes[i] == UInt8(ascii: "="), bytes[i + 1] == UInt8(ascii: "?"),
                  let word = parseWord(bytes, at: i, ahead: &ahead) else {
                i += 1
                continue
            }
            let literal = bytes[literalStart..<i]
            let onlyBlanks = literal.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
            if !(lastWasWord && onlyBlanks) {
                flush()
                result.append(contentsOf: literal)
            }
            // Adjacent words of one charset join, whatever the label's spelling (utf-8, UTF8).
            if pendingCharset.map(Charset.canonicalName) != Charset.canonicalName(word.charset) {
                flush()
                pendingCharset = word.charset
            }
            pendingBytes.append(contentsOf: word.payload)
            lastWasWord = true
            i = word.end
            literalStart = i
        }
        flush()
        result.append(contentsOf: bytes[literalStart...])
        return String(decoding: result, as: UTF8.self)
    }

    private static func contains(_ bytes: [UInt8], _ a: UInt8, _ b: UInt8) -> Bool {
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == a && bytes[i + 1] == b { return true }
            i += 1
        }
        return false
    }

    /// The word starting at `start` (which holds `=?`): its charset, its decoded bytes and the
    /// index after its closing `?=`; nil when it is not a word. `ahead` remembers where the
    /// next `?=`, line end and blank are, across the calls of one decode.
    static func parseWord(_ bytes: [UInt8], at start: Int, ahead: inout Ahead) -> (charset: String, payload: [UInt8], end: Int)? {
        var i = start + 2
        let charsetStart = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "?") {
            let c = bytes[i]
            if c <= 0x20 || c >= 0x7F || i - charsetStart > 40 { return nil }
            i += 1
        }
        guard i + 3 < bytes.count, i > charsetStart else { return nil }
        var charset = String(decoding: bytes[charsetStart..<i], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        let encoding = bytes[i + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q"),
              bytes[i + 2] == UInt8(ascii: "?") else { return nil }
        let textStart = i + 3
        // RFC 2047 §2 allows 75 characters; real mailers exceed it, but never by much: a word
        // closes within 2,048 bytes. Where the next `?=`, line end and blank are is remembered,
        // not looked for again from every `=?` (24 MB of unclosed `=?` took a minute).
        guard let close = ahead.close.find(in: bytes, from: textStart, where: { j in
                  j + 1 < bytes.count && bytes[j] == UInt8(ascii: "?") && bytes[j + 1] == UInt8(ascii: "=") }),
              close + 1 < min(bytes.count, textStart + 2048) else { return nil }
        // A word never spans a line; a blank ends a B word (and, strictly, a Q word, but
        // broken mailers put raw blanks in Q words, so those are allowed).
        if let end = ahead.lineEnd.find(in: bytes, from: textStart, where: { bytes[$0] == 0x0A || bytes[$0] == 0x0D }), end < close {
            return nil
        }
        if encoding == UInt8(ascii: "b"),
           let blank = ahead.blank.find(in: bytes, from: textStart, where: { bytes[$0] == 0x20 || bytes[$0] == 0x09 }), blank < close {
            return nil
        }
        let encoded = bytes[textStart..<close]
        let payload = encoding == UInt8(ascii: "b")
            ? Base64.decode(encoded).content
            : QuotedPrintable.decode(encoded, header: true)
        return (charset.lowercased(), payload, close + 2)
    }

    /// Where the next `?=`, line end and blank stand, for one decode's words.
    struct Ahead {
        var close = NextPosition(), lineEnd = NextPosition(), blank = NextPosition()
    }

    /// The first position at or after a point where a test holds, remembered: while the points
    /// asked about only move forward, the text is scanned once in all.
    struct NextPosition {
        private var scannedFrom = Int.max
        private var found: Int?

        /// The first `j >= start` with `test(j)`, or nil.
        mutating func find(in bytes: [UInt8], from start: Int, where test: (Int) -> Bool) -> Int? {
            if start >= scannedFrom, found.map({ start <= $0 }) ?? true { return found }
            var j = start
            while j < bytes.count, !test(j) { j += 1 }
            scannedFrom = start
            found = j < bytes.count ? j : nil
            return found
        }
    }
}
