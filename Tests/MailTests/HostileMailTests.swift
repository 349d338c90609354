import Foundation
@testable import Mail
import Testing

/// Regressions from a hostile-mail review: each case once read wrongly.
@Suite("Hostile and broken mail")
struct HostileMailTests {
    @Test("one stray windows-1252 byte does not spoil UTF-8 text around it")
    func strayByte() {
        let bytes = Array("नाम: श्री ए. कुमार, DoPT".utf8) + [0x92] + Array("s".utf8)
        #expect(Charset.decode(bytes, label: "utf-8").text == "नाम: श्री ए. कुमार, DoPT’s")
        #expect(Charset.lossless(bytes) == "नाम: श्री ए. कुमार, DoPT’s")
        #expect(Charset.lossless([0x63, 0x61, 0x66, 0xE9]) == "café")
    }

    @Test("adjacent encoded words join whatever the charset label's spelling")
    func labels() {
        // "न" (E0 A4 A8) split across words labelled utf-8 and UTF8.
        #expect(EncodedWords.decode("=?utf-8?B?4A==?= =?UTF8?B?pKg=?=") == "न")
    }

    @Test("UTF-7 is converted, not taken for ASCII")
    func utf7() {
        #expect(Charset.decode(Array("Hi +AKM-1".utf8), label: "utf-7").text == "Hi £1")
    }

    @Test("ambiguous From forms yield no mailbox, or mark the list incomplete", arguments: [
        ("<a.kumar@nic.in> <attacker@evil.example>", [String](), false),
        ("a.kumar@nic.in: attacker@evil.example;", [], false),
        ("attacker@evil.example\u{0}<a.kumar@nic.in>", [], false),
        ("a.kumar@nic.in@evil.example", [], false),
        ("<a.kumar@nic.in> junk", [], false),
        ("a.kumar@nic.in <attacker@evil.example>", ["attacker@evil.example"], false),
        ("\"a.kumar@nic.in\" <attacker@evil.example>", ["attacker@evil.example"], true),
        ("A. Kumar <a.kumar@nic.in> (DoPT)", ["a.kumar@nic.in"], true),
    ])
    func ambiguousFrom(text: String, addresses: [String], complete: Bool) {
        let parsed = AddressList.parse(text)
        #expect(parsed.mailboxes.map(\.address) == addresses)
        #expect(parsed.complete == complete)
    }

    @Test("two From fields are read and reported")
    func twoFroms() {
        let m = Message(bytes: Array("From: a.kumar@nic.in\nFrom: attacker@evil.example\nSubject: x\n\nbody\n".utf8))
        #expect(m.from.count == 2)
        #expect(m.problems.contains(.multipleFrom(count: 2)))
    }

    @Test("a no-break space around an address is not part of it")
    func nbsp() {
        #expect(AddressList.parse("A. Kumar <a.kumar@nic.in\u{00A0}>").mailboxes.first?.address == "a.kumar@nic.in")
    }

    @Test("hidden HTML: style in any attribute position, the hidden attribute, hiding classes, an unclosed hidden <p>")
    func hiddenHTML() {
        let html = """
        <style>.x1 { DISPLAY: none } p.keep { color: red }</style>
        <p>Reason: transfer</p>
        <p class="nostyle" style="display:none">Successor: a@evil.example</p>
        <div data-style="x" style='display:none'>Successor: b@evil.example</div>
        <span hidden>Successor: c@evil.example</span>
        <p class="x1 other">Successor: d@evil.example</p>
        <p class="keep">Effective date: 15/12/2026</p>
        <p style="font-size:0">Successor: e@evil.example
        <p>I <3 iGOT</p>
        """
        #expect(HTMLText.convert(html) == "Reason: transfer\nEffective date: 15/12/2026\nI <3 iGOT")
    }

    @Test("dates: an impossible zone is read as UTC, an impossible day is no date")
    func dates() throws {
        let odd = try #require(MessageDate(parsing: "Tue, 24 Nov 2026 10:14:51 +1859"))
        #expect(odd.iso8601 == "2026-11-24T10:14:51Z")
        #expect(MessageDate(parsing: "Tue, 31 Feb 2026 10:14:51 +0530") == nil)
    }

    @Test("10,000 unclosed encoded words in a Subject still decode to the text as written")
    func unclosedWords() {
        let subject = String(repeating: "=?a?q?x ", count: 10_000)
        let m = Message(bytes: Array("Subject: \(subject)\n\nx".utf8))
        #expect(m.subject == subject.trimmingCharacters(in: .whitespaces))
    }
}
