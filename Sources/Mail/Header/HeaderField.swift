/// One header field (RFC 5322 §2.2) as it stood in the message: its name and its value's bytes
/// with the folding still in (line breaks are LF after the parser's line-ending pass).
public struct HeaderField: Sendable {
    /// The name as written (`Subject`, `content-type`).
    public let name: String
    /// The name in lower case, for lookups: field names are case-insensitive.
    public let lowercasedName: String
    /// The value's bytes after the colon, folding included.
    public let rawValue: ArraySlice<UInt8>

    /// Makes a field; `rawValue` is everything after the colon, folding included.
    public init(name: String, rawValue: ArraySlice<UInt8>) {
        self.name = name
        self.lowercasedName = name.lowercased()
        self.rawValue = rawValue
    }

    /// The value unfolded (RFC 5322 §2.2.3: each line break before a blank is removed, the
    /// blank kept), leading and trailing blanks trimmed; bytes, not yet text.
    public var unfoldedBytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(rawValue.count)
        for b in rawValue where b != 0x0A && b != 0x0D { out.append(b) }
        var start = 0, end = out.count
        while start < end, out[start] == 0x20 || out[start] == 0x09 { start += 1 }
        while end > start, out[end - 1] == 0x20 || out[end - 1] == 0x09 { end -= 1 }
        return Array(out[start..<end])
    }

    /// The unfolded value as text: 8-bit bytes read as UTF-8 (RFC 6532) when valid, else as
    /// windows-1252. Encoded words are left as written.
    public var text: String { Charset.lossless(unfoldedBytes) }

    /// The unfolded value with RFC 2047 encoded words decoded, for unstructured fields
    /// (`Subject`, `Comments`, display names).
    public var decodedText: String { EncodedWords.decode(text) }
}

/// The header of a message or a MIME part: its fields in order, duplicates kept.
public struct Header: Sendable {
    /// Every field, in the order written.
    public let fields: [HeaderField]
    /// Where the parser skipped a line that is no header field (offsets of the line starts in
    /// `Message.buffer`), leniently reading the fields after it. A mail server ends the header
    /// at such a line, so fields after it never passed its checks (the sender check distrusts
    /// them).
    public let skippedLines: [Int]

    /// Makes a header from its fields and the offsets of the lines skipped between them.
    public init(fields: [HeaderField], skippedLines: [Int] = []) {
        self.fields = fields
        self.skippedLines = skippedLines
    }

    /// The first field named `name` (case-insensitive), or nil.
    public func first(_ name: String) -> HeaderField? {
        let lower = name.lowercased()
        return fields.first { $0.lowercasedName == lower }
    }

    /// Every field named `name` (case-insensitive), in order.
    public func all(_ name: String) -> [HeaderField] {
        let lower = name.lowercased()
        return fields.filter { $0.lowercasedName == lower }
    }

    /// True when a field named `name` is present.
    public func contains(_ name: String) -> Bool { first(name) != nil }
}
