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
            if let mailbox = readMailbox(bytes, itemStart..<end, group: group) {
                mailboxes.append(mailbox)
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

    /// One mailbox from an item between commas, or nil when it holds no address.
    static func readMailbox(_ bytes: [UInt8], _ range: Range<Int>, group: String?) -> Mailbox? {
        // name-addr: the last <…> at top level holds the address.
        var inQuote = false
        var depth = 0
        var openAt: Int?
        var closeAt: Int?
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
            else if c == lt { openAt = i; closeAt = nil }
            else if c == gt, openAt != nil { closeAt = i }
            i += 1
        }
        // An unterminated quoted string or comment: nothing reliable to read.
        if inQuote || depth > 0 { return nil }
        if let openAt {
            let end = closeAt ?? range.upperBound
            var spec = addrSpec(bytes, (openAt + 1)..<min(end, range.upperBound))
            // Obsolete route: <@relay1,@relay2:user@host>.
            if spec.first == at, let c = spec.firstIndex(of: colon) {
                spec = Array(spec[(c + 1)...])
            }
            var name = phrase(bytes, range.lowerBound..<openAt)
            if name == nil, let closeAt, closeAt + 1 < range.upperBound {
                name = commentText(bytes, (closeAt + 1)..<range.upperBound)
            }
            guard !spec.isEmpty else { return nil }
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
        }
        return Mailbox(name: commentText(bytes, range), address: Charset.lossless(spec), group: group)
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
