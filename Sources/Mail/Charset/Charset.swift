import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turning bytes in a declared charset into text (RFC 2045 §5.1, RFC 2046 §4.1.2), through
/// fast paths for UTF-8, US-ASCII and the Latin-1 family, and glibc's iconv for the rest
/// (ISO-8859-2..15, windows-1250..1258, KOI8-R, ISO-2022-JP, GB2312/GBK, Big5, Shift_JIS,
/// EUC-KR, …).
///
/// No byte is ever lost: a charset that is unknown, or bytes that are invalid in the declared
/// one, fall back to UTF-8 when the bytes are valid UTF-8, else to windows-1252 (which gives
/// every byte a character), and the caller is told that a fallback happened.
public enum Charset {
    /// The result of decoding: the text, and whether the declared charset could not be used
    /// as is (unknown, or bytes invalid in it).
    public struct Decoded: Sendable, Equatable {
        /// The decoded text.
        public var text: String
        /// True when a fallback replaced the declared charset for some or all bytes.
        public var fellBack: Bool
    }

    /// The canonical name of a charset label as mailers write it: lower-case, quotes, blanks
    /// and junk such as `charset=` removed, and aliases resolved (`ks_c_5601-1987` → `cp949`,
    /// `gb2312` → `gbk`, `iso-8859-1` → `windows-1252`, as web browsers do).
    public static func canonicalName(_ label: String) -> String {
        var name = label.lowercased()
        if let eq = name.lastIndex(of: "=") { name = String(name[name.index(after: eq)...]) }
        name = name.filter { !"\"' \t;".contains($0) }
        switch name {
        case "", "us-ascii", "ascii", "us_ascii", "ansi_x3.4-1968", "iso646-us", "646", "us":
            return "us-ascii"
        case "utf8", "utf-8", "unicode-1-1-utf-8", "x-unicode20utf8":
            return "utf-8"
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1", "iso_8859-1", "l1", "cp819", "iso-ir-100",
             "windows-1252", "cp1252", "x-cp1252", "cp-1252":
            return "windows-1252"
        case "ks_c_5601-1987", "ks_c_5601", "ksc5601", "ks_c_5601-1989", "euc-kr", "euckr", "cp949", "uhc", "x-windows-949", "windows-949":
            return "cp949"
        case "gb2312", "gb_2312-80", "gbk", "x-gbk", "cp936", "euc-cn", "csgb2312", "chinese":
            return "gbk"
        case "gb18030": return "gb18030"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "x-ms-cp932":
            return "cp932"
        case "big5", "big-5", "cn-big5", "x-x-big5", "csbig5", "big5-hkscs":
            return "big5"
        case "iso-2022-jp", "csiso2022jp": return "iso-2022-jp"
        case "koi8-r", "koi8r", "cskoi8r": return "koi8-r"
        case "koi8-u": return "koi8-u"
        default:
            if name.hasPrefix("iso8859-") { return "iso-8859-" + name.dropFirst(8) }
            if name.hasPrefix("iso_8859-") { return "iso-8859-" + name.dropFirst(9).prefix { $0 != ":" } }
            if name.hasPrefix("cp125"), name.count == 6 { return "windows-" + name.dropFirst(2) }
            if name.hasPrefix("x-windows-") { return String(name.dropFirst(2)) }
            return name
        }
    }

    /// The charset to read `bytes` in: `declared`, unless the bytes open with a byte order mark
    /// (U+FEFF) that says otherwise. Windows' "Unicode text" and some CSV exports are UTF-16
    /// with a mark, sent with no charset or an 8-bit one (`text/plain`, `windows-1252`); read
    /// as declared, every other byte is a NUL and no word of the sheet can be found. A mark in
    /// the declared charset's own family (`utf-16le` for FF FE) leaves the label as it is.
    public static func labelWithByteOrderMark<C: Collection>(_ bytes: C, declared: String?) -> String? where C.Element == UInt8 {
        let head = Array(bytes.prefix(4))
        let declaredName = declared.map(canonicalName)
        let marked: String
        if head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            marked = "utf-32"
        } else if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            marked = "utf-16"
        } else if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            marked = "utf-8"
        } else {
            return declared
        }
        if let declaredName, declaredName.hasPrefix(marked) || (marked == "utf-8" && declaredName == "us-ascii") { return declared }
        return marked
    }

    /// True for the charsets whose code units are wider than a byte (UTF-16, UTF-32, UCS-2/4):
    /// their bytes cannot be handled as ASCII (line ends, NULs) before they are decoded.
    public static func isWide(_ label: String?) -> Bool {
        guard let label else { return false }
        let name = canonicalName(label)
        return name.hasPrefix("utf-16") || name.hasPrefix("utf-32") || name.hasPrefix("ucs-") || name == "unicode"
    }

    /// Decodes `bytes` declared as `label` (nil: none declared, read as US-ASCII/UTF-8).
    public static func decode<C: Collection>(_ bytes: C, label: String?) -> Decoded where C.Element == UInt8 {
        let decoded = decodeAsLabelled(bytes, label: label)
        return Decoded(text: withoutNUL(decoded.text), fellBack: decoded.fellBack)
    }

    /// `text` with every NUL replaced by U+FFFD. No mail value may carry a NUL: SQLite stores
    /// text bound from a Swift String only up to its first NUL, so a value would be cut where
    /// it is stored while the audit chain hashed it whole (and C libraries, the log and the
    /// registry's readers all stop at it).
    public static func withoutNUL(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
    }

    private static func decodeAsLabelled<C: Collection>(_ bytes: C, label: String?) -> Decoded where C.Element == UInt8 {
        let name = canonicalName(label ?? "us-ascii")
        switch name {
        case "us-ascii", "utf-8":
            if let text = validUTF8(bytes) { return Decoded(text: text, fellBack: false) }
            return Decoded(text: mixedUTF8(bytes), fellBack: true)
        case "windows-1252":
            if bytes.allSatisfy({ $0 < 0x80 }) { return Decoded(text: String(decoding: bytes, as: UTF8.self), fellBack: false) }
            return Decoded(text: windows1252(bytes), fellBack: false)
        default:
            // UTF-7 and the ISO-2022 family write non-ASCII text in ASCII bytes, and UTF-16 and
            // UTF-32 write ASCII text with zero bytes: always convert them.
            let asciiEncoded = name.hasPrefix("utf-7") || name.hasPrefix("iso-2022") || name == "hz-gb-2312"
                || name.hasPrefix("utf-16") || name.hasPrefix("utf-32") || name.hasPrefix("ucs-")
            if !asciiEncoded, bytes.allSatisfy({ $0 < 0x80 && $0 != 0x1B }) {
                return Decoded(text: String(decoding: bytes, as: UTF8.self), fellBack: false)
            }
            if let converted = Iconv.convert(Array(bytes), from: name) {
                return Decoded(text: converted.text, fellBack: converted.invalid)
            }
            return Decoded(text: lossless(bytes), fellBack: true)
        }
    }

    /// The bytes as UTF-8 when they are valid UTF-8, else windows-1252: the fallback for an
    /// unknown charset and for raw 8-bit header fields.
    public static func lossless<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        withoutNUL(validUTF8(bytes) ?? mixedUTF8(bytes))
    }

    /// Bytes that are mostly UTF-8 with a few stray bytes (a windows-1252 apostrophe pasted
    /// into Devanagari text): every valid UTF-8 sequence is read as UTF-8 and every other
    /// byte through windows-1252, so one bad byte spoils nothing around it. Text that is not
    /// UTF-8 at all (no valid multi-byte sequence) is read as windows-1252 throughout.
    static func mixedUTF8<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let input = Array(bytes)
        var out = [UInt8]()
        out.reserveCapacity(input.count + input.count / 4)
        var i = 0
        var sawMultiByte = false
        while i < input.count {
            let b = input[i]
            if b < 0x80 { out.append(b); i += 1; continue }
            let length = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0
            if length > 0, i + length <= input.count,
               String(validating: input[i..<(i + length)], as: UTF8.self) != nil {
                out.append(contentsOf: input[i..<(i + length)])
                sawMultiByte = true
                i += length
            } else {
                out.append(contentsOf: Array(windows1252([b]).utf8))
                i += 1
            }
        }
        return sawMultiByte ? String(decoding: out, as: UTF8.self) : windows1252(input)
    }

    /// The bytes as a String when they are valid UTF-8, else nil.
    static func validUTF8<C: Collection>(_ bytes: C) -> String? where C.Element == UInt8 {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        let array = Array(bytes)
        return String(validating: array, as: UTF8.self)
    }

    /// windows-1252 as WHATWG defines it, with the five unassigned bytes mapped to the C1
    /// controls of the same value, so every byte has a character and none is lost.
    static func windows1252<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + bytes.count / 2)
        for b in bytes {
            if b < 0x80 {
                out.append(b)
            } else {
                let v = b < 0xA0 ? cp1252High[Int(b - 0x80)] : UInt32(b)
                if v < 0x800 {
                    out.append(UInt8(0xC0 | (v >> 6)))
                    out.append(UInt8(0x80 | (v & 0x3F)))
                } else {
                    out.append(UInt8(0xE0 | (v >> 12)))
                    out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                    out.append(UInt8(0x80 | (v & 0x3F)))
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}

/// glibc's iconv, used for every charset without a fast path.
enum Iconv {
    /// `bytes` converted from `charset` to a String, or nil when iconv does not know the
    /// charset. Invalid or incomplete sequences are taken one byte at a time through
    /// windows-1252, so that nothing is dropped.
    static func convert(_ bytes: [UInt8], from charset: String) -> (text: String, invalid: Bool)? {
        let descriptor = iconv_open("UTF-8", charset.uppercased())
        if descriptor == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(descriptor) }
        var output = [UInt8]()
        output.reserveCapacity(bytes.count * 2)
        var chunk = [UInt8](repeating: 0, count: max(256, bytes.count * 4))
        var input = bytes
        var inputOffset = 0
        var invalid = false
        while inputOffset < input.count {
            let status: (result: Int, consumed: Int, produced: Int, error: Int32) = input.withUnsafeMutableBufferPointer { inBuf in
                chunk.withUnsafeMutableBufferPointer { outBuf in
                    var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress! + inputOffset)
                        .assumingMemoryBound(to: CChar.self)
                    var inLeft = inBuf.count - inputOffset
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count
                    let before = inLeft
                    let r = iconv(descriptor, &inPtr, &inLeft, &outPtr, &outLeft)
                    let err = r == -1 ? errno : 0
                    return (r, before - inLeft, outBuf.count - outLeft, err)
                }
            }
            output.append(contentsOf: chunk[0..<status.produced])
            inputOffset += status.consumed
            if status.result == -1 {
                if status.error == E2BIG { continue }
                // EILSEQ or EINVAL: keep the offending byte through windows-1252, reset the
                // converter's shift state and go on.
                invalid = true
                if inputOffset < input.count {
                    output.append(contentsOf: Array(Charset.windows1252([input[inputOffset]]).utf8))
                    inputOffset += 1
                }
                iconv(descriptor, nil, nil, nil, nil)
            }
        }
        // Flush any shift sequence (ISO-2022-JP).
        _ = chunk.withUnsafeMutableBufferPointer { outBuf -> Int in
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
            var outLeft = outBuf.count
            _ = iconv(descriptor, nil, nil, &outPtr, &outLeft)
            output.append(contentsOf: outBuf[0..<(outBuf.count - outLeft)])
            return 0
        }
        input.removeAll()
        return (String(decoding: output, as: UTF8.self), invalid)
    }
}
