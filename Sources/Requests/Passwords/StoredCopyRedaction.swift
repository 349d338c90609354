import Domain
import Mail

/// The stored copy of a mail with every password cut (`requests.md` §3.4, `workflow.md` §6).
///
/// What is cut: the value after a password word (`PasswordScanner`) in any header field (the
/// Subject, and Outlook's `Thread-Topic` that repeats it), any text part — plain, HTML (read as
/// text, so that `<td>Password</td><td>value</td>` is found too) or a text attachment, at any
/// depth, forwarded messages included — and every cell of a CSV column named like a password.
/// Each value found is then cut wherever else it stands in a text part (in its HTML-escaped
/// form too), when it is at least `minimumEchoLength` characters long.
///
/// Only what changes is rewritten, in place in the message's bytes: a header field's value
/// (RFC 2047 when not ASCII), a text part's body in the transfer encoding it had (and its
/// `Content-Type` charset made `utf-8` when the new text is not ASCII). Every other byte —
/// binary attachments, the rest of the header — stays as it was. Line ends are LF.
/// Known gap: parts beyond `[desk] max_parts` or `max_depth` are not read, so not cut; such
/// mail is filed to `.Review` as hostile.
public enum StoredCopyRedaction {
    /// What a cut value is replaced by.
    public static let marker = "[REDACTED]"
    /// Values shorter than this are cut only where they follow a password word: cutting every
    /// "ab" of a mail would destroy it.
    public static let minimumEchoLength = 4
    /// Distinct values searched for as echoes, at most; beyond, every text part is cut whole.
    public static let maximumEchoValues = 64
    /// What a text part cut whole says.
    public static let floodNote = "\(marker) (this part held more than \(maximumEchoValues) passwords and was cut whole)"

    /// The stored copy of `message` with its passwords cut, or nil when it holds none.
    /// A message cut at the size limit is never rewritten: its copy would lose the rest (it
    /// goes to `.Review` whole, for a person).
    public static func redacted(_ message: Message) -> [UInt8]? {
        guard !message.problems.contains(where: { if case .sizeLimit = $0 { return true } else { return false } }) else { return nil }
        var values: Set<String> = []
        // A leaf part's number in the walk (the same in `collect` and `rewrite`) → the CSV text
        // with its column cut. Not its byte offset: an encapsulated message's lie in another buffer.
        var csvCuts: [Int: String] = [:]
        var leaf = 0
        collect(message.root, values: &values, csvCuts: &csvCuts, leaf: &leaf)
        guard !values.isEmpty || !csvCuts.isEmpty else { return nil }
        // Longest first, so that a value holding another is cut whole.
        let echoValues = values.filter { $0.count >= minimumEchoLength && !$0.includes(marker) }
        // Each echo is a search through every text: a mail with thousands of values would hold
        // the pass for minutes. No person's mail holds that many passwords: past the limit,
        // every text part of the copy is cut whole instead.
        let flood = echoValues.count > maximumEchoValues
        let echoes = flood ? [] : Set(echoValues.flatMap { [$0, HTMLEscape.escaped($0)] }).sorted { $0.utf8.count > $1.utf8.count }
        var replacements: [(range: Range<Int>, bytes: [UInt8])] = []
        leaf = 0
        rewrite(message.root, echoes: echoes, csvCuts: csvCuts, leaf: &leaf, flood: flood, into: &replacements)
        guard !replacements.isEmpty else { return nil }
        return apply(replacements, to: message.buffer)
    }

    // MARK: Finding the values

    static func collect(_ part: MIMEPart, values: inout Set<String>, csvCuts: inout [Int: String], leaf: inout Int) {
        for field in part.header.fields {
            // "X-Password: value" names the password in the field name.
            let text = field.name + ": " + field.decodedText
            for range in PasswordScanner.valueRanges(in: text) { values.insert(trimmed(text[range])) }
            for (_, value) in parameters(of: field, in: part) {
                for range in PasswordScanner.valueRanges(in: value) { values.insert(trimmed(value[range])) }
            }
        }
        switch part.body {
        case .multipart(let children):
            for range in outsideParts(part) {
                let text = String(decoding: part.rawBody[range], as: UTF8.self)
                for found in PasswordScanner.valueRanges(in: text) { values.insert(trimmed(text[found])) }
            }
            for child in children { collect(child, values: &values, csvCuts: &csvCuts, leaf: &leaf) }
        case .message(let inner):
            collect(inner, values: &values, csvCuts: &csvCuts, leaf: &leaf)
        case .leaf:
            leaf += 1
            guard isText(part) else { return }
            let text = part.text
            for range in PasswordScanner.valueRanges(in: text) { values.insert(trimmed(text[range])) }
            if part.contentType.subtype == "html" {
                let shown = HTMLText.convert(text)
                for range in PasswordScanner.valueRanges(in: shown) { values.insert(trimmed(shown[range])) }
            }
            if isCSV(part), let (cut, cells) = CSVRows.cuttingPasswordColumns(text) {
                csvCuts[leaf] = cut
                values.formUnion(cells)
            }
        }
    }

    // MARK: Rewriting

    static func rewrite(_ part: MIMEPart, echoes: [String], csvCuts: [Int: String], leaf: inout Int, flood: Bool,
                        into replacements: inout [(range: Range<Int>, bytes: [UInt8])]) {
        for field in part.header.fields {
            let range = field.rawValue.startIndex..<field.rawValue.endIndex
            let name = field.lowercasedName
            if name == "content-type" || name == "content-disposition" {
                // A file name such as "password - s3cret.txt": the parameters are cut one by one.
                let params = parameters(of: field, in: part)
                let cutParams = params.mapValues { cutting($0, echoes: echoes) }
                if cutParams != params, let head = field.decodedText.split(separator: ";").first {
                    let value = " " + String(head).trimmingSet(" \t") + cutParams.sorted { $0.key < $1.key }.map(parameter).joined()
                    replacements.append((range, Array(value.utf8)))
                }
                continue
            }
            if trace.contains(name) { continue }
            let text = field.decodedText
            let labelled = field.name + ": " + text
            let cutLabelled = cutting(labelled, echoes: structural.contains(name) ? [] : echoes)
            guard cutLabelled != labelled else { continue }
            if structural.contains(name) {
                // An address field keeps its addresses; the display names go, and a comment says why.
                let addresses = AddressList.parse(bytes: field.unfoldedBytes).mailboxes.map(\.address)
                let value = " (password: \(marker)) " + addresses.filter { $0.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F } }.joined(separator: ", ")
                replacements.append((range, Array(value.utf8)))
            } else if !cutLabelled.hasPrefix(field.name + ": ") {
                replacements.append((range, Array(" \(marker)".utf8)))
            } else {
                let cut = String(cutLabelled.dropFirst(field.name.count + 2))
                replacements.append((range, Array((" " + PartEncoding.unstructured(cut)).utf8)))
            }
        }
        switch part.body {
        case .multipart(let children):
            // The preamble and epilogue are read by no mail program, so a password there goes
            // with the rest of their text.
            for range in outsideParts(part) {
                let text = String(decoding: part.rawBody[range], as: UTF8.self)
                if cutting(text, echoes: echoes) != text { replacements.append((range, Array("\(marker)\n".utf8))) }
            }
            for child in children { rewrite(child, echoes: echoes, csvCuts: csvCuts, leaf: &leaf, flood: flood, into: &replacements) }
        case .message(let inner):
            guard let decoded = part.encapsulatedBytes else {
                rewrite(inner, echoes: echoes, csvCuts: csvCuts, leaf: &leaf, flood: flood, into: &replacements)
                return
            }
            // A forwarded mail in base64 or quoted-printable was read from its decoded bytes:
            // the cuts inside it are made there, and the part is written again in its encoding.
            // (Made on this message's own bytes, they overwrote its top header instead.)
            var inside: [(range: Range<Int>, bytes: [UInt8])] = []
            rewrite(inner, echoes: echoes, csvCuts: csvCuts, leaf: &leaf, flood: flood, into: &inside)
            guard !inside.isEmpty else { return }
            replacements.append((part.rawBody.startIndex..<part.rawBody.endIndex,
                                 PartEncoding.encode(bytes: apply(inside, to: decoded), as: part.transferEncoding)))
        case .leaf:
            leaf += 1
            guard isText(part) else { return }
            let text = part.text
            let cut = flood ? floodNote : cutting(csvCuts[leaf] ?? text, echoes: echoes)
            guard cut != text else { return }
            replacements.append((part.rawBody.startIndex..<part.rawBody.endIndex, PartEncoding.encode(cut, as: part.transferEncoding)))
            // The rewritten part is UTF-8 now, so it says so: a label left as it was is wrong
            // for non-ASCII text, and for any text under a charset that does not write ASCII as
            // ASCII (UTF-16's zero bytes, UTF-7, ISO-2022).
            let charset = part.contentType.parameters["charset"]?.lowercased()
            let asciiLabel = charset == nil || charset == "us-ascii" || charset == "ascii"
            if charset != "utf-8", charset != "utf8", !(asciiLabel && cut.utf8.allSatisfy({ $0 < 0x80 })),
               let field = part.header.fields.first(where: { $0.lowercasedName == "content-type" }) {
                var parameters = part.contentType.parameters.mapValues { cutting($0, echoes: echoes) }
                parameters["charset"] = "utf-8"
                let value = " \(part.contentType.type)/\(part.contentType.subtype)" + parameters.sorted { $0.key < $1.key }.map(parameter).joined()
                // Replaces the parameter-only rewrite of the same field, if any.
                replacements.removeAll { $0.range == field.rawValue.startIndex..<field.rawValue.endIndex }
                replacements.append((field.rawValue.startIndex..<field.rawValue.endIndex, Array(value.utf8)))
            }
        }
    }

    /// Trace, signature and MIME-structure fields: never rewritten (what they hold is the
    /// mail servers' and the mail's own structure, and a value echoed in a boundary or a date
    /// must not break the stored copy).
    static let trace: Set<String> = [
        "date", "received", "return-path", "authentication-results", "arc-authentication-results", "arc-seal",
        "arc-message-signature", "dkim-signature", "mime-version", "content-transfer-encoding", "content-id",
        "message-id", "in-reply-to", "references",
    ]
    /// Address fields: a password word in them (a display name) leaves only the addresses and
    /// a comment, and echoes of values found elsewhere are not looked for.
    static let structural: Set<String> = ["from", "sender", "reply-to", "to", "cc", "bcc"]

    /// The parameters of a Content-Type or Content-Disposition field (the file name), none for
    /// any other field.
    static func parameters(of field: HeaderField, in part: MIMEPart) -> [String: String] {
        switch field.lowercasedName {
        case "content-type": return part.contentType.parameters
        case "content-disposition": return part.disposition?.parameters ?? [:]
        default: return [:]
        }
    }

    /// `; name="value"`, the value cleaned of control characters and quotes.
    static func parameter(_ entry: (key: String, value: String)) -> String {
        let value = Composer.sanitize(entry.value).replacingAll("\"", with: "").replacingAll("\\", with: "")
        guard value.utf8.allSatisfy({ $0 < 0x80 }) else {
            // RFC 2231: a non-ASCII value as charset''percent-encoded bytes.
            let encoded = value.utf8.map { b -> String in
                let c = Character(Unicode.Scalar(b))
                let hex = Array("0123456789ABCDEF")
                return (b < 0x80 && (c.isLetter || c.isNumber || "-._~".contains(c))) ? String(c) : "%" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
            }.joined()
            return "; \(entry.key)*=utf-8''\(encoded)"
        }
        return "; \(entry.key)=\"\(value)\""
    }

    /// The byte ranges of a multipart body before its first boundary line (the preamble) and
    /// after its closing one (the epilogue), when they hold anything.
    /// Both are found by reading lines from the body's two ends only, so a large part in
    /// between costs nothing.
    static func outsideParts(_ part: MIMEPart) -> [Range<Int>] {
        guard let boundary = part.contentType.parameters["boundary"], !boundary.isEmpty else { return [] }
        let body = part.rawBody
        let delimiter = Array(("--" + boundary).utf8)
        func delimiterLine(at i: Int) -> Bool {
            i + delimiter.count <= body.endIndex && body[i..<(i + delimiter.count)].elementsEqual(delimiter)
        }
        var out: [Range<Int>] = []
        // Forward, line by line, to the first boundary line: the preamble is what precedes it.
        var line = body.startIndex
        while line < body.endIndex, !delimiterLine(at: line) {
            guard let newline = body[line...].firstIndex(of: 0x0A) else { return out }
            line = newline + 1
        }
        guard line < body.endIndex else { return out }
        if line > body.startIndex { out.append(body.startIndex..<line) }
        // Backward, line by line, to the closing "--boundary--" line: the epilogue follows it.
        var end = body.endIndex
        while end > line {
            let start = body[line..<(end - 1)].lastIndex(of: 0x0A).map { $0 + 1 } ?? line
            if delimiterLine(at: start), start + delimiter.count + 2 <= body.endIndex,
               body[start + delimiter.count] == 0x2D, body[start + delimiter.count + 1] == 0x2D {
                if end < body.endIndex { out.append(end..<body.endIndex) }
                break
            }
            end = start
        }
        return out
    }

    /// `text` with the values after password words cut, then every echo of a value found.
    static func cutting(_ text: String, echoes: [String]) -> String {
        var out = PasswordScanner.redacted(text)
        for echo in echoes where out.includes(echo) {
            out = out.replacingAll(echo, with: marker)
        }
        return out
    }

    static func apply(_ replacements: [(range: Range<Int>, bytes: [UInt8])], to buffer: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(buffer.count)
        var position = 0
        for (range, bytes) in replacements.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) where range.lowerBound >= position {
            out += buffer[position..<range.lowerBound]
            out += bytes
            position = range.upperBound
        }
        out += buffer[position...]
        return out
    }

    static func isText(_ part: MIMEPart) -> Bool {
        part.contentType.type == "text" || isCSV(part)
    }

    static func isCSV(_ part: MIMEPart) -> Bool {
        part.contentType.subtype == "csv" || part.contentType.subtype == "comma-separated-values"
            || (part.filename?.lowercased().hasSuffix(".csv") ?? false)
    }

    static func trimmed(_ value: Substring) -> String {
        String(value).trimmingSet(" \t\u{00A0}\r")
    }
}

/// The five characters HTML escapes, so that a value is also found as it stands in HTML source.
enum HTMLEscape {
    static func escaped(_ text: String) -> String {
        text.replacingAll("&", with: "&amp;").replacingAll("<", with: "&lt;").replacingAll(">", with: "&gt;")
            .replacingAll("\"", with: "&quot;").replacingAll("'", with: "&#39;")
    }
}
