/// One `Authentication-Results` header field (RFC 8601 §2.2): the authserv-id of the server
/// that wrote it and each method's result with its properties. Only the parse; which fields
/// to believe (their authserv-id, their place above the first foreign `Received`) is the
/// sender check's decision (`workflow.md` §5).
public struct AuthenticationResults: Sendable, Equatable {
    /// One `method=result` clause (RFC 8601 §2.2 `resinfo`).
    public struct MethodResult: Sendable, Equatable {
        /// The method, lower-case, without its `/version` (`dkim`, `spf`, `dmarc`, …).
        public var method: String
        /// The result, lower-case (`pass`, `fail`, `none`, …).
        public var result: String
        /// The `reason=` value, or nil.
        public var reason: String?
        /// Properties by `ptype.property`, lower-case keys (`header.from`, `header.d`,
        /// `smtp.mailfrom`), values as written (quotes removed).
        public var properties: [String: String]

        /// Makes a result.
        public init(method: String, result: String, reason: String? = nil, properties: [String: String] = [:]) {
            self.method = method; self.result = result; self.reason = reason; self.properties = properties
        }
    }

    /// The authserv-id, lower-case.
    public var authservID: String
    /// The results in order; empty for `none`.
    public var results: [MethodResult]

    /// Parses a field's unfolded value; nil when it has no authserv-id. Comments (nested,
    /// with `;` or `=` inside) are dropped, quoted strings unquoted; a clause without
    /// `method=result` is skipped rather than failing the whole field.
    public init?(_ value: String) {
        let segments = AuthenticationResults.tokens(value).split(separator: .semicolon, omittingEmptySubsequences: false)
        guard let head = segments.first, case .word(let id)? = head.first else { return nil }
        authservID = id.lowercased()
        results = segments.dropFirst().compactMap { AuthenticationResults.methodResult(Array($0)) }
    }

    enum Token: Equatable {
        case word(String)
        case equals
        case semicolon
    }

    /// Words, `=` and `;`, outside comments; quoted strings become one word; `a . b` is
    /// joined to `a.b` (RFC 8601 allows CFWS around the dot of a property).
    static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var word = ""
        var depth = 0
        var quoted = false
        var escaped = false
        func flush() {
            if !word.isEmpty { tokens.append(.word(word)) }
            word = ""
        }
        for character in text {
            if escaped { escaped = false; if depth == 0 { word.append(character) }; continue }
            if character == "\\" && (quoted || depth > 0) { escaped = true; continue }
            if quoted {
                if character == "\"" { quoted = false; tokens.append(.word(word)); word = "" } else { word.append(character) }
                continue
            }
            if depth > 0 {
                if character == "(" { depth += 1 } else if character == ")" { depth -= 1 }
                continue
            }
            switch character {
            case "(": flush(); depth = 1
            case "\"": flush(); quoted = true
            case "=": flush(); tokens.append(.equals)
            case ";": flush(); tokens.append(.semicolon)
            case " ", "\t", "\r", "\n": flush()
            default: word.append(character)
            }
        }
        flush()
        // Join `ptype . property` written with blanks around the dot.
        var joined: [Token] = []
        var i = 0
        while i < tokens.count {
            if case .word(let a) = tokens[i], i + 2 < tokens.count, tokens[i + 1] == .word("."), case .word(let b) = tokens[i + 2] {
                joined.append(.word(a + "." + b))
                i += 3
            } else {
                joined.append(tokens[i])
                i += 1
            }
        }
        return joined
    }

    /// One clause: `method[/version] = result [reason = value] (ptype.property = value)*`.
    static func methodResult(_ tokens: [Token]) -> MethodResult? {
        guard tokens.count >= 3, case .word(let method) = tokens[0], tokens[1] == .equals, case .word(let result) = tokens[2] else {
            return nil
        }
        var clause = MethodResult(method: String(method.lowercased().split(separator: "/").first ?? ""), result: result.lowercased())
        var i = 3
        while i < tokens.count {
            if i + 2 < tokens.count, case .word(let key) = tokens[i], tokens[i + 1] == .equals, case .word(let value) = tokens[i + 2] {
                if key.lowercased() == "reason" { clause.reason = value } else { clause.properties[key.lowercased()] = value }
                i += 3
            } else {
                i += 1
            }
        }
        return clause
    }
}
