/// Writes an `OutgoingMessage` as an RFC 5322 message with MIME (RFC 2045-2047, 2231):
/// CRLF line ends; header fields folded at 78 characters; non-ASCII subjects and names as
/// RFC 2047 encoded words; a UTF-8 text body in 7bit, quoted-printable or base64 so that
/// no line exceeds 998 octets; attachments in `multipart/mixed` after the text.
///
/// No value can add a header line: CR, LF and every other control character are removed
/// from values before they are written (`workflow.md` §3).
public enum Composer {
    /// The message's bytes. `boundary` seeds the multipart boundary (random when nil).
    public static func compose(_ m: OutgoingMessage, boundary: String? = nil) -> [UInt8] {
        var header: [String] = []
        header.append(fold("From", addressList([m.from])))
        if !m.to.isEmpty { header.append(fold("To", addressList(m.to))) }
        if !m.cc.isEmpty { header.append(fold("Cc", addressList(m.cc))) }
        header.append(fold("Subject", unstructured(sanitize(m.subject).trimming(" "))))
        header.append("Date: " + MessageDate.rfc5322(m.date, offsetSeconds: m.dateOffsetSeconds))
        header.append(fold("Message-ID", sanitizeID(m.messageID)))
        // A Message-ID is one word that cannot be folded: one too long for a line of 998
        // octets (RFC 5322 §2.1.1) is left out rather than break the header (a hostile mail's).
        let quotable = { (id: String) -> String? in
            let clean = sanitizeID(id)
            return clean.utf8.count <= 998 - "In-Reply-To: ".utf8.count ? clean : nil
        }
        if let reply = m.inReplyTo.flatMap(quotable) { header.append(fold("In-Reply-To", reply)) }
        let references = m.references.compactMap(quotable)
        if !references.isEmpty {
            header.append(fold("References", references.joined(separator: " ")))
        }
        if let auto = m.autoSubmitted { header.append(fold("Auto-Submitted", sanitize(auto))) }
        for (name, value) in m.extraFields {
            let cleanName = name.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            guard !cleanName.isEmpty else { continue }
            header.append(fold(cleanName, unstructured(value)))
        }
        header.append("MIME-Version: 1.0")

        let (encoding, encodedBody) = encodeText(m.body)
        var out = header.joined(separator: "\r\n") + "\r\n"
        if m.attachments.isEmpty {
            out += "Content-Type: text/plain; charset=utf-8\r\n"
            out += "Content-Transfer-Encoding: \(encoding)\r\n\r\n"
            return Array(out.utf8) + encodedBody
        }
        let b = boundary ?? "=_iddesk_" + randomToken(24)
        out += "Content-Type: multipart/mixed; boundary=\"\(b)\"\r\n\r\n"
        out += "This is a multi-part message in MIME format.\r\n"
        var bytes = Array(out.utf8)
        bytes += Array("--\(b)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: \(encoding)\r\n\r\n".utf8)
        bytes += encodedBody
        for attachment in m.attachments {
            let type = sanitize(attachment.contentType).filter { !$0.isWhitespace && $0 != ";" && $0 != "\"" }
            // A forwarded mail travels as message/rfc822, which RFC 2046 §5.2.1 keeps in 7bit
            // or 8bit: its lines become CRLF, and a mail with a line over 998 octets goes as a file.
            if type.lowercased() == "message/rfc822", let raw = Composer.rfc822Body(attachment.content) {
                var part = "\r\n--\(b)\r\nContent-Type: message/rfc822\r\n"
                part += fold("Content-Disposition", "attachment; " + parameter("filename", attachment.filename)) + "\r\n"
                part += "Content-Transfer-Encoding: \(raw.contains { $0 >= 0x80 } ? "8bit" : "7bit")\r\n\r\n"
                bytes += Array(part.utf8) + raw
                continue
            }
            var part = "\r\n--\(b)\r\n"
            let mediaType = type.isEmpty ? "application/octet-stream" : type
            // Text attachments say their charset, or readers take them as US-ASCII.
            let charset = mediaType.lowercased().hasPrefix("text/") ? "; charset=utf-8" : ""
            part += fold("Content-Type", mediaType + charset + "; " + parameter("name", attachment.filename)) + "\r\n"
            part += fold("Content-Disposition", "attachment; " + parameter("filename", attachment.filename)) + "\r\n"
            part += "Content-Transfer-Encoding: base64\r\n\r\n"
            bytes += Array(part.utf8)
            bytes += Base64.encode(attachment.content)
        }
        bytes += Array("\r\n--\(b)--\r\n".utf8)
        return bytes
    }

    /// A mail's bytes with CRLF line ends, or nil when a line exceeds 998 octets.
    static func rfc822Body(_ content: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(content.count + content.count / 40)
        var column = 0
        var i = 0
        while i < content.count {
            let c = content[i]
            if c == 0x0D || c == 0x0A {
                out += [0x0D, 0x0A]
                column = 0
                if c == 0x0D, i + 1 < content.count, content[i + 1] == 0x0A { i += 1 }
            } else {
                out.append(c)
                column += 1
                if column > 998 { return nil }
            }
            i += 1
        }
        if out.count < 2 || out[out.count - 2] != 0x0D || out[out.count - 1] != 0x0A { out += [0x0D, 0x0A] }
        return out
    }

    // MARK: Values

    /// `text` without CR, LF, or any other control character (tabs become spaces).
    public static func sanitize(_ text: String) -> String {
        // Most values are printable ASCII already: nothing to copy.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s.value {
            case 0x09: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: continue
            default: out.append(s)
            }
        }
        return String(out)
    }

    static func sanitizeID(_ id: String) -> String {
        if id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return id }
        return sanitize(id).filter { !$0.isWhitespace && $0.isASCII }
    }

    /// An unstructured value: as it is when printable ASCII, else RFC 2047 B words of UTF-8,
    /// each at most 75 characters, split between characters (RFC 2047 §2, §5(1)).
    static func unstructured(_ text: String) -> String {
        let clean = sanitize(text)
        if clean.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) && !startsEncodedWord(clean) {
            return clean
        }
        return encodedWords(clean)
    }

    /// True when `text` holds `=?`, which a reader would take for the start of an encoded
    /// word (RFC 2047 §2): such a value is written as encoded words itself. Searched over the
    /// bytes (Foundation's `contains` was a twentieth of composing a letter).
    static func startsEncodedWord(_ text: String) -> Bool {
        var afterEquals = false
        for b in text.utf8 {
            if afterEquals && b == 0x3F { return true }
            afterEquals = b == 0x3D
        }
        return false
    }

    static func encodedWords(_ text: String) -> String {
        // 75 - "=?utf-8?B?" - "?=" = 63 base64 characters = 45 bytes (a multiple of 3).
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?utf-8?B?" + String(decoding: Base64.encode(chunk, lineLength: 0), as: UTF8.self) + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty {
            words.append("=?utf-8?B?" + String(decoding: Base64.encode(chunk, lineLength: 0), as: UTF8.self) + "?=")
        }
        return words.joined(separator: " ")
    }

    /// A display name: an atom phrase when it can be, a quoted string when ASCII with
    /// specials, else encoded words.
    /// The bytes a display name may hold unquoted: RFC 5322 `atext` and the space between words.
    private static let atext: [Bool] = (0..<128).map { b in
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ".utf8.contains(UInt8(b))
    }

    static func displayName(_ name: String) -> String {
        let clean = sanitize(name).trimming(" ")
        if clean.utf8.allSatisfy({ $0 < 0x80 && atext[Int($0)] }) && !startsEncodedWord(clean) { return clean }
        if clean.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) && !startsEncodedWord(clean) {
            return "\"" + clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return encodedWords(clean)
    }

    static func addressList(_ mailboxes: [Mailbox]) -> String {
        mailboxes.map { mailbox in
            let plain = mailbox.address.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x3C && $0 != 0x3E && $0 != 0x2C }
            let address = plain ? mailbox.address
                : sanitize(mailbox.address).filter { !$0.isWhitespace && $0 != "<" && $0 != ">" && $0 != "," }
            if let name = mailbox.name, !sanitize(name).trimming(" ").isEmpty {
                return displayName(name) + " <" + address + ">"
            }
            return address
        }.joined(separator: ", ")
    }

    /// `name="value"` when the value is printable ASCII, else RFC 2231 `name*=utf-8''…`.
    static func parameter(_ name: String, _ value: String) -> String {
        let clean = sanitize(value)
        if clean.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
            return name + "=\"" + clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var encoded = ""
        for b in clean.utf8 {
            let c = Character(Unicode.Scalar(b))
            if b < 0x80 && (c.isLetter || c.isNumber || "!#$&+-.^_`|~".contains(c)) {
                encoded.append(c)
            } else {
                encoded += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return name + "*=utf-8''" + encoded
    }

    /// `Name: value` folded at blanks so that lines stay within 78 characters where possible
    /// (RFC 5322 §2.2.3); a word longer than a line stays whole (up to 998).
    static func fold(_ name: String, _ value: String) -> String {
        // Octets (RFC 5322 §2.1.1 counts octets; the values are ASCII by now, encoded words
        // included), counted as the words are added, in one pass over the value's bytes.
        var out = Array(name.utf8)
        out.reserveCapacity(out.count + value.utf8.count + 8)
        out.append(0x3A)
        let start = out.count
        var length = start
        var value = value
        value.withUTF8 { bytes in
            var wordStart = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x20 {
                let word = UnsafeBufferPointer(rebasing: bytes[wordStart..<i])
                if length + 1 + word.count > 78, length > start {
                    out.append(0x0D); out.append(0x0A)
                    length = 0
                }
                out.append(0x20)
                out.append(contentsOf: word)
                length += 1 + word.count
                wordStart = i + 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Body

    /// The body with CRLF line ends, encoded: 7bit when ASCII with short lines,
    /// quoted-printable when mostly ASCII, else base64.
    static func encodeText(_ body: String) -> (String, [UInt8]) {
        // Bytes, not Characters: a String sees "\r\n" as one Character. One pass learns what
        // the choice needs; a second writes the chosen form straight from the body's bytes,
        // its line ends (LF, CR LF, a lone CR) made CRLF on the way.
        var body = body
        return body.withUTF8 { bytes -> (String, [UInt8]) in
            var nonASCII = 0, control = false, lineLength = 0, longest = 0, lineEnds = 0, content = 0
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x0D || b == 0x0A {
                    lineEnds += 1
                    longest = max(longest, lineLength); lineLength = 0
                    if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                } else {
                    if b >= 0x80 { nonASCII += 1 } else if b < 0x20 && b != 0x09 { control = true }
                    lineLength += 1
                    content += 1
                }
                i += 1
            }
            longest = max(longest, lineLength)
            // A last line without its line end gets one; an empty body is one empty line.
            let lines = lineEnds + (lineLength > 0 || bytes.isEmpty ? 1 : 0)
            if nonASCII == 0 && longest <= 998 && !control { return ("7bit", crlf(bytes, capacity: content + 2 * lines)) }
            // The CRLF form is content + 2 bytes a line; the rule weighs the content and one
            // byte a line.
            if nonASCII * 3 < content + lines { return ("quoted-printable", quotedPrintable(bytes, lines: lines)) }
            return ("base64", Base64.encode(crlf(bytes, capacity: content + 2 * lines)) + [0x0D, 0x0A])
        }
    }

    /// `bytes` with every line end (LF, CR LF, a lone CR) made CRLF, and a CRLF after a last
    /// line that has none (or for an empty text).
    static func crlf(_ bytes: UnsafeBufferPointer<UInt8>, capacity: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        var i = 0, lineStart = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0D || b == 0x0A {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart..<i]))
                out.append(0x0D); out.append(0x0A)
                if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                lineStart = i + 1
            }
            i += 1
        }
        if lineStart < bytes.count || bytes.isEmpty {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart..<bytes.count]))
            out.append(0x0D); out.append(0x0A)
        }
        return out
    }

    /// Quoted-printable (RFC 2045 §6.7) of a text's lines, CRLF after each, with soft breaks
    /// before 76 characters, never inside an `=XX` triplet; a blank or tab that ends a line is
    /// encoded. Lines end at LF, CR LF or a lone CR; with `crEndsLine` false, at LF only, and a
    /// CR is content (`=0D`). `lines` is how many there are, for the capacity.
    static func quotedPrintable(_ bytes: UnsafeBufferPointer<UInt8>, lines: Int, crEndsLine: Bool = true) -> [UInt8] {
        let hex: StaticString = "0123456789ABCDEF"
        // At most 3 bytes a byte; a soft break (3 bytes) after at least 73 written on a line;
        // a CRLF a line.
        let capacity = bytes.count * 3 + (bytes.count * 3 / 73 + 1) * 3 + lines * 2 + 2
        return [UInt8](unsafeUninitializedCapacity: capacity) { out, written in
            var n = 0
            var column = 0
            var i = 0
            func put(_ b: UInt8) {
                precondition(n < out.count, "quoted-printable capacity")
                out[n] = b
                n += 1
            }
            hex.withUTF8Buffer { hex in
                while i <= bytes.count {
                    let atEnd = i == bytes.count
                    let b: UInt8 = atEnd ? 0x0A : bytes[i]
                    if b == 0x0A || (b == 0x0D && crEndsLine) {
                        // The text's end closes its last line, unless that line is empty
                        // (the text ended with a line end) and the text is not empty.
                        if !atEnd || bytes.isEmpty || !(bytes[i - 1] == 0x0A || (bytes[i - 1] == 0x0D && crEndsLine)) {
                            put(0x0D); put(0x0A)
                        }
                        column = 0
                        if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                        i += 1
                        continue
                    }
                    let lineEnds = i + 1 == bytes.count || bytes[i + 1] == 0x0A || (bytes[i + 1] == 0x0D && crEndsLine)
                    let literal = (b >= 33 && b <= 126 && b != 61) || ((b == 0x20 || b == 0x09) && !lineEnds)
                    let width = literal ? 1 : 3
                    if column + width > 75 {
                        put(61); put(0x0D); put(0x0A)
                        column = 0
                    }
                    if literal {
                        put(b)
                    } else {
                        put(61); put(hex[Int(b >> 4)]); put(hex[Int(b & 15)])
                    }
                    column += width
                    i += 1
                }
            }
            written = n
        }
    }

    static func randomToken(_ count: Int) -> String {
        var generator = PooledRandom()
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        return String((0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
