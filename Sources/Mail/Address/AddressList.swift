/// Reads address fields (RFC 5322 §3.4, with the obsolete forms of §4.4): display names as
/// atoms, quoted strings or RFC 2047 words; comments, also as a name (`a@b (Name)`); groups;
/// routes (`<@relay:a@b>`); and what real mailers get wrong (unquoted `.` and `@` in names,
/// a missing `>`, stray commas). Never fails: what can be read is returned, with `complete`
/// false when something had to be skipped.
public enum AddressList {
    /// The result of reading one field.
    public struct Parsed: Sendable, Equatable {
        /// The mailboxes, in order, groups flattened (each mailbox knows its group).
        public var mailboxes: [Mailbox]
        /// False when part of the field could not be read as addresses.
        public var complete: Bool
    }

    /// Reads an unfolded field value (8-bit bytes already decoded; encoded words not).
    public static func parse(_ text: String) -> Parsed {
        let scalars = Array(text.unicodeScalars)
        var mailboxes: [Mailbox] = []
        var complete = true
        var group: String?
        var itemStart = 0
        var i = 0
        var inQuote = false
        var commentDepth = 0
        var inAngle = false

        func finishItem(_ end: Int) {
            let item = Array(scalars[itemStart..<end])
            if item.allSatisfy({ $0 == " " || $0 == "\t" }) { return }
            if let mailbox = readMailbox(item, group: group) {
                mailboxes.append(mailbox)
            } else {
                complete = false
            }
        }

        while i < scalars.count {
            let c = scalars[i]
            if inQuote {
                if c == "\\" { i += 2; continue }
                if c == "\"" { inQuote = false }
            } else if commentDepth > 0 {
                if c == "\\" { i += 2; continue }
                if c == "(" { commentDepth += 1 } else if c == ")" { commentDepth -= 1 }
            } else if c == "\"" {
                inQuote = true
            } else if c == "(" {
                commentDepth = 1
            } else if c == "<" {
                inAngle = true
            } else if c == ">" {
                inAngle = false
            } else if !inAngle && c == ":" && isGroupStart(scalars[itemStart..<i]) {
                group = phrase(Array(scalars[itemStart..<i]))
                itemStart = i + 1
            } else if !inAngle && (c == "," || c == ";") {
                finishItem(i)
                if c == ";" { group = nil }
                itemStart = i + 1
            } else if inAngle && c == "," && !scalars[itemStart..<i].contains("@") {
                // A comma inside an obsolete route list (<@a,@b:x@y>); keep going.
            }
            i += 1
        }
        if inQuote || commentDepth > 0 { complete = false }
        finishItem(scalars.count)
        return Parsed(mailboxes: mailboxes, complete: complete)
    }

    /// A `name:` before any `@` or `<` opens a group; a `:` after `@` does not (it is a route or garbage).
    static func isGroupStart(_ item: ArraySlice<Unicode.Scalar>) -> Bool {
        var inQuote = false
        for c in item {
            if c == "\"" { inQuote.toggle() }
            if !inQuote && (c == "@" || c == "<") { return false }
        }
        return true
    }

    /// One mailbox from an item between commas, or nil when it holds no address.
    static func readMailbox(_ item: [Unicode.Scalar], group: String?) -> Mailbox? {
        // name-addr: the last <…> at top level holds the address.
        var inQuote = false
        var depth = 0
        var open: Int?
        var close: Int?
        for (i, c) in item.enumerated() {
            if inQuote { if c == "\"" { inQuote = false }; continue }
            if depth > 0 { if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }; continue }
            if c == "\"" { inQuote = true } else if c == "(" { depth = 1 }
            else if c == "<" { open = i; close = nil } else if c == ">", open != nil { close = i }
        }
        if let open {
            let end = close ?? item.count
            var spec = addrSpec(Array(item[(open + 1)..<end]))
            // Obsolete route: <@relay1,@relay2:user@host>.
            if spec.hasPrefix("@"), let colon = spec.firstIndex(of: ":") {
                spec = String(spec[spec.index(after: colon)...])
            }
            var name = phrase(Array(item[..<open]))
            if name?.isEmpty ?? true, close != nil, close! + 1 < item.count {
                name = commentText(Array(item[(close! + 1)...]))
            }
            guard !spec.isEmpty else { return nil }
            return Mailbox(name: name, address: spec, group: group)
        }
        // addr-spec alone, perhaps with a comment holding the name.
        let spec = addrSpec(item)
        guard !spec.isEmpty, spec.contains("@") || spec.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            return nil
        }
        return Mailbox(name: commentText(item), address: spec, group: group)
    }

    /// An addr-spec: comments and blanks removed, quoted local parts kept with their quotes
    /// dropped when the content needs none.
    static func addrSpec(_ scalars: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        var depth = 0
        var inQuote = false
        var quoted = String.UnicodeScalarView()
        for c in scalars {
            if inQuote {
                if c == "\"" {
                    inQuote = false
                    let needsQuotes = quoted.contains { " \t\"(),:;<>@[\\]".unicodeScalars.contains($0) }
                    if needsQuotes { out.append("\""); out.append(contentsOf: quoted); out.append("\"") }
                    else { out.append(contentsOf: quoted) }
                    quoted = String.UnicodeScalarView()
                } else {
                    quoted.append(c)
                }
                continue
            }
            if depth > 0 { if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }; continue }
            switch c {
            case "(": depth = 1
            case "\"": inQuote = true
            case " ", "\t", "\r", "\n", "<", ">": continue
            default: out.append(c)
            }
        }
        return String(out)
    }

    /// A display name: quoted strings unquoted, comments dropped, words joined by one space,
    /// encoded words decoded; nil when empty.
    static func phrase(_ scalars: [Unicode.Scalar]) -> String? {
        var out = String.UnicodeScalarView()
        var depth = 0
        var inQuote = false
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if inQuote {
                if c == "\\", i + 1 < scalars.count { out.append(scalars[i + 1]); i += 2; continue }
                if c == "\"" { inQuote = false } else { out.append(c) }
            } else if depth > 0 {
                if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            } else if c == "\"" {
                inQuote = true
            } else if c == "(" {
                depth = 1
            } else {
                out.append(c)
            }
            i += 1
        }
        let collapsed = String(out).split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        let decoded = EncodedWords.decode(collapsed).trimming(" \t")
        return decoded.isEmpty ? nil : decoded
    }

    /// The text of the first comment, decoded, for the obsolete `a@b (Name)` form.
    static func commentText(_ scalars: [Unicode.Scalar]) -> String? {
        guard let open = scalars.firstIndex(of: "(") else { return nil }
        var depth = 0
        var out = String.UnicodeScalarView()
        for c in scalars[open...] {
            if c == "(" { depth += 1; if depth == 1 { continue } }
            if c == ")" { depth -= 1; if depth == 0 { break } }
            out.append(c)
        }
        let text = EncodedWords.decode(String(out)).trimming(" \t")
        return text.isEmpty ? nil : text
    }
}
