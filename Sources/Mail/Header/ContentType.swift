/// A `Content-Type` or `Content-Disposition` value (RFC 2045 §5.1, RFC 2183): the value before
/// the first `;` and its parameters, with RFC 2231 continuations and charsets and the RFC
/// 2047 words that mailers put inside quoted filenames decoded.
public struct ParameterizedValue: Sendable, Equatable {
    /// The value before the parameters, lower-case (`text/plain`, `attachment`).
    public var value: String
    /// The parameters by lower-case name; the first of duplicates wins.
    public var parameters: [String: String]

    /// Makes a value with parameters.
    public init(value: String, parameters: [String: String] = [:]) {
        self.value = value
        self.parameters = parameters
    }

    /// Reads a header value. Never fails: a missing closing quote runs to the end, unquoted
    /// special characters run to the next `;`.
    public init(parsing text: String) {
        var scalars = Array(text.unicodeScalars)
        // Comments never carry meaning here; drop them (outside quoted strings).
        scalars = ParameterizedValue.removingComments(scalars)
        var i = 0
        func skipBlanks() { while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 } }
        skipBlanks()
        var head = String.UnicodeScalarView()
        while i < scalars.count, scalars[i] != ";" { head.append(scalars[i]); i += 1 }
        value = String(head).lowercased().filter { $0 != " " && $0 != "\t" && $0 != "\"" }

        var raw: [(name: String, value: String, quoted: Bool)] = []
        while i < scalars.count {
            // At a ';'.
            i += 1
            skipBlanks()
            var name = String.UnicodeScalarView()
            while i < scalars.count, scalars[i] != "=", scalars[i] != ";" { name.append(scalars[i]); i += 1 }
            let key = String(name).trimming(" \t").lowercased()
            guard i < scalars.count, scalars[i] == "=" else { continue }
            i += 1
            skipBlanks()
            var v = String.UnicodeScalarView()
            var quoted = false
            if i < scalars.count, scalars[i] == "\"" {
                quoted = true
                i += 1
                while i < scalars.count, scalars[i] != "\"" {
                    if scalars[i] == "\\", i + 1 < scalars.count { i += 1 }
                    v.append(scalars[i])
                    i += 1
                }
                // Past the closing quote, up to the next ';'.
                while i < scalars.count, scalars[i] != ";" { i += 1 }
            } else {
                while i < scalars.count, scalars[i] != ";" { v.append(scalars[i]); i += 1 }
            }
            let text = quoted ? String(v) : String(v).trimming(" \t")
            if !key.isEmpty { raw.append((key, text, quoted)) }
        }
        parameters = ParameterizedValue.combine(raw)
    }

    /// Joins RFC 2231 continuations (`name*0`, `name*1*`) and decodes extended values
    /// (`charset'language'%XX`); plain values have their RFC 2047 words decoded.
    static func combine(_ raw: [(name: String, value: String, quoted: Bool)]) -> [String: String] {
        var plain: [String: String] = [:]
        var sections: [String: [(index: Int, value: String, extended: Bool)]] = [:]
        for (name, value, _) in raw {
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                let rest = name[name.index(after: star)...]
                if rest.isEmpty {
                    sections[base, default: []].append((0, value, true))
                } else {
                    let extended = rest.hasSuffix("*")
                    let digits = extended ? rest.dropLast() : rest
                    guard let index = Int(digits) else { continue }
                    sections[base, default: []].append((index, value, extended))
                }
            } else if plain[name] == nil {
                plain[name] = EncodedWords.decode(value)
            }
        }
        for (base, parts) in sections {
            let ordered = parts.sorted { $0.index < $1.index }
            var charset: String?
            var bytes = [UInt8]()
            for (n, part) in ordered.enumerated() {
                var value = Substring(part.value)
                if part.extended {
                    if n == 0 {
                        // charset'language'value
                        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if pieces.count == 3 {
                            charset = pieces[0].isEmpty ? nil : String(pieces[0])
                            value = pieces[2]
                        }
                    }
                    bytes += percentDecode(value)
                } else {
                    bytes += Array(value.utf8)
                }
            }
            // An RFC 2231 value wins over a plain one of the same name (RFC 2231 §4).
            plain[base] = Charset.decode(bytes, label: charset ?? "utf-8").text
        }
        return plain
    }

    static func percentDecode(_ s: Substring) -> [UInt8] {
        let bytes = Array(s.utf8)
        var out = [UInt8]()
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
               let hi = QuotedPrintable.hexValue(bytes[i + 1]), let lo = QuotedPrintable.hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    static func removingComments(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard scalars.contains("(") else { return scalars }
        var out: [Unicode.Scalar] = []
        var depth = 0
        var inQuote = false
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if inQuote {
                out.append(c)
                if c == "\\", i + 1 < scalars.count { out.append(scalars[i + 1]); i += 2; continue }
                if c == "\"" { inQuote = false }
            } else if depth > 0 {
                if c == "\\" { i += 2; continue }
                if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            } else if c == "\"" {
                inQuote = true
                out.append(c)
            } else if c == "(" {
                depth = 1
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }
}

/// A MIME media type (RFC 2045 §5): `type/subtype` and parameters.
public struct ContentType: Sendable, Equatable {
    /// The top-level type, lower-case (`text`, `multipart`, `application`).
    public var type: String
    /// The subtype, lower-case (`plain`, `mixed`, `octet-stream`).
    public var subtype: String
    /// Parameters by lower-case name (`charset`, `boundary`, `name`).
    public var parameters: [String: String]

    /// `type/subtype`.
    public var mimeType: String { "\(type)/\(subtype)" }

    /// Makes a media type; names are lower-cased.
    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters
    }

    /// `text/plain; charset=us-ascii`, the default of RFC 2045 §5.2.
    public static let defaultText = ContentType(type: "text", subtype: "plain", parameters: ["charset": "us-ascii"])

    /// Reads a Content-Type value. A value with no `/` is read as its type with a guessed
    /// subtype (`text` → `text/plain`, as Python's email package does); a value that is not
    /// a type at all gives `defaultValue`.
    public init(parsing text: String, defaultValue: ContentType = .defaultText) {
        let parsed = ParameterizedValue(parsing: text)
        let pieces = parsed.value.split(separator: "/", maxSplits: 1)
        if pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty {
            self.init(type: String(pieces[0]), subtype: String(pieces[1]), parameters: parsed.parameters)
        } else if pieces.count >= 1, pieces[0] == "text" {
            self.init(type: "text", subtype: "plain", parameters: parsed.parameters)
        } else if pieces.count >= 1, pieces[0] == "multipart", parsed.parameters["boundary"] != nil {
            self.init(type: "multipart", subtype: "mixed", parameters: parsed.parameters)
        } else {
            self = defaultValue
            for (k, v) in parsed.parameters where parameters[k] == nil { parameters[k] = v }
        }
    }
}

extension String {
    /// The text without the characters of `set` at its start and end, compared as Characters
    /// (a blank a combining mark follows is not a blank). `set` must hold single scalars
    /// (`" \t\u{00A0}"`); a CR LF in the text is one character, which no such set holds.
    public func trimming(_ set: String) -> String {
        // Nothing to trim when the text starts and ends with an ASCII byte outside the set
        // (no Character starting or ending with such a byte can be one of the set's single
        // scalars): the common case, answered without walking Characters.
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80,
           !set.utf8.contains(first), !set.utf8.contains(last) {
            return self
        }
        // Blanks before and after ASCII text are cut over bytes, each when it is a character of
        // its own: its neighbour inward is ASCII (no combining mark joins it) and the two are
        // not a CR LF (one character). Anything else is left to the Character loop below.
        let bytes = Array(utf8)
        func member(_ b: UInt8) -> Bool { b < 0x80 && set.utf8.contains(b) }
        func pair(_ a: UInt8, _ b: UInt8) -> Bool { a == 0x0D && b == 0x0A }
        var start = 0, end = bytes.count
        while start < end, member(bytes[start]),
              start + 1 == end || (bytes[start + 1] < 0x80 && !pair(bytes[start], bytes[start + 1])) { start += 1 }
        while end > start, member(bytes[end - 1]),
              end - 1 == start || (bytes[end - 2] < 0x80 && !pair(bytes[end - 2], bytes[end - 1])) { end -= 1 }
        let inner = start == 0 && end == bytes.count ? self : String(decoding: bytes[start..<end], as: UTF8.self)
        if let first = inner.utf8.first, let last = inner.utf8.last, first < 0x80, last < 0x80, !member(first), !member(last) {
            return inner
        }
        return inner.trimmingByCharacter(set)
    }

    /// `trimming(_:)` Character by Character.
    func trimmingByCharacter(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
