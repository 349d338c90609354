/// The content transfer encodings of RFC 2045 §6, decoded leniently as real mail needs.
public enum TransferEncoding: Sendable, Equatable {
    /// `7bit`, `8bit`, `binary`, or none: the bytes are the content.
    case identity
    /// `quoted-printable` (RFC 2045 §6.7).
    case quotedPrintable
    /// `base64` (RFC 2045 §6.8).
    case base64
    /// `x-uuencode` and its aliases: kept as written (the desk never needs their content).
    case uuencode
    /// Anything else: kept as written, with a problem.
    case unknown(String)

    /// Reads a Content-Transfer-Encoding value: case-insensitive, blanks and anything after a
    /// `;` ignored, empty meaning 7bit.
    public init(headerValue: String?) {
        guard let headerValue else { self = .identity; return }
        var token = headerValue.lowercased()
        if let semicolon = token.firstIndex(of: ";") { token = String(token[..<semicolon]) }
        token = token.filter { $0 != " " && $0 != "\t" && $0 != "\"" }
        switch token {
        case "", "7bit", "8bit", "binary", "7-bit", "8-bit", "none", "text", "plain":
            self = .identity
        case "quoted-printable", "quotedprintable", "qp":
            self = .quotedPrintable
        case "base64", "base-64":
            self = .base64
        case "x-uuencode", "uuencode", "x-uue", "uue":
            self = .uuencode
        default:
            self = .unknown(token)
        }
    }

    /// The size in bytes of the decoded content of `bytes`, computed without decoding base64.
    public func decodedSize(_ bytes: ArraySlice<UInt8>) -> Int {
        switch self {
        case .base64 where !Base64.looksLikeText(bytes): return Base64.decodedCount(bytes)
        default: return decode(bytes).content.count
        }
    }

    /// The content of `bytes`, decoded. Returns whether anything had to be skipped.
    public func decode(_ bytes: ArraySlice<UInt8>) -> (content: [UInt8], lenient: Bool) {
        switch self {
        case .identity, .uuencode, .unknown: return (Array(bytes), false)
        case .quotedPrintable: return (QuotedPrintable.decode(bytes, header: false), false)
        case .base64:
            // Text mislabelled as base64 (words separated by blanks, which base64 never has):
            // keep it as it is rather than decode it into noise.
            if Base64.looksLikeText(bytes) { return (Array(bytes), true) }
            return Base64.decode(bytes)
        }
    }
}

/// Base64 decoding that never fails: characters outside the alphabet are skipped, decoding
/// stops at the first `=` pad, and a dangling final group yields the bytes it completes.
public enum Base64 {
    static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            t[Int(c)] = UInt8(i)
        }
        // The URL-safe alphabet, which some mailers use by mistake.
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        return t
    }()

    /// Decodes `bytes`; `lenient` is true when stray characters were skipped or data
    /// followed the padding.
    public static func decode<C: Collection>(_ bytes: C) -> (content: [UInt8], lenient: Bool) where C.Element == UInt8 {
        var lenient = false
        let input = Array(bytes)
        let content = [UInt8](unsafeUninitializedCapacity: input.count * 3 / 4 + 3) { out, written in
            var o = 0
            table.withUnsafeBufferPointer { t in
                input.withUnsafeBufferPointer { p in
                    var accumulator: UInt32 = 0
                    var bits = 0
                    var padded = false
                    for c in p {
                        if c == 0x3D { padded = true; continue }
                        let v = t[Int(c)]
                        if v == 0xFF {
                            if c != 0x0A && c != 0x0D && c != 0x20 && c != 0x09 { lenient = true }
                            continue
                        }
                        if padded {
                            // Data after padding: a second base64 run glued on (seen in the wild).
                            lenient = true
                            padded = false
                            accumulator = 0
                            bits = 0
                        }
                        accumulator = (accumulator << 6) | UInt32(v)
                        bits += 6
                        if bits >= 8 {
                            bits -= 8
                            out[o] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                            o += 1
                        }
                    }
                }
            }
            written = o
        }
        return (content, lenient)
    }

    /// The number of bytes `decode` would give for `bytes`, without making them.
    public static func decodedCount(_ bytes: ArraySlice<UInt8>) -> Int {
        var total = 0
        var bits = 0
        var padded = false
        table.withUnsafeBufferPointer { t in
            bytes.withUnsafeBufferPointer { p in
                for c in p {
                    if c == 0x3D { padded = true; continue }
                    if t[Int(c)] == 0xFF { continue }
                    if padded { padded = false; bits = 0 }
                    bits += 6
                    if bits >= 8 { bits -= 8; total += 1 }
                }
            }
        }
        return total
    }

    /// True when most non-empty lines have a blank between two other characters: such a
    /// body is text that a mailer labelled base64 by mistake.
    static func looksLikeText(_ bytes: ArraySlice<UInt8>) -> Bool {
        var lines = 0, spaced = 0
        var sawChar = false, sawBlankAfterChar = false, interior = false
        func endLine() {
            if sawChar { lines += 1; if interior { spaced += 1 } }
            sawChar = false; sawBlankAfterChar = false; interior = false
        }
        for b in bytes {
            switch b {
            case 0x0A, 0x0D: endLine()
            case 0x20, 0x09: if sawChar { sawBlankAfterChar = true }
            default:
                if sawBlankAfterChar { interior = true }
                sawChar = true
            }
            if lines >= 64 { break }
        }
        endLine()
        return spaced > 0 && spaced * 2 >= lines
    }

    /// Encodes `bytes` as base64 in lines of 76 characters joined by CRLF (RFC 2045 §6.8).
    public static func encode<C: Collection>(_ bytes: C, lineLength: Int = 76) -> [UInt8] where C.Element == UInt8 {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let input = Array(bytes)
        var out = [UInt8]()
        out.reserveCapacity(input.count * 4 / 3 + input.count / 38 + 4)
        var column = 0
        var i = 0
        func emit(_ c: UInt8) {
            if lineLength > 0 && column == lineLength { out.append(0x0D); out.append(0x0A); column = 0 }
            out.append(c)
            column += 1
        }
        while i + 2 < input.count {
            let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
            emit(alphabet[Int(n >> 18 & 63)]); emit(alphabet[Int(n >> 12 & 63)])
            emit(alphabet[Int(n >> 6 & 63)]); emit(alphabet[Int(n & 63)])
            i += 3
        }
        let rest = input.count - i
        if rest == 1 {
            let n = UInt32(input[i]) << 16
            emit(alphabet[Int(n >> 18 & 63)]); emit(alphabet[Int(n >> 12 & 63)]); emit(UInt8(ascii: "=")); emit(UInt8(ascii: "="))
        } else if rest == 2 {
            let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8
            emit(alphabet[Int(n >> 18 & 63)]); emit(alphabet[Int(n >> 12 & 63)]); emit(alphabet[Int(n >> 6 & 63)]); emit(UInt8(ascii: "="))
        }
        return out
    }
}

/// Quoted-printable (RFC 2045 §6.7) and the Q encoding of RFC 2047 §4.2, decoded leniently:
/// an `=` not followed by two hex digits or a line break is kept as written.
public enum QuotedPrintable {
    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    /// Decodes `bytes`. With `header` true (RFC 2047 Q), `_` stands for a space and there are
    /// no soft line breaks.
    public static func decode<C: Collection>(_ bytes: C, header: Bool) -> [UInt8] where C.Element == UInt8, C.Index == Int {
        let input = Array(bytes)
        return [UInt8](unsafeUninitializedCapacity: input.count) { out, written in
            var o = 0
            input.withUnsafeBufferPointer { p in
                var i = 0
                let end = p.count
                while i < end {
                    let c = p[i]
                    if c == 0x3D {
                        if i + 2 < end, let hi = hexValue(p[i + 1]), let lo = hexValue(p[i + 2]) {
                            out[o] = hi << 4 | lo; o += 1
                            i += 3
                            continue
                        }
                        if !header {
                            // Soft line break: "=" then optional blanks then LF (or CRLF).
                            var j = i + 1
                            while j < end, p[j] == 0x20 || p[j] == 0x09 { j += 1 }
                            if j < end, p[j] == 0x0D { j += 1 }
                            if j < end, p[j] == 0x0A { i = j + 1; continue }
                            if j == end { i = j; continue }
                        }
                        out[o] = c; o += 1
                        i += 1
                    } else if header && c == 0x5F {
                        out[o] = 0x20; o += 1
                        i += 1
                    } else if !header && (c == 0x20 || c == 0x09) {
                        // Trailing blanks before a line break are transport padding (§6.7 rule 3).
                        var j = i
                        while j < end, p[j] == 0x20 || p[j] == 0x09 { j += 1 }
                        if j == end || p[j] == 0x0A || p[j] == 0x0D {
                            i = j
                        } else {
                            while i < j { out[o] = p[i]; o += 1; i += 1 }
                        }
                    } else {
                        out[o] = c; o += 1
                        i += 1
                    }
                }
            }
            written = o
        }
    }
}
