/// Reads address fields (RFC 5322 §3.4, with the obsolete forms of §4.4): display names as
/// atoms, quoted strings or RFC 2047 words; comments, also as a name (`a@b (Name)`); groups;
/// routes (`<@relay:a@b>`); and what real mailers get wrong (unquoted `.` and `@` in names,
/// a missing `>`, stray commas). Never fails: what can be read is returned, with `complete`
/// false when something had to be skipped.
///
/// It works on the field's bytes: every delimiter is ASCII, and 8-bit bytes (RFC 6532 UTF-8,
/// or a legacy charset) are copied through and read as UTF-8, else windows-1252.
public enum AddressList {
    /// The result of reading one field.
    public struct Parsed: Sendable, Equatable {
        /// The mailboxes, in order, groups flattened (each mailbox knows its group).
        public var mailboxes: [Mailbox]
        /// False when part of the field could not be read as addresses.
        public var complete: Bool
    }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    private static let open = UInt8(ascii: "("), close = UInt8(ascii: ")")
    private static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), at = UInt8(ascii: "@")
    private static let comma = UInt8(ascii: ","), semicolon = UInt8(ascii: ";"), colon = UInt8(ascii: ":")

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// Reads an unfolded field value (encoded words not yet decoded).
    public static func parse(_ text: String) -> Parsed {
        parse(bytes: Array(text.utf8))
    }

    /// Reads an unfolded field value given as bytes.
    public static func parse(bytes: [UInt8]) -> Parsed {
        var mailboxes: [Mailbox] = []
        var complete = true
        var group: String?
        var itemStart = 0
        var i = 0
        var inQuote = false
        var commentDepth = 0
        var inAngle = false
        // Whether the current item has an "@" or "<" outside quotes: then a ":" is not a group.
        var itemHasAddress = false
        let n = bytes.count

        func finishItem(_ end: Int) {
            var s = itemStart
            while s < end, isBlank(bytes[s]) { s += 1 }
            if s == end { return }
            var clean = true
            if let mailbox = readMailbox(bytes, itemStart..<end, group: group, clean: &clean) {
                mailboxes.append(mailbox)
                if !clean { complete = false }
            } else {
                complete = false
            }
        }

        while i < n {
            let c = bytes[i]
            if inQuote {
                if c == backslash { i += 2; continue }
                if c == quote { inQuote = false }
            } else if commentDepth > 0 {
                if c == backslash { i += 2; continue }
                if c == open { commentDepth += 1 } else if c == close { commentDepth -= 1 }
            } else if c == quote {
                inQuote = true
            } else if c == open {
                commentDepth = 1
            } else if c == lt {
                inAngle = true
                itemHasAddress = true
            } else if c == gt {
                inAngle = false
            } else if c == at {
                itemHasAddress = true
            } else if !inAngle && c == colon && !itemHasAddress {
                group = phrase(bytes, itemStart..<i)
                itemStart = i + 1
            } else if !inAngle && (c == comma || c == semicolon) {
                finishItem(i)
                if c == semicolon { group = nil }
                itemStart = i + 1
                itemHasAddress = false
            }
            i += 1
        }
        if inQuote || commentDepth > 0 { complete = false }
        finishItem(min(i, n))
        return Parsed(mailboxes: mailboxes, complete: complete)
    }

    /// One mailbox from an item between commas, or nil when it holds no address or is
    /// ambiguous: two angle addresses, control characters, junk after the `>`, or an
    /// addr-spec that is not `local@domain` (two `@`, a `:` in the domain). A display name
    /// holding an unquoted `@` is read but sets `clean` false: the list is then incomplete, so
    /// the sender check can refuse it (`workflow.md` §5).
    static func readMailbox(_ bytes: [UInt8], _ range: Range<Int>, group: String?, clean: inout Bool) -> Mailbox? {
        // Control characters (a NUL, an escape) never belong in an address field.
        if bytes[range].contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }) { return nil }
        var inQuote = false
        var depth = 0
        var openAt: Int?
        var closeAt: Int?
        var angles = 0
        var atInPhrase = false
        var i = range.lowerBound
        while i < range.upperBound {
            let c = bytes[i]
            if inQuote {
                if c == backslash { i += 2; continue }
                if c == quote { inQuote = false }
            } else if depth > 0 {
                if c == open { depth += 1 } else if c == close { depth -= 1 }
            } else if c == quote { inQuote = true }
            else if c == open { depth = 1 }
            else if c == lt { openAt = i; closeAt = nil; angles += 1 }
            else if c == gt, openAt != nil { closeAt = i }
            else if c == at, openAt == nil { atInPhrase = true }
            i += 1
        }
        // An unterminated quoted string or comment: nothing reliable to read.
        if inQuote || depth > 0 { return nil }
        if let openAt {
            guard angles == 1 else { return nil }
            // A missing ">" (a mailer's slip) runs to the end of the item; after a ">" only
            // blanks and comments may follow.
            let closeAt = closeAt ?? range.upperBound
            var j = closeAt + 1
            var d = 0
            while j < range.upperBound {
                let c = bytes[j]
                if d > 0 { if c == open { d += 1 } else if c == close { d -= 1 } }
                else if c == open { d = 1 }
                else if !isBlank(c) { return nil }
                j += 1
            }
            var spec = addrSpec(bytes, (openAt + 1)..<closeAt)
            // Obsolete route: <@relay1,@relay2:user@host>.
            if spec.first == at, let c = spec.firstIndex(of: colon) {
                spec = Array(spec[(c + 1)...])
            }
            guard !spec.isEmpty, isAddrSpec(spec) else { return nil }
            var name = phrase(bytes, range.lowerBound..<openAt)
            if name == nil, closeAt + 1 < range.upperBound {
                name = commentText(bytes, (closeAt + 1)..<range.upperBound)
            }
            if atInPhrase { clean = false }
            return Mailbox(name: name, address: Charset.lossless(spec), group: group)
        }
        // addr-spec alone, perhaps with a comment holding the name.
        let spec = addrSpec(bytes, range)
        guard !spec.isEmpty else { return nil }
        if !spec.contains(at) {
            // Only a bare word (MAILER-DAEMON, postmaster) is kept; anything else is junk.
            let ok = spec.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b == 0x2D || b == 0x5F || b == 0x2E
            }
            if !ok { return nil }
        } else if !isAddrSpec(spec) {
            return nil
        }
        return Mailbox(name: commentText(bytes, range), address: Charset.lossless(spec), group: group)
    }

    /// `local@domain`: one `@` outside a quoted local part, both sides non-empty, and a domain
    /// of letters, digits, dots, hyphens (any script, RFC 6532) or a `[literal]`.
    static func isAddrSpec(_ spec: [UInt8]) -> Bool {
        var inQuote = false
        var atIndex: Int?
        for (i, c) in spec.enumerated() {
            if c == quote { inQuote.toggle(); continue }
            if !inQuote && c == at {
                if atIndex != nil { return false }
                atIndex = i
            }
        }
        guard let atIndex, atIndex > 0, atIndex < spec.count - 1 else { return false }
        let domain = spec[(atIndex + 1)...]
        if domain.first == UInt8(ascii: "[") { return domain.last == UInt8(ascii: "]") }
        return domain.allSatisfy { c in
            c >= 0x80 || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) || c == 0x2D || c == 0x2E || c == 0x5F
        }
    }

    /// An addr-spec: comments and blanks removed, a quoted local part unquoted when its
    /// content needs no quotes.
    static func addrSpec(_ bytes: [UInt8], _ range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var depth = 0
        var i = range.lowerBound
        while i < range.upperBound {
            let c = bytes[i]
            if depth > 0 {
                if c == open { depth += 1 } else if c == close { depth -= 1 }
                i += 1
                continue
            }
            if c == quote {
                var j = i + 1
                var quoted: [UInt8] = []
                while j < range.upperBound, bytes[j] != quote {
                    if bytes[j] == backslash, j + 1 < range.upperBound { j += 1 }
                    quoted.append(bytes[j])
                    j += 1
                }
                let needsQuotes = quoted.contains { b in " \t\"(),:;<>@[\\]".utf8.contains(b) }
                if needsQuotes { out.append(quote); out += quoted; out.append(quote) } else { out += quoted }
                i = j + 1
                continue
            }
            // A no-break space (UTF-8 C2 A0) pasted around an address is a blank too.
            if c == 0xC2, i + 1 < range.upperBound, bytes[i + 1] == 0xA0 { i += 2; continue }
            switch c {
            case open: depth = 1
            case 0x20, 0x09, 0x0A, 0x0D, lt, gt: break
            default: out.append(c)
            }
            i += 1
        }
        return out
    }

    /// A display name: quoted strings unquoted, comments dropped, blank runs collapsed to one
    /// space, encoded words decoded; nil when empty.
    static func phrase(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var depth = 0
        var inQuote = false
        var pendingBlank = false
        var i = range.lowerBound
        while i < range.upperBound {
            let c = bytes[i]
            if depth > 0 {
                if c == open { depth += 1 } else if c == close { depth -= 1 }
                i += 1
                continue
            }
            if inQuote {
                if c == backslash, i + 1 < range.upperBound {
                    if pendingBlank && !out.isEmpty { out.append(0x20) }
                    pendingBlank = false
                    out.append(bytes[i + 1])
                    i += 2
                    continue
                }
                if c == quote { inQuote = false; i += 1; continue }
            } else if c == quote {
                inQuote = true
                i += 1
                continue
            } else if c == open {
                depth = 1
                i += 1
                continue
            }
            if isBlank(c) {
                pendingBlank = true
            } else {
                if pendingBlank && !out.isEmpty { out.append(0x20) }
                pendingBlank = false
                out.append(c)
            }
            i += 1
        }
        if out.isEmpty { return nil }
        let text = Charset.lossless(out)
        let decoded = out.contains(UInt8(ascii: "?")) ? EncodedWords.decode(text).trimming(" \t") : text
        return decoded.isEmpty ? nil : decoded
    }

    /// The text of the first comment, decoded, for the obsolete `a@b (Name)` form.
    static func commentText(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        guard let start = bytes[range].firstIndex(of: open) else { return nil }
        var depth = 0
        var out: [UInt8] = []
        var i = start
        while i < range.upperBound {
            let c = bytes[i]
            if c == open { depth += 1; if depth == 1 { i += 1; continue } }
            if c == close { depth -= 1; if depth == 0 { break } }
            out.append(c)
            i += 1
        }
        let text = EncodedWords.decode(Charset.lossless(out)).trimming(" \t")
        return text.isEmpty ? nil : text
    }
}
