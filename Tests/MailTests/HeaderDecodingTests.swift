import Foundation
@testable import Mail
import Testing

@Suite("Header fields: RFC 2047 words, RFC 2231 parameters, 8-bit bytes")
struct HeaderDecodingTests {
    @Test("encoded words: B and Q, adjacent words joined, blanks to plain text kept", arguments: [
        ("=?utf-8?B?4KSo4KS/4KSv4KWB4KSV4KWN4KSk4KS/?=", "नियुक्ति"),
        ("=?ISO-8859-1?Q?Andr=E9?= Pirard", "André Pirard"),
        ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"),
        ("=?utf-8?q?a?=\n =?utf-8?q?b?=", "ab"),
        ("=?utf-8?q?a_b?=", "a b"),
        ("Re: =?utf-8?Q?caf=C3=A9?= menu", "Re: café menu"),
        ("x=?utf-8?q?y?=z", "xyz"),
        ("=?UTF-8*en?Q?hello?=", "hello"),
        ("=?utf-8?B?not base64?=", "=?utf-8?B?not base64?="),
        ("=?utf-8?x?abc?=", "=?utf-8?x?abc?="),
        ("plain text", "plain text"),
    ])
    func encodedWords(input: String, expected: String) {
        #expect(EncodedWords.decode(input) == expected)
    }

    @Test("a UTF-8 character split across two encoded words survives")
    func splitCharacter() {
        // "न" is E0 A4 A8: split after its first byte.
        #expect(EncodedWords.decode("=?utf-8?B?4A==?= =?utf-8?B?pKg=?=") == "न")
    }

    @Test("parameters: quoting, RFC 2231 continuations and charsets, RFC 2047 in quotes, duplicates")
    func parameters() {
        let a = ParameterizedValue(parsing: "attachment; filename*0*=utf-8''%E0%A4%A8%E0%A4%BE; filename*1*=%E0%A4%AE.csv")
        #expect(a.value == "attachment")
        #expect(a.parameters["filename"] == "नाम.csv")
        let b = ParameterizedValue(parsing: "text/plain; charset=\"UTF-8\"; format=flowed")
        #expect(b.parameters["charset"] == "UTF-8")
        #expect(b.parameters["format"] == "flowed")
        let c = ParameterizedValue(parsing: "application/pdf; name=\"=?utf-8?B?4KSq4KSk4KWN4KSwLnBkZg==?=\"")
        #expect(c.parameters["name"] == "पत्र.pdf")
        let d = ParameterizedValue(parsing: "text/plain; charset=us-ascii; charset=utf-8")
        #expect(d.parameters["charset"] == "us-ascii", "the first of duplicates wins")
        let e = ParameterizedValue(parsing: "text/html; charset=\"utf-8")
        #expect(e.parameters["charset"] == "utf-8", "an unterminated quote runs to the end")
        let f = ParameterizedValue(parsing: "multipart/mixed; boundary=a:b=c (comment); x=1")
        #expect(f.parameters["boundary"] == "a:b=c")
        #expect(f.parameters["x"] == "1")
    }

    @Test("content types: defaults and a missing subtype")
    func contentTypes() {
        #expect(ContentType(parsing: "TEXT/HTML; Charset=UTF-8").mimeType == "text/html")
        #expect(ContentType(parsing: "text").mimeType == "text/plain")
        #expect(ContentType(parsing: "garbage").mimeType == "text/plain", "RFC 2045 §5.2: invalid means the default")
        #expect(ContentType(parsing: "garbage; name=x.gz").parameters["name"] == "x.gz")
    }

    @Test("8-bit header bytes: UTF-8 when valid, else windows-1252")
    func eightBitHeaders() {
        let utf8 = Message(bytes: Array("Subject: नमस्ते\n\nbody\n".utf8))
        #expect(utf8.subject == "नमस्ते")
        let latin: [UInt8] = Array("Subject: caf".utf8) + [0xE9, 0x20, 0x96, 0x20, 0x80] + Array("\n\nbody\n".utf8)
        #expect(Message(bytes: latin).subject == "café – €")
    }

    @Test("folded Subject: line breaks removed, blanks kept")
    func folding() {
        let m = Message(bytes: Array("Subject: Nomination of\r\n\tNodal Officer\r\n  and Admin\r\n\r\nx".utf8))
        #expect(m.subject == "Nomination of\tNodal Officer  and Admin")
    }
}

@Suite("Addresses (RFC 5322 §3.4)")
struct AddressTests {
    func parse(_ s: String) -> AddressList.Parsed { AddressList.parse(s) }

    @Test("display names: atoms, quoted strings, encoded words, comments")
    func names() {
        #expect(parse("A. Kumar <a.kumar@nic.in>").mailboxes == [Mailbox(name: "A. Kumar", address: "a.kumar@nic.in")])
        #expect(parse("\"Kumar, A. (DoPT)\" <a.kumar@nic.in>").mailboxes == [Mailbox(name: "Kumar, A. (DoPT)", address: "a.kumar@nic.in")])
        #expect(parse("=?utf-8?B?4KSPLiDgpJXgpYHgpK7gpL7gpLA=?= <a.kumar@nic.in>").mailboxes.first?.name == "ए. कुमार")
        #expect(parse("\"=?utf-8?B?4KSPLiDgpJXgpYHgpK7gpL7gpLA=?=\" <a.kumar@nic.in>").mailboxes.first?.name == "ए. कुमार")
        #expect(parse("a.kumar@nic.in (A. Kumar)").mailboxes == [Mailbox(name: "A. Kumar", address: "a.kumar@nic.in")])
        #expect(parse("a.kumar@nic.in").mailboxes == [Mailbox(name: nil, address: "a.kumar@nic.in")])
    }

    @Test("lists, groups, routes, quoted local parts")
    func lists() {
        let list = parse("a@nic.in, \"B, C\" <b@gov.in>,, d@x.in")
        #expect(list.mailboxes.map(\.address) == ["a@nic.in", "b@gov.in", "d@x.in"])
        #expect(list.complete)
        let group = parse("Nodal officers: a@nic.in, b@nic.in;, c@nic.in")
        #expect(group.mailboxes.map(\.address) == ["a@nic.in", "b@nic.in", "c@nic.in"])
        #expect(group.mailboxes.map(\.group) == ["Nodal officers", "Nodal officers", nil])
        #expect(parse("undisclosed-recipients:;").mailboxes.isEmpty)
        #expect(parse("<@relay.nic.in:a@nic.in>").mailboxes.map(\.address) == ["a@nic.in"])
        #expect(parse("\"a.kumar\"@nic.in").mailboxes.map(\.address) == ["a.kumar@nic.in"])
    }

    @Test("a display name that holds another address keeps both apart")
    func addressInName() {
        let m = parse("\"spv.igot@nic.in\" <attacker@example.com>").mailboxes
        #expect(m == [Mailbox(name: "spv.igot@nic.in", address: "attacker@example.com")])
    }

    @Test("malformed lists give what can be read and say so")
    func malformed() {
        let p = parse("a@nic.in, \"unterminated <b@nic.in>")
        #expect(p.mailboxes.map(\.address) == ["a@nic.in"])
        #expect(!p.complete)
        let q = parse("A Kumar <a@nic.in")
        #expect(q.mailboxes.map(\.address) == ["a@nic.in"])
    }
}

@Suite("Dates (RFC 5322 §3.3 and §4.3)")
struct DateTests {
    @Test("keeps the header's own offset and gives the UTC instant", arguments: [
        ("Tue, 24 Nov 2026 10:15:00 +0530", "2026-11-24T10:15:00+05:30", 1_795_495_500.0),
        ("24 Nov 2026 04:45:00 GMT", "2026-11-24T04:45:00Z", 1_795_495_500.0),
        ("Tue, 24 Nov 2026 10:15 +0530", "2026-11-24T10:15:00+05:30", 1_795_495_500.0),
        ("Tue, 24 Nov 26 10:15:00 +0530", "2026-11-24T10:15:00+05:30", 1_795_495_500.0),
        ("Mon, 23 Nov 2026 23:45:00 EST", "2026-11-23T23:45:00-05:00", 1_795_495_500.0),
        ("Tue, 24 Nov 2026 10:15:00 +0530 (IST)", "2026-11-24T10:15:00+05:30", 1_795_495_500.0),
        ("Tue, 24 Nov 2026 10:15:00 IST", "2026-11-24T10:15:00+05:30", 1_795_495_500.0),
        ("24-Nov-2026 10:15:00 +0530", "2026-11-24T10:15:00+05:30", 1_795_495_500.0),
    ])
    func parses(text: String, iso: String, epoch: Double) throws {
        let date = try #require(MessageDate(parsing: text))
        #expect(date.iso8601 == iso)
        #expect(date.instant.timeIntervalSince1970 == epoch)
    }

    @Test("unreadable dates are nil", arguments: ["", "yesterday", "Tue, 24 Nov 2026", "99 Nov 2026 10:00 +0000"])
    func refuses(text: String) {
        #expect(MessageDate(parsing: text) == nil)
    }

    @Test("hundreds of thousands of unclosed or closed words decode as they should, each once")
    func manyWords() {
        let unclosed = String(repeating: "=?a?q?_", count: 100_000)
        #expect(EncodedWords.decode(unclosed) == unclosed)
        let words = String(repeating: "=?utf-8?q?a?= ", count: 50_000) + "=?utf-8?b?YQ==?= end"
        #expect(EncodedWords.decode(words) == String(repeating: "a", count: 50_001) + " end")
        // A word still closes 2,000 bytes on, and not 2,100; a line end or (in B) a blank ends it.
        let long = String(repeating: "x", count: 2_000), longer = String(repeating: "x", count: 2_100)
        #expect(EncodedWords.decode("=?utf-8?q?\(long)?=") == long)
        #expect(EncodedWords.decode("=?utf-8?q?\(longer)?=") == "=?utf-8?q?\(longer)?=")
        #expect(EncodedWords.decode("=?utf-8?b?YW Jj?= =?utf-8?q?a\nb?= =?utf-8?q?a b?=") == "=?utf-8?b?YW Jj?= =?utf-8?q?a\nb?= a b")
        let message = Message(bytes: Array("Subject: \(unclosed)\n\nbody\n".utf8))
        #expect(message.subject == unclosed)
    }

    @Test("writes RFC 5322 dates")
    func writes() {
        #expect(MessageDate.rfc5322(Date(timeIntervalSince1970: 1_795_495_500), offsetSeconds: 19_800) == "Tue, 24 Nov 2026 10:15:00 +0530")
    }

    @Test("writes dates before 1970, with negative offsets and fractions of a second")
    func writesEdges() {
        #expect(MessageDate.rfc5322(Date(timeIntervalSince1970: -1), offsetSeconds: 0) == "Wed, 31 Dec 1969 23:59:59 +0000")
        #expect(MessageDate.rfc5322(Date(timeIntervalSince1970: 0.999), offsetSeconds: -18_000) == "Wed, 31 Dec 1969 19:00:00 -0500")
        #expect(MessageDate.rfc5322(Date(timeIntervalSince1970: 951_782_400), offsetSeconds: 0) == "Tue, 29 Feb 2000 00:00:00 +0000")
    }

    @Test("written dates agree with Foundation's calendar over 400 years")
    func writesAsCalendar() {
        // Foundation's Gregorian calendar is the reference the arithmetic replaced.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let seconds = Int.random(in: -2_208_988_800...7_258_118_400, using: &generator)   // 1900-2200
            let offset = Int.random(in: -56...56, using: &generator) * 900                   // ±14 h by quarters
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(secondsFromGMT: offset)!
            let c = calendar.dateComponents([.weekday, .year, .month, .day, .hour, .minute, .second], from: date)
            let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][c.weekday! - 1]
            let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][c.month! - 1]
            let zone = String(format: "%@%02d%02d", offset < 0 ? "-" : "+", abs(offset) / 3600, abs(offset) % 3600 / 60)
            let expected = String(format: "%@, %d %@ %04d %02d:%02d:%02d ", weekday, c.day!, month, c.year!, c.hour!, c.minute!, c.second!) + zone
            #expect(MessageDate.rfc5322(date, offsetSeconds: offset) == expected, "at \(seconds) \(offset)")
        }
    }
}

@Suite("Transfer encodings and charsets")
struct EncodingTests {
    @Test("quoted-printable: soft breaks, hex in any case, trailing blanks, stray =")
    func quotedPrintable() {
        let decoded = QuotedPrintable.decode(Array("caf=C3=a9 =\nnoir  \nx=ZZ=\n".utf8), header: false)
        #expect(String(decoding: decoded, as: UTF8.self) == "café noir\nx=ZZ")
    }

    @Test("base64: stray characters skipped, missing padding tolerated")
    func base64() {
        #expect(String(decoding: Base64.decode(Array("SGVsbG8g V29y*bGQh".utf8)).content, as: UTF8.self) == "Hello World!")
        #expect(String(decoding: Base64.decode(Array("SGk".utf8)).content, as: UTF8.self) == "Hi")
        let round = Array("नमस्ते, आईडी डेस्क".utf8)
        #expect(Base64.decode(Base64.encode(round)).content == round)
    }

    @Test("text mislabelled as base64 is kept as text")
    func mislabelled() {
        let body = Array("Dear Sir\nplease find the details\n".utf8)[...]
        #expect(TransferEncoding.base64.decode(body).content == Array(body))
    }

    @Test("charsets through iconv and the lossless fallback", arguments: [
        ("koi8-r", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4] as [UInt8], "Привет"),
        ("iso-8859-2", [0x50, 0xF8, 0xED, 0x6C, 0x69, 0xB9] as [UInt8], "Příliš"),
        ("windows-1251", [0xCF, 0xF0, 0xE8] as [UInt8], "При"),
        ("shift_jis", [0x93, 0xFA, 0x96, 0x7B] as [UInt8], "日本"),
        ("euc-kr", [0xC7, 0xD1, 0xB1, 0xB9] as [UInt8], "한국"),
        ("gb2312", [0xD6, 0xD0, 0xCE, 0xC4] as [UInt8], "中文"),
        ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42] as [UInt8], "日本"),
        ("x-unknown-charset", Array("नमस्ते".utf8), "नमस्ते"),
        ("x-unknown-charset", [0x63, 0x61, 0x66, 0xE9] as [UInt8], "café"),
        ("us-ascii", [0x63, 0x61, 0x66, 0xE9] as [UInt8], "café"),
    ])
    func charsets(label: String, bytes: [UInt8], expected: String) {
        #expect(Charset.decode(bytes, label: label).text == expected)
    }
}

@Suite("Line endings")
struct LineEndingTests {
    @Test("CRLF, bare LF, bare CR and a mix read the same", arguments: ["\r\n", "\n", "\r"])
    func lineEnds(eol: String) {
        let text = ["From: A <a@nic.in>", "Subject: Status", " dopt", "Content-Type: multipart/mixed; boundary=b", "",
                    "--b", "Content-Type: text/plain", "", "MDO code: dopt", "line two", "--b--", ""].joined(separator: eol)
        let m = Message(bytes: Array(text.utf8))
        #expect(m.subject == "Status dopt")
        #expect(m.from.first?.address == "a@nic.in")
        #expect(m.text == "MDO code: dopt\nline two")
        #expect(m.problems.isEmpty)
        let mixed = Message(bytes: Array("Subject: x\r\nFrom: a@nic.in\n\r\nbody\r\nmore\n".utf8))
        #expect(mixed.from.first?.address == "a@nic.in")
        #expect(mixed.text == "body\nmore\n")
    }
}
