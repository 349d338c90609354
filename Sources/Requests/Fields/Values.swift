import Domain
import Foundation

/// Checks of single values (`requests.md` §1): names and designations, addresses, mobiles.
enum Values {
    /// Bidi and other format characters removed from names (ZWJ and ZWNJ stay: Indic scripts need them).
    static let removedFormatCharacters: Set<UInt32> = [
        0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0x00AD,
    ]

    /// A name or designation cleaned of format characters and extra blanks, or the expectation
    /// when it holds anything but letters and marks of any script, digits, spaces and `. , ' ( ) - & /`.
    static func personText(_ raw: String, what: String) -> Result<String, Expected> {
        // Most names and designations are plain ASCII, single-spaced: already clean, and
        // read here without the look-ups of Unicode properties below (a sheet of seven rows
        // spent a tenth of its reading time on them).
        isCleanASCII(raw) ? .success(raw) : personTextByScalar(raw, what: what)
    }

    /// `personText` for any text, scalar by scalar.
    static func personTextByScalar(_ raw: String, what: String) -> Result<String, Expected> {
        var scalars = String.UnicodeScalarView()
        for s in raw.unicodeScalars where !removedFormatCharacters.contains(s.value) {
            scalars.append(s == "\u{00A0}" || s == "\t" ? " " : s)
        }
        let text = String(scalars).split(separator: " ").joined(separator: " ")
        if text.isEmpty { return .failure(Expected(what)) }
        let allowed: Set<Unicode.Scalar> = [" ", ".", ",", "'", "(", ")", "-", "&", "/", "’"]
        // Whether the scalar before may carry a mark or joiner: a letter, a digit, or a mark
        // or joiner itself (a conjunct's virama and ZWJ). A mark at the start of a word is a
        // stray, invisible, character (a sheet's cell opening with one was stored so).
        var carrier = false
        for s in text.unicodeScalars {
            let category = s.properties.generalCategory
            let isMark = category == .nonspacingMark || category == .spacingMark || category == .enclosingMark
                || s == "\u{200C}" || s == "\u{200D}"
            if isMark {
                guard carrier else {
                    return .failure(Expected("\(what) whose accents, vowel signs and joiners follow a letter (one stands at the start of a word)"))
                }
                continue
            }
            carrier = s.properties.isAlphabetic || category == .decimalNumber
            if !carrier && !allowed.contains(s) {
                return .failure(Expected("\(what) of letters, digits, spaces and . , ' ( ) - & / only"))
            }
        }
        return .success(text)
    }

    /// True when `raw` is non-empty ASCII of letters, digits, single spaces between words and
    /// `. , ' ( ) - & /`: text `personText` would return unchanged.
    static func isCleanASCII(_ raw: String) -> Bool {
        var previous: UInt8 = 0x20   // as if a space came before: no leading space
        var count = 0
        for byte in raw.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
                 UInt8(ascii: "-"), UInt8(ascii: "&"), UInt8(ascii: "/"):
                break
            case UInt8(ascii: " ") where previous != UInt8(ascii: " "):
                break
            default:
                return false
            }
            previous = byte
            count += 1
        }
        return count > 0 && previous != UInt8(ascii: " ")
    }

    static let addressExpectation = "an e-mail address (ASCII letters only, like name@nic.in)"

    /// An address from a field: `<…>` and `mailto:` removed; ASCII only (a look-alike letter
    /// is a problem, never normalised).
    static func address(_ raw: String) -> Result<EmailAddress, Expected> {
        var t = raw.trimmingSet(" \t<>.,;\u{00A0}")
        if t.lowercased().hasPrefix("mailto:") { t = String(t.dropFirst(7)) }
        if let open = t.firstIndex(of: "<"), let close = t.lastIndex(of: ">"), open < close {
            t = String(t[t.index(after: open)..<close])
        }
        if !t.unicodeScalars.allSatisfy({ $0.isASCII }) {
            return .failure(Expected("an address in ASCII letters only (it holds a look-alike character)"))
        }
        guard let address = EmailAddress(t) else { return .failure(Expected(addressExpectation)) }
        return .success(address)
    }

    static let mobileExpectation = "a 10-digit Indian mobile number (may start with +91)"

    /// A mobile number as ten digits: blanks, hyphens and brackets removed, `+91`, `91` or `0`
    /// before the ten digits dropped; the first digit must be 6-9.
    static func mobile(_ raw: String) -> Result<String, Expected> {
        // Ten digits from 6 to 9 on: the usual way, already the number.
        let bytes = raw.utf8
        if bytes.count == 10, let first = bytes.first, first >= UInt8(ascii: "6"), first <= UInt8(ascii: "9"),
           bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return .success(raw)
        }
        var digits = raw.filter { !" -()\u{00A0}.".contains($0) }
        if digits.hasPrefix("+91") { digits = String(digits.dropFirst(3)) }
        else if digits.hasPrefix("+") { return .failure(Expected(mobileExpectation)) }
        if digits.count == 12, digits.hasPrefix("91") { digits = String(digits.dropFirst(2)) }
        if digits.count == 11, digits.hasPrefix("0") { digits = String(digits.dropFirst()) }
        guard digits.count == 10, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let first = digits.first, "6789".contains(first) else {
            return .failure(Expected(mobileExpectation))
        }
        return .success(digits)
    }
}
