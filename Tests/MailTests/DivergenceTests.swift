import Foundation
import Mail
import Testing

/// Where the peers disagree with each other (corpus README), the decision we took, tested.
@Suite("Peer divergences: our decisions",
       .enabled(if: SharedFiles.corpusAvailable, "needs ../shared/corpus beside the clone, as in CI"))
struct DivergenceTests {
    func message(_ file: String) throws -> Message {
        Message(bytes: try SharedFiles.bytes(SharedFiles.peerCorpus.appendingPathComponent(file)))
    }

    @Test("body.9: HTML first, plain second in multipart/mixed — the plain part is the body (requests.md 2.6, Python)")
    func plainWins() throws {
        let m = try message("jstedfast-MimeKit/messages/body.9.txt")
        #expect(m.text == "This is some plain text but is not the body.")
        #expect(m.attachments.map(\.filename) == ["attachment.dat"])
    }

    @Test("feedback-report: a UTF-8 byte order mark before the header is skipped (MimeKit)")
    func bom() throws {
        let m = try message("jstedfast-MimeKit/messages/feedback-report.txt")
        #expect(m.header.fields.first?.name.first != "\u{FEFF}")
        #expect(m.root.contentType.mimeType == "multipart/report")
    }

    @Test("missing-subtype: an invalid Content-Type means text/plain (RFC 2045 §5.2, Python); its name makes it an attachment")
    func missingSubtype() throws {
        let m = try message("jstedfast-MimeKit/messages/missing-subtype.txt")
        #expect(m.root.contentType.mimeType == "text/plain")
        #expect(m.attachments.map(\.filename) == ["document.xml.gz"])
        #expect(m.text == "")
    }

    @Test("extra-base64-character: a stray character is skipped (enmime)")
    func strayBase64() throws {
        let m = try message("jhillyerd-enmime/parts/extra-base64-character.raw")
        #expect(m.text.contains("Hello World!"))
    }

    @Test("multipart-wo-boundary: read as one text part, with a problem (enmime's option)")
    func noBoundary() throws {
        let m = try message("jhillyerd-enmime/mail/multipart-wo-boundary.raw")
        #expect(m.problems.contains(.multipartWithoutBoundary))
        #expect(m.root.contentType.mimeType == "text/plain")
    }

    @Test("raw_email_incorrect_header: a stray header line is skipped, the fields after it kept (mail gem)")
    func strayHeaderLine() throws {
        let m = try message("mikel-mail/plain_emails/raw_email_incorrect_header.eml")
        #expect(m.subject == "Stop adware/spyware once and for all.")
        #expect(m.from.first?.address == "xxx@xxx.xxx")
        #expect(m.problems.contains(.malformedHeaderLine(line: 6)))
    }

    @Test("issue358: a badly folded Exchange header does not hide the multipart body (MimeKit)")
    func badFold() throws {
        let m = try message("jstedfast-MimeKit/messages/issue358.txt")
        #expect(m.root.contentType.type == "multipart")
    }

    @Test("utf8_headers: raw UTF-8 addresses are read (RFC 6532, mail gem)")
    func utf8Address() throws {
        let m = try message("mikel-mail/rfc6532/utf8_headers.eml")
        #expect(m.from.first?.address == "jdöe@mächine.example")
    }

    @Test("recursion test: the default depth limit stops it with a problem (mailparse); raising max_depth reads it (Python)")
    func depth() throws {
        let bytes = try SharedFiles.bytes(SharedFiles.peerCorpus.appendingPathComponent("staktrace-mailparse/nested.eml"))
        let limited = Message(bytes: bytes)
        #expect(limited.problems.contains(.depthLimit(limit: 20)))
        let deep = Message(bytes: bytes, limits: ParseLimits(maxDepth: 200))
        #expect(deep.text.contains("Hello from the deepest multipart level."))
    }
}
