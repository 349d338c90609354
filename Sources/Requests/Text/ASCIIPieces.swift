/// Splitting text at ASCII bytes, for the request grammar's hot paths.
///
/// Splitting a `String` by `Character` finds each grapheme cluster's end, which cost the
/// grammar a fifth of its time on a plain allocation mail. At a byte that is ASCII and not a
/// line end, a split by bytes is the split by Characters whenever no combining mark can
/// follow the separator: always in ASCII text. Callers use these on ASCII text and keep the
/// Character split for the rest.
extension String {
    /// True when every byte of the text is ASCII.
    var isASCIIOnly: Bool { utf8.allSatisfy { $0 < 0x80 } }

    /// The pieces between bytes for which `isSeparator` is true, empty pieces left out: the
    /// same as `split(whereSeparator:)` with those characters, for ASCII text.
    func asciiPieces(_ isSeparator: (UInt8) -> Bool) -> [String] {
        var pieces: [String] = []
        var start = 0
        let bytes = Array(utf8)
        for (i, byte) in bytes.enumerated() where isSeparator(byte) {
            if i > start { pieces.append(String(decoding: bytes[start..<i], as: UTF8.self)) }
            start = i + 1
        }
        if bytes.count > start { pieces.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return pieces
    }

    /// The text split at every LF byte, empty lines kept (`split(separator: "\n",
    /// omittingEmptySubsequences: false)`, except that a CR LF also ends a line, leaving its CR
    /// at the end of the line: a Character split saw CR LF as one character, not an LF).
    var linesAtLF: [String] {
        let bytes = Array(utf8)
        var lines: [String] = []
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lines.append(String(decoding: bytes[start..<i], as: UTF8.self))
            start = i + 1
        }
        lines.append(String(decoding: bytes[start...], as: UTF8.self))
        return lines
    }
}
