import Foundation
@testable import Mail
import Testing

@Suite("Body encoding: CRLF line ends and the choice of 7bit, quoted-printable or base64 (RFC 2045 §6, RFC 5322 §2.3)")
struct BodyEncodingTests {
    static func encoded(_ body: String) -> (String, String) {
        let (encoding, bytes) = Composer.encodeText(body)
        return (encoding, String(decoding: bytes, as: UTF8.self))
    }

    @Test("every line end (LF, CRLF, a lone CR) becomes CRLF; a last line without one gets one; an empty body is one empty line")
    func lineEnds() {
        #expect(Self.encoded("") == ("7bit", "\r\n"))
        #expect(Self.encoded("a") == ("7bit", "a\r\n"))
        #expect(Self.encoded("a\n") == ("7bit", "a\r\n"))
        #expect(Self.encoded("\n") == ("7bit", "\r\n"))
        #expect(Self.encoded("a\r\nb\rc\n\nd") == ("7bit", "a\r\nb\r\nc\r\n\r\nd\r\n"))
        #expect(Self.encoded("a\r\r\n") == ("7bit", "a\r\n\r\n"))
        #expect(Self.encoded("tab\there\n") == ("7bit", "tab\there\r\n"))
    }

    @Test("a control character, a line over 998 octets or some non-ASCII text is quoted-printable; mostly non-ASCII text is base64")
    func choice() {
        #expect(Self.encoded("bell \u{07} here\n") == ("quoted-printable", "bell =07 here\r\n"))
        let long = Self.encoded(String(repeating: "x", count: 999) + "\nend\n")
        #expect(long.0 == "quoted-printable")
        #expect(long.1.hasSuffix("\r\nend\r\n"))
        #expect(long.1.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        #expect(Self.encoded("Note \u{2014} see\r\nnext\r\n") == ("quoted-printable", "Note =E2=80=94 see\r\nnext\r\n"))
        let hindi = Self.encoded("भारत सरकार\n")
        #expect(hindi.0 == "base64")
        #expect(Data(base64Encoded: hindi.1.trimmingCharacters(in: .whitespacesAndNewlines)) == Data("भारत सरकार\r\n".utf8))
    }
}

@Suite("Quoted-printable bodies (RFC 2045 §6.7) over random texts")
struct QuotedPrintableRoundTripTests {
    /// The text with every line end (LF, CR LF, lone CR) made CRLF and a last one added.
    static func crlf(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let b = bytes.popFirst() {
            if b == 0x0D || b == 0x0A {
                out += [0x0D, 0x0A]
                if b == 0x0D, bytes.first == 0x0A { bytes.removeFirst() }
            } else {
                out.append(b)
            }
        }
        if out.isEmpty || out.suffix(2) != [0x0D, 0x0A] { out += [0x0D, 0x0A] }
        return out
    }

    @Test("5,000 random bodies: lines of at most 76, no blank before a line end, and decoding gives the CRLF text back")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "word ", " ", "\t", "\r", "\n", "\r\n", "=", "é", "—", "भारत", "\u{07}", "\u{0}",
                      String(repeating: "x", count: 80), String(repeating: "y ", count: 50), "  \n", "\t\r\n", "\u{7F}", "=3D"]
        for _ in 0..<5_000 {
            let body = (0..<Int.random(in: 0...60, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let (encoding, bytes) = Composer.encodeText(body)
            guard encoding == "quoted-printable" else { continue }
            let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n").dropLast()
            #expect(lines.allSatisfy { $0.utf8.count <= 76 && !$0.hasSuffix(" ") && !$0.hasSuffix("\t") }, "\(body.debugDescription)")
            #expect(bytes.allSatisfy { $0 < 0x80 })
            #expect(QuotedPrintable.decode(bytes, header: false) == Self.crlf(body), "\(body.debugDescription)")
        }
    }

    @Test("a stored part keeps a lone CR as content (=0D), its lines ending at LF only")
    func storedPart() {
        #expect(String(decoding: PartEncoding.encode("a\rb \nc", as: .quotedPrintable), as: UTF8.self) == "a=0Db=20\nc\n")
    }
}

@Suite("No decoded mail text carries a NUL")
struct NULDecodingTests {
    @Test("a NUL from raw bytes, an encoded word, quoted-printable or any charset becomes U+FFFD")
    func replaced() throws {
        #expect(Charset.decode(Array("a\0b".utf8), label: nil).text == "a\u{FFFD}b")
        #expect(Charset.decode([0x61, 0x00, 0xE9], label: "iso-8859-1").text == "a\u{FFFD}é")
        #expect(Charset.decode([0x61, 0x00, 0x00, 0x00], label: "utf-16le").text == "a\u{FFFD}")
        #expect(HeaderField(name: "Message-ID", rawValue: ArraySlice(Array("<x\0y@evil.com>".utf8))).text == "<x\u{FFFD}y@evil.com>")
        #expect(EncodedWords.decode("=?utf-8?q?Nul=00Dept?=") == "Nul\u{FFFD}Dept")
        let message = Message(bytes: Array("Subject: s\nContent-Transfer-Encoding: quoted-printable\n\nName: A=00B\n".utf8))
        #expect(message.text.contains("A\u{FFFD}B"))
    }
}

@Suite("Received: the client names of a from clause (RFC 5321 §4.4)")
struct ReceivedFromTests {
    @Test("HELO, the name and the address the server wrote; none when there is no from clause")
    func fromHosts() {
        #expect(ReceivedField.fromHosts("from a.example (mx.a.example [192.0.2.1])\n\tby mx.dopt.gov.in (Postfix) with ESMTP id X") ==
                ["a.example", "mx.a.example", "192.0.2.1"])
        #expect(ReceivedField.fromHosts("from MAIL01.nic.in (10.1.2.3) by mx.dopt.gov.in") == ["mail01.nic.in", "10.1.2.3"])
        #expect(ReceivedField.fromHosts("from localhost (localhost [IPv6:::1]) by mx") == ["localhost", "localhost", "::1"])
        #expect(ReceivedField.fromHosts("by mx.dopt.gov.in (Postfix) id 4ABC; Tue, 24 Nov 2026 18:05:00 +0530") == nil)
    }
}
