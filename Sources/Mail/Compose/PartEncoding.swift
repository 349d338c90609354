/// Encodes replacement content for a part of a stored message (the stored copy with a password
/// cut, `workflow.md` §6): the same transfer encoding as the part had, so that its header stays
/// true, with LF line ends like the rest of a maildir file.
public enum PartEncoding {
    /// `text`'s UTF-8 bytes in `encoding`: base64 (RFC 2045 §6.8) in 76-character lines,
    /// quoted-printable (§6.7) with soft breaks before 76 characters, else as they are (7bit,
    /// 8bit, binary, and encodings the desk cannot write). Lines end in LF; so does the result.
    public static func encode(_ text: String, as encoding: TransferEncoding) -> [UInt8] {
        encode(bytes: Array(text.utf8), as: encoding)
    }

    /// `bytes` in `encoding`, as `encode(_:as:)` writes text: for an encapsulated message
    /// (`message/rfc822` in base64 or quoted-printable) written again after a cut.
    public static func encode(bytes given: [UInt8], as encoding: TransferEncoding) -> [UInt8] {
        var bytes = given
        if bytes.last != 0x0A { bytes.append(0x0A) }
        switch encoding {
        case .base64:
            return lf(Base64.encode(bytes)) + [0x0A]
        case .quotedPrintable:
            let lines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            return lf(bytes.withUnsafeBufferPointer { Composer.quotedPrintable($0, lines: lines, crEndsLine: false) })
        default:
            return bytes
        }
    }

    /// An unstructured header value (a Subject): as it is when printable ASCII, else RFC 2047
    /// encoded words of UTF-8; control characters removed.
    public static func unstructured(_ text: String) -> String {
        Composer.unstructured(text)
    }

    static func lf(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes where b != 0x0D { out.append(b) }
        return out
    }
}
