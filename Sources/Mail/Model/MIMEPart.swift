import Foundation

/// One MIME entity (RFC 2045 §2.4): a header and a body that is either content, a list of
/// parts (multipart, RFC 2046 §5.1) or an encapsulated message (`message/rfc822`, §5.2).
public struct MIMEPart: Sendable {
    /// What the body holds.
    public indirect enum Body: Sendable {
        /// Content: `rawBody` is its encoded bytes.
        case leaf
        /// The parts of a multipart entity, in order.
        case multipart([MIMEPart])
        /// The message inside a `message/rfc822` (or `message/global`) part: its top entity.
        case message(MIMEPart)
    }

    /// The entity's header fields.
    public let header: Header
    /// The media type; `text/plain; charset=us-ascii` when absent (RFC 2045 §5.2), or
    /// `message/rfc822` inside `multipart/digest` (RFC 2046 §5.1.5).
    public let contentType: ContentType
    /// The Content-Disposition (RFC 2183), or nil.
    public let disposition: ParameterizedValue?
    /// The Content-Transfer-Encoding.
    public let transferEncoding: TransferEncoding
    /// The body's bytes as they stand in the message (still transfer-encoded), LF line ends.
    public let rawBody: ArraySlice<UInt8>
    /// The body's structure.
    public let body: Body

    /// Makes a part; the parser is the usual source.
    public init(header: Header, contentType: ContentType, disposition: ParameterizedValue?,
                transferEncoding: TransferEncoding, rawBody: ArraySlice<UInt8>, body: Body) {
        self.header = header
        self.contentType = contentType
        self.disposition = disposition
        self.transferEncoding = transferEncoding
        self.rawBody = rawBody
        self.body = body
    }

    /// The file name from `Content-Disposition: …; filename=` or, failing that,
    /// `Content-Type: …; name=` (or the non-standard `file=`) (RFC 2183 §2.3, RFC 2231, RFC 2047 words decoded); nil when none.
    public var filename: String? {
        if let f = disposition?.parameters["filename"], !f.isEmpty { return f }
        if let n = contentType.parameters["name"], !n.isEmpty { return n }
        // Some mailers write `file=`; enmime reads it too.
        if let f = contentType.parameters["file"], !f.isEmpty { return f }
        return nil
    }

    /// True when the part says `Content-Disposition: attachment`.
    public var isAttachmentDisposition: Bool { disposition?.value == "attachment" }

    /// The content with its transfer encoding undone, in bytes.
    public var decodedContent: [UInt8] { transferEncoding.decode(rawBody).content }

    /// The content as text in its declared charset (unknown charsets fall back without losing
    /// bytes; see `Charset`). Line ends are LF.
    public var text: String {
        var bytes = decodedContent
        let label = Charset.labelWithByteOrderMark(bytes, declared: contentType.parameters["charset"])
        if Charset.isWide(label) {
            // UTF-16 and UTF-32 hold 0x0D bytes inside other characters (U+0D0D, U+010D): their
            // line ends are made LF in the text, not in the bytes.
            return Charset.decode(bytes, label: label).text.replacingOccurrences(of: "\r\n", with: "\n")
                .replacingOccurrences(of: "\r", with: "\n")
        }
        // Encoded content keeps its own line ends; the desk reads LF only.
        if bytes.contains(0x0D) { bytes = MessageParser.normalizingLineEnds(bytes) }
        return Charset.decode(bytes, label: label).text
    }

    /// The child parts of a multipart, or none.
    public var children: [MIMEPart] {
        if case .multipart(let parts) = body { return parts }
        return []
    }
}

extension MIMEPart {
    /// For a `message/rfc822` part sent in base64 or quoted-printable: the decoded bytes its
    /// inner message was read from, in which the inner parts' byte ranges (`rawBody`, header
    /// fields) lie. Nil when the inner message lies in this part's own buffer (7bit, 8bit,
    /// binary), or for any other part.
    public var encapsulatedBytes: [UInt8]? {
        guard case .message = body, transferEncoding != .identity, transferEncoding != .uuencode else { return nil }
        return MessageParser.normalizingLineEnds(transferEncoding.decode(rawBody).content)
    }
}
