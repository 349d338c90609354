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
