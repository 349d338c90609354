/// A JSON value whose objects keep their keys in the order written, so that the command
/// line's `--format json` prints keys in the order `cli.md` lists them (RFC 8259).
public indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number.
    case int(Int)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, keys in order.
    case object([(String, JSONValue)])

    /// A string, or `null` for nil.
    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    /// The value as JSON text, indented by two spaces per level.
    public func rendered(indent: Int = 0) -> String {
        var out = ""
        write(into: &out, indent: indent)
        return out
    }

    /// The value as JSON text on one line with no spaces between tokens: the form the registry
    /// stores (a letter's variables, a request's command), read back only by JSON parsers.
    public var compact: String {
        var out = ""
        write(into: &out, indent: nil)
        return out
    }

    /// Appends the value to `out`, indented from level `indent`, or on one line when nil; one
    /// buffer for the whole value, since letters' variables are rendered for every letter queued.
    func write(into out: inout String, indent: Int?) {
        func newline(_ level: Int?) {
            guard let level else { return }
            out += "\n"
            for _ in 0..<level { out += "  " }
        }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .string(let s): JSONValue.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                newline(indent.map { $0 + 1 })
                item.write(into: &out, indent: indent.map { $0 + 1 })
            }
            newline(indent)
            out += "]"
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{"
            for (n, (key, value)) in pairs.enumerated() {
                if n > 0 { out += "," }
                newline(indent.map { $0 + 1 })
                JSONValue.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(into: &out, indent: indent.map { $0 + 1 })
            }
            newline(indent)
            out += "}"
        }
    }

    /// Appends `s` to `out` as a JSON string: quotes, backslashes and control characters
    /// escaped (RFC 8259 §7).
    static func quote(_ s: String, into out: inout String) {
        out += "\""
        defer { out += "\"" }
        // Most values need no escaping at all. Checked over the contiguous bytes: through the
        // UTF8View each byte was a protocol witness call, and letters quote hundreds a mail.
        // Text outside ASCII (a name in Devanagari) is written as it is too, unless it holds
        // U+2028 or U+2029 (E2 80 A8, E2 80 A9), which are escaped.
        var s = s
        if s.withUTF8({ JSONValue.needsNoEscape($0) }) { out += s; return }
        quoteByScalar(s, into: &out)
    }

    /// True when UTF-8 `bytes` hold no quote, backslash, control character, U+2028 or U+2029.
    static func needsNoEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var wide = false
        for byte in bytes {
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { return false }
            if byte >= 0x80 { wide = true }
        }
        guard wide, bytes.count >= 3 else { return true }
        for i in 0..<(bytes.count - 2) where bytes[i] == 0xE2 && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9) {
            return false
        }
        return true
    }

    /// The body of `quote(_:into:)` for text that needs escaping, scalar by scalar.
    static func quoteByScalar(_ s: String, into out: inout String) {
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }

    /// Equal when they render the same (key order included).
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.rendered() == rhs.rendered()
    }
}
