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
        if clean.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !clean.contains("=?") {
            return clean
        }
        return encodedWords(clean)
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
        if clean.utf8.allSatisfy({ $0 < 0x80 && atext[Int($0)] }) && !clean.contains("=?") { return clean }
        if clean.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !clean.contains("=?") {
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
        // included), counted as the words are added.
        var out = Array(name.utf8)
        out.append(0x3A)
        let start = out.count
        var length = start
        for word in value.utf8.split(separator: 0x20, omittingEmptySubsequences: false) {
            if length + 1 + word.count > 78, length > start {
                out.append(0x0D); out.append(0x0A)
                length = 0
            }
            out.append(0x20)
            out.append(contentsOf: word)
            length += 1 + word.count
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Body

    /// The body with CRLF line ends, encoded: 7bit when ASCII with short lines,
    /// quoted-printable when mostly ASCII, else base64.
    static func encodeText(_ body: String) -> (String, [UInt8]) {
        // Bytes, not Characters: a String sees "\r\n" as one Character, and Foundation's
        // replacingOccurrences is the slowest step of composing a letter.
        // One pass writes the CRLF form and learns what the 7bit test needs; only a body that
        // fails it is cut into lines for quoted-printable or encoded whole as base64.
        var out: [UInt8] = []
        out.reserveCapacity(body.utf8.count + body.utf8.count / 32 + 2)
        var afterCR = false
        var nonASCII = 0
        var control = false
        var lineLength = 0, longest = 0
        for b in body.utf8 {
            if b == 0x0A && afterCR { afterCR = false; continue }
            afterCR = b == 0x0D
            if b == 0x0A || b == 0x0D {
                out.append(0x0D); out.append(0x0A)
                longest = max(longest, lineLength); lineLength = 0
                continue
            }
            if b >= 0x80 { nonASCII += 1 } else if b < 0x20 && b != 0x09 { control = true }
            out.append(b)
            lineLength += 1
        }
        if lineLength > 0 || out.isEmpty { out.append(0x0D); out.append(0x0A) }
        longest = max(longest, lineLength)
        if nonASCII == 0 && longest <= 998 && !control { return ("7bit", out) }
        // The lines without their CRLF, for the encoders.
        var lines = out.split(separator: 0x0A, omittingEmptySubsequences: false).map { $0.dropLast() }
        lines.removeLast()
        let normalizedCount = out.count - lines.count
        if nonASCII * 3 < normalizedCount { return ("quoted-printable", quotedPrintable(lines)) }
        return ("base64", Base64.encode(out) + [0x0D, 0x0A])
    }

    /// Quoted-printable (RFC 2045 §6.7) with soft breaks before 76 characters, never inside
    /// an `=XX` triplet.
    static func quotedPrintable(_ lines: [ArraySlice<UInt8>]) -> [UInt8] {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(0) { $0 + $1.count } * 2)
        for line in lines {
            var column = 0
            let last = line.endIndex - 1
            for i in line.indices {
                let b = line[i]
                let literal = (b >= 33 && b <= 126 && b != 61) || ((b == 0x20 || b == 0x09) && i != last)
                let width = literal ? 1 : 3
                if column + width > 75 {
                    out.append(61); out.append(0x0D); out.append(0x0A)
                    column = 0
                }
                if literal {
                    out.append(b)
                } else {
                    out.append(61); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
                }
                column += width
            }
            out.append(0x0D); out.append(0x0A)
        }
        return out
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
