#if canImport(Glibc)
import Glibc
#endif

/// The RFC 5322 / MIME parser (RFC 5322 §2-3, RFC 2045-2046). It reads any bytes: line ends
/// CRLF, LF or bare CR; header lines that are not fields; multiparts without their closing
/// boundary; nesting and part counts beyond the limits. It never throws and never recurses
/// deeper than `ParseLimits.maxDepth`; what it had to work around is in `Message.problems`.
struct MessageParser {
    let limits: ParseLimits
    var problems: [MailProblem] = []
    var partCount = 0
    var reportedPartLimit = false
    var reportedDepthLimit = false

    init(limits: ParseLimits) {
        self.limits = limits
    }

    /// Bytes with every CRLF and bare CR turned into LF, so that one rule reads every mail.
    static func normalizingLineEnds(_ bytes: [UInt8]) -> [UInt8] {
        let hasCR = bytes.withUnsafeBufferPointer { p in
            p.count > 0 && memchr(p.baseAddress!, 0x0D, p.count) != nil
        }
        guard hasCR else { return bytes }
        return [UInt8](unsafeUninitializedCapacity: bytes.count) { out, written in
            bytes.withUnsafeBufferPointer { p in
                var i = 0, o = 0
                let n = p.count
                while i < n {
                    let b = p[i]
                    if b == 0x0D {
                        out[o] = 0x0A
                        if i + 1 < n, p[i + 1] == 0x0A { i += 1 }
                    } else {
                        out[o] = b
                    }
                    o += 1
                    i += 1
                }
                written = o
            }
        }
    }

    /// The index of the next LF at or after `start`, or `end`.
    @inline(__always)
    static func lineEnd(_ buf: [UInt8], from start: Int, to end: Int) -> Int {
        guard start < end else { return end }
        return buf.withUnsafeBufferPointer { p in
            guard let hit = memchr(p.baseAddress! + start, 0x0A, end - start) else { return end }
            return p.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    // MARK: Header

    static func isFieldNameByte(_ b: UInt8) -> Bool { b > 0x20 && b < 0x7F && b != 0x3A }

    /// The length of a field name at `start` when the line is `Name:` (blanks allowed before
    /// the colon, RFC 5322 §4.5), else nil.
    static func fieldNameEnd(_ buf: [UInt8], from start: Int, to lineEnd: Int) -> (nameEnd: Int, colon: Int)? {
        var i = start
        while i < lineEnd, isFieldNameByte(buf[i]) { i += 1 }
        let nameEnd = i
        guard nameEnd > start else { return nil }
        while i < lineEnd, buf[i] == 0x20 || buf[i] == 0x09 { i += 1 }
        guard i < lineEnd, buf[i] == 0x3A else { return nil }
        return (nameEnd, i)
    }

    /// True when a field line follows before the next blank line (looking a few lines ahead):
    /// then a stray line is skipped instead of ending the header.
    static func moreFieldsFollow(_ buf: [UInt8], from start: Int, to end: Int) -> Bool {
        var i = start
        var lines = 0
        while i < end, lines < 8 {
            let e = lineEnd(buf, from: i, to: end)
            if e == i { return false }
            if buf[i] != 0x20, buf[i] != 0x09, fieldNameEnd(buf, from: i, to: e) != nil { return true }
            i = e + 1
            lines += 1
        }
        return false
    }

    /// Reads the header block at `start`; returns its fields and where the body starts.
    mutating func parseHeader(_ buf: [UInt8], from start: Int, to end: Int, top: Bool) -> (Header, Int) {
        var i = start
        if top {
            if end - i >= 3, buf[i] == 0xEF, buf[i + 1] == 0xBB, buf[i + 2] == 0xBF { i += 3 }
            // An mbox "From " separator line.
            if end - i >= 5, buf[i] == 0x46, buf[i + 1] == 0x72, buf[i + 2] == 0x6F, buf[i + 3] == 0x6D, buf[i + 4] == 0x20 {
                i = min(end, MessageParser.lineEnd(buf, from: i, to: end) + 1)
            }
        }
        var fields: [HeaderField] = []
        var skipped: [Int] = []
        var name: String?
        var valueStart = 0
        var valueEnd = 0
        var lineNumber = 0
        func finish() {
            if let n = name { fields.append(HeaderField(name: n, rawValue: buf[valueStart..<valueEnd])) }
            name = nil
        }
        while i < end {
            lineNumber += 1
            let e = MessageParser.lineEnd(buf, from: i, to: end)
            if e == i {
                finish()
                return (Header(fields: fields, skippedLines: skipped), min(end, e + 1))
            }
            let first = buf[i]
            if first == 0x20 || first == 0x09 {
                if name != nil {
                    valueEnd = e
                } else {
                    // A continuation with nothing to continue (the header starts with one).
                    problems.append(.malformedHeaderLine(line: lineNumber))
                    skipped.append(i)
                }
            } else if let (nameEnd, colon) = MessageParser.fieldNameEnd(buf, from: i, to: e) {
                finish()
                name = String(decoding: buf[i..<nameEnd], as: UTF8.self)
                valueStart = colon + 1
                valueEnd = e
            } else if MessageParser.moreFieldsFollow(buf, from: min(end, e + 1), to: end) {
                // A broken line inside the header ("quite Delivered-To: …", a fold that lost
                // its blank): skipped when header fields follow, as the mail gem and MimeKit do
                // (Python ends the header there). Two From fields that this lets through are
                // reported (MailProblem.multipleFrom) and refused by the sender check.
                finish()
                problems.append(.malformedHeaderLine(line: lineNumber))
                skipped.append(i)
            } else {
                finish()
                problems.append(.headerNotTerminated)
                return (Header(fields: fields, skippedLines: skipped), i)
            }
            i = e + 1
        }
        finish()
        return (Header(fields: fields, skippedLines: skipped), end)
    }

    /// True when the top-level header of `bytes` (as received, before line ends are made LF)
    /// holds a CR that is not followed by LF while its lines end in LF: a mail server reads
    /// such a CR as part of the line, this parser as a line end, so a field after it was
    /// hidden from the server.
    static func bareCRInHeader(_ bytes: [UInt8]) -> Bool {
        var sawBareCR = false, sawLF = false
        var i = 0
        let n = bytes.count
        var lineStart = true
        while i < n {
            let b = bytes[i]
            if b == 0x0A {
                if lineStart { break }              // LF LF: the header ended
                sawLF = true
                lineStart = true
            } else if b == 0x0D {
                if i + 1 < n, bytes[i + 1] == 0x0A {
                    if lineStart { break }          // CRLF CRLF
                    sawLF = true
                    lineStart = true
                    i += 2
                    continue
                }
                sawBareCR = true
                lineStart = false
            } else {
                lineStart = false
            }
            i += 1
        }
        return sawBareCR && sawLF
    }

    // MARK: Entities

    /// Parses the entity in `buf[start..<end]`.
    mutating func parseEntity(_ buf: [UInt8], from start: Int, to end: Int, depth: Int,
                              defaultType: ContentType, top: Bool) -> MIMEPart {
        partCount += 1
        let (header, bodyStart) = parseHeader(buf, from: start, to: end, top: top)
        var contentType = header.first("content-type").map { ContentType(parsing: $0.text, defaultValue: defaultType) } ?? defaultType
        let disposition = header.first("content-disposition").map { ParameterizedValue(parsing: $0.text) }
        let encoding = TransferEncoding(headerValue: header.first("content-transfer-encoding")?.text)
        if case .unknown(let name) = encoding { problems.append(.unknownTransferEncoding(name)) }
        let rawBody = buf[bodyStart..<end]

        func leaf(_ type: ContentType) -> MIMEPart {
            MIMEPart(header: header, contentType: type, disposition: disposition,
                     transferEncoding: encoding, rawBody: rawBody, body: .leaf)
        }

        if contentType.type == "multipart" {
            guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty else {
                problems.append(.multipartWithoutBoundary)
                contentType = ContentType(type: "text", subtype: "plain", parameters: contentType.parameters)
                return leaf(contentType)
            }
            guard depth < limits.maxDepth else {
                if !reportedDepthLimit { problems.append(.depthLimit(limit: limits.maxDepth)); reportedDepthLimit = true }
                return leaf(contentType)
            }
            guard let split = MessageParser.split(buf, from: bodyStart, to: end, boundary: Array(boundary.utf8)) else {
                problems.append(.boundaryNotFound(boundary: boundary))
                return leaf(ContentType(type: "text", subtype: "plain", parameters: [:]))
            }
            if !split.closed { problems.append(.missingFinalBoundary(boundary: boundary)) }
            let childDefault = contentType.subtype == "digest"
                ? ContentType(type: "message", subtype: "rfc822") : ContentType.defaultText
            var children: [MIMEPart] = []
            for range in split.parts {
                if partCount >= limits.maxParts {
                    if !reportedPartLimit { problems.append(.partLimit(limit: limits.maxParts)); reportedPartLimit = true }
                    break
                }
                children.append(parseEntity(buf, from: range.lowerBound, to: range.upperBound, depth: depth + 1,
                                            defaultType: childDefault, top: false))
            }
            return MIMEPart(header: header, contentType: contentType, disposition: disposition,
                            transferEncoding: encoding, rawBody: rawBody, body: .multipart(children))
        }

        if contentType.type == "message", contentType.subtype == "rfc822" || contentType.subtype == "global" {
            guard depth < limits.maxDepth else {
                if !reportedDepthLimit { problems.append(.depthLimit(limit: limits.maxDepth)); reportedDepthLimit = true }
                return leaf(contentType)
            }
            guard partCount < limits.maxParts else {
                if !reportedPartLimit { problems.append(.partLimit(limit: limits.maxParts)); reportedPartLimit = true }
                return leaf(contentType)
            }
            let inner: MIMEPart
            if encoding == .identity || encoding == .uuencode {
                inner = parseEntity(buf, from: bodyStart, to: end, depth: depth + 1, defaultType: .defaultText, top: true)
            } else {
                let decoded = MessageParser.normalizingLineEnds(encoding.decode(rawBody).content)
                inner = parseEntity(decoded, from: 0, to: decoded.count, depth: depth + 1, defaultType: .defaultText, top: true)
            }
            return MIMEPart(header: header, contentType: contentType, disposition: disposition,
                            transferEncoding: encoding, rawBody: rawBody, body: .message(inner))
        }
        return leaf(contentType)
    }

    /// The part ranges of a multipart body (RFC 2046 §5.1.1): the lines `--boundary` (blanks
    /// may follow) open parts and `--boundary--` closes them; the line break before a
    /// delimiter belongs to the delimiter. Nil when no delimiter line occurs.
    static func split(_ buf: [UInt8], from start: Int, to end: Int, boundary: [UInt8])
        -> (parts: [Range<Int>], closed: Bool)? {
        var parts: [Range<Int>] = []
        var partStart: Int?
        var i = start
        let blen = boundary.count
        while i < end {
            let e = lineEnd(buf, from: i, to: end)
            if e - i >= blen + 2, buf[i] == 0x2D, buf[i + 1] == 0x2D, matches(buf, at: i + 2, boundary) {
                var j = i + 2 + blen
                let closing = j + 2 <= e && buf[j] == 0x2D && buf[j + 1] == 0x2D
                if closing { j += 2 }
                var rest = j
                while rest < e, buf[rest] == 0x20 || buf[rest] == 0x09 { rest += 1 }
                if rest == e {
                    if let s = partStart {
                        // The LF before this delimiter line is the delimiter's.
                        parts.append(s..<max(s, i - 1))
                    }
                    if closing { return (parts, true) }
                    partStart = min(end, e + 1)
                }
            }
            i = e + 1
        }
        guard let s = partStart else { return nil }
        parts.append(s..<max(s, end))
        return (parts, false)
    }

    @inline(__always)
    static func matches(_ buf: [UInt8], at start: Int, _ pattern: [UInt8]) -> Bool {
        guard start + pattern.count <= buf.count else { return false }
        var k = 0
        while k < pattern.count {
            if buf[start + k] != pattern[k] { return false }
            k += 1
        }
        return true
    }
}
