import Domain
import Foundation
import Mail
@testable import Requests
import Testing

let context = ParseContext(
    idDomain: "nic.in", governmentDomains: GovernmentDomains(["nic.in", "gov.in"]),
    deskAddress: EmailAddress("igot-desk@dopt.gov.in")!, otherDesks: [EmailAddress("desk@other.gov.in")!],
    doptSPV: [EmailAddress("spv.igot@nic.in")!], nic: [EmailAddress("support.igot@nic.in")!], idsPerRequest: 20)

func mail(from: String = "a.kumar@nic.in", subject: String, body: String, headers: String = "") -> Message {
    Message(bytes: Array("From: \(from)\nTo: igot-desk@dopt.gov.in\nSubject: \(subject)\n\(headers)\n\(body)".utf8))
}

@Suite("Generic IDs and slots (requests.md §1)")
struct GenericIDTests {
    @Test("reads igot{code}{slot}@domain", arguments: [
        ("igotdoptnodal@nic.in", "dopt", "nodal"), ("IGOTDOPTADMIN@NIC.IN", "dopt", "admin"), ("igotdoptcc1@nic.in", "dopt", "cc1"),
        ("igotdoptcr12@nic.in", "dopt", "cr12"), ("igotdoptcp@nic.in", "dopt", "cp"), ("igotdoptcp2@nic.in", "dopt", "cp2"),
        ("igotm0001cc3@nic.in", "m0001", "cc3"), ("igotabccc1@nic.in", "abc", "cc1"),
    ])
    func parses(text: String, code: String, slot: String) throws {
        let id = try GenericID.parse(text, domain: "nic.in").get()
        #expect(id.mdo.value == code)
        #expect(id.slot.description == slot)
        #expect(id.address == text.lowercased())
    }

    @Test("refuses with the reason")
    func refuses() {
        #expect(GenericID.parse("igotdoptcp1@nic.in", domain: "nic.in") == .failure(.firstPublisherIsCP(suggestion: "igotdoptcp@nic.in")))
        #expect(GenericID.parse("igotdoptcc01@nic.in", domain: "nic.in") == .failure(.badSlotNumber))
        #expect(GenericID.parse("igotdoptcc1@gov.in", domain: "nic.in") == .failure(.wrongDomain))
        #expect(GenericID.parse("kumar@nic.in", domain: "nic.in") == .failure(.notGeneric))
        #expect(GenericID.parse("igotdoptcc1@n\u{0456}c.in", domain: "nic.in") == .failure(.notAnAddress))
        #expect(GenericID.parse("igotdcc1@nic.in", domain: "nic.in") == .failure(.notGeneric), "a one-letter code")
    }

    @Test("slots order nodal, admin, creators, reviewers, publishers")
    func order() {
        let slots: [Slot] = [.publisher(1), .creator(2), .admin, .reviewer(1), .nodal, .creator(1)]
        #expect(slots.sorted().map(\.description) == ["nodal", "admin", "cc1", "cc2", "cr1", "cp"])
    }
}

@Suite("Dates (requests.md §2.8)")
struct DateReaderTests {
    @Test("every form, day first", arguments: [
        ("2026-12-15", "2026-12-15"), ("15/12/2026", "2026-12-15"), ("15.12.2026", "2026-12-15"), ("15-12-2026", "2026-12-15"),
        ("15/12/26", "2026-12-15"), ("15-Dec-2026", "2026-12-15"), ("15 December 2026", "2026-12-15"),
        ("15th December, 2026", "2026-12-15"), ("Dec 15, 2026", "2026-12-15"), ("w.e.f. 30.11.2026 (AN)", "2026-11-30"),
        ("01/02/2027", "2027-02-01"), ("1st March 2027", "2027-03-01"), ("15 दिसंबर 2026", "2026-12-15"),
    ])
    func reads(text: String, iso: String) throws {
        #expect(try DateReader.read(text).get().description == iso)
    }

    @Test("never month first, never an impossible day", arguments: ["12/15/2026", "31/11/2026", "29/02/2026", "15/12", "soon", "15 Smarch 2026"])
    func refuses(text: String) {
        #expect(throws: Expected.self) { try DateReader.read(text).get() }
    }
}

@Suite("Own text: quotes, reply headers, signatures (requests.md §2.5)")
struct OwnTextTests {
    @Test("stops at each reply or forward header", arguments: [
        "-----Original Message-----", "----- Original Message -----", "---------- Forwarded message ---------",
        "________________________________", "On Tue, 24 Nov 2026 at 09:00, Desk <igot-desk@dopt.gov.in> wrote:",
        "प्रेषक: iGOT ID Desk", "-- ", "Regards,", "Thanks & Regards", "Yours faithfully,", "सादर", "धन्यवाद",
    ])
    func stops(header: String) {
        let own = OwnText("MDO code: dopt\n\(header)\nFrom: x@nic.in\nSent: today\n\nMDO code: mea\n")
        #expect(own.lines == ["MDO code: dopt"])
    }

    @Test("> lines are skipped, the rest kept")
    func quotes() {
        #expect(OwnText("a\n> b\n>> c\nd\n").lines == ["a", "d"])
    }
}

@Suite("Field lines (requests.md §2.3)")
struct FieldLineTests {
    @Test("labels and their synonyms", arguments: [
        ("Name: X", "name"), ("नाम: X", "name"), ("E-mail ID (NIC): x", "email"), ("Official e-mail: x", "email"), ("ई-मेल: x", "email"),
        ("Mail ID: x", "email"), ("Post - X", "designation"), ("पदनाम: X", "designation"), ("Mob. No.: 1", "mobile"), ("Contact = 1", "mobile"),
        ("मोबाइल: 1", "mobile"), ("Ministry/Department: X", "mdo"), ("Organisation: X", "mdo"), ("कार्यालय: X", "mdo"),
        ("Code\tdopt", "mdoCode"), ("MDO code: x", "mdoCode"), ("Ministry: X", "ministry"), ("Effective date: x", "effective"),
        ("Outgoing officer: x", "outgoing"), ("Generic ID: x", "genericID"), ("1. Reason - x", "reason"), ("• Agency: x", "agency"),
        ("(iv) Contract end: x", "contractEnd"), ("pwd = x", "password"),
    ])
    func labels(line: String, key: String) throws {
        let field = try #require(FieldLine.read(line))
        #expect("\(field.key.map { "\($0)" } ?? "nil")" == key)
    }

    @Test("a role alone opens a block; with a value it is the one-line form")
    func roles() throws {
        #expect(FieldLine.read("Nodal Officer")?.key == .role(.nodal))
        #expect(FieldLine.read("Admin:")?.key == .role(.admin))
        let line = try #require(FieldLine.read("Successor: Shri E. Singh, Section Officer, e.singh@nic.in, 9800000006"))
        #expect(line.key == .role(.successor))
        #expect(OfficerDraft.oneLine(line.value) == OfficerDraft(name: "Shri E. Singh", designation: "Section Officer",
                                                                email: "e.singh@nic.in", mobile: "9800000006"))
        #expect(FieldLine.read("Name of the Nodal Officer: X")?.role == .nodal)
    }

    @Test("prose is no field")
    func prose() {
        #expect(FieldLine.read("Sir, with reference to the OM dated 24th November, 2021 on the subject cited above: kindly note") == nil)
        #expect(FieldLine.read("please see https://igotkarmayogi.gov.in") == nil)
    }
}

@Suite("Passwords (requests.md §3.4)")
struct PasswordTests {
    @Test("every spelling is found and cut", arguments: [
        "Password: s3cret", "pwd = s3cret", "Passcode - s3cret", "pass word is s3cret", "पासवर्ड: s3cret", "कूटशब्द है s3cret",
        "The PASSWORD for igotdoptcc1@nic.in is s3cret", "passwords: s3cret",
        "Password (last used): s3cret", "Password for the ID igotdoptcc1@nic.in : s3cret", "Password\u{2009}: s3cret",
        "कूटशब्द\u{202F}:\u{202F}s3cret", "Password:\ns3cret", "Generic ID\tPassword\nigotdoptcc1@nic.in\ts3cret",
        "igotdoptcc1@nic.in\tPassword\ts3cret", "Generic ID: Password\nigotdoptcc1@nic.in: s3cret",
        "paßword: s3cret", "PAẞWORD: s3cret", "paſſword: s3cret", "Paſsword: s3cret", "Paßcode = s3cret",
    ])
    func found(line: String) {
        let redacted = PasswordScanner.redacted("Reason: transfer\n\(line)\nEnd")
        #expect(!redacted.contains("s3cret"))
        #expect(redacted.contains("[REDACTED]"))
        #expect(redacted.hasPrefix("Reason: transfer\n") && redacted.hasSuffix("\nEnd"))
    }

    @Test("lines ending in CR LF (stored copies, preambles, header fields) end a value where they end", arguments: [
        ("Reason: transfer\r\nPassword: s3cret\r\nEnd\r\n", "Reason: transfer\r\nPassword: [REDACTED]\r\nEnd\r\n"),
        ("Password:\r\ns3cret\r\nEnd", "Password:\r\n[REDACTED]\r\nEnd"),
        ("Generic ID\tPassword\r\nigotdoptcc1@nic.in\ts3cret\r\nEnd", "Generic ID\tPassword\r\nigotdoptcc1@nic.in\t[REDACTED]\r\nEnd"),
        ("pwd: s3cret\rEnd", "pwd: [REDACTED]\rEnd"),
    ])
    func crlfLines(text: String, expected: String) {
        #expect(PasswordScanner.redacted(text) == expected)
    }

    @Test("a table's rows: each value cut, and no header cell (Note) taken for a value", arguments: [
        ("igotdoptcc1@nic.in\tPassword\ts3cretA\nigotdoptcc2@nic.in\tPassword\ts3cretB\nEnd",
         "igotdoptcc1@nic.in\tPassword\t[REDACTED]\nigotdoptcc2@nic.in\tPassword\t[REDACTED]\nEnd"),
        ("Generic ID\tPassword\tNote\nigotdoptcc1@nic.in\ts3cret\tnew holder\nEnd",
         "Generic ID\tPassword\tNote\nigotdoptcc1@nic.in\t[REDACTED]\tnew holder\nEnd"),
        ("igotdoptcc1@nic.in\tPassword\ts3cret\nEnd", "igotdoptcc1@nic.in\tPassword\t[REDACTED]\nEnd"),
    ])
    func tableRows(text: String, expected: String) {
        #expect(PasswordScanner.redacted(text) == expected)
    }

    @Test("words that are no password field are left alone", arguments: [
        "Passwords must never be mailed.", "password reset done", "compassword: x", "The pwdx: y", "paßt: ja", "the past: x",
        "Request for password reset of igotdoptcc1@nic.in: urgent", "The password policy applies: see the OM",
        "Password:\nName: Shri E. Singh",
    ])
    func notFound(line: String) {
        #expect(PasswordScanner.redacted(line) == line)
    }

    @Test("a password word inside a Character (after U+0600, before a combining mark) is read, never stops the process", arguments: [
        ("\u{600}pwd: s3cret", true), ("\u{600}pwd", false), ("x \u{600}Password: s3cret", true), ("\u{600}", false),
        ("Password\u{301}: s3cret", true), ("\u{600}pwd\u{600}pwd: s3cret", true), ("पासवर्ड\u{94D}: s3cret", true),
        ("e\u{301}pwd: s3cret", false),
    ])
    func insideCharacters(text: String, holds: Bool) {
        let redacted = PasswordScanner.redacted(text + "\nEnd")
        #expect(redacted.contains("s3cret") == (text.contains("s3cret") && !holds), "\(redacted)")
        #expect(redacted.hasSuffix("\nEnd"))
        // Read as a whole mail (Subject and body): the refusal quotes no password.
        let m = RequestParser.parse(mail(subject: text, body: text), context: context)
        #expect("\(m)".contains("s3cret") == (text.contains("s3cret") && !holds), "\(m)")
    }

    @Test("a refusal quotes what it read with the password cut: never in the reply, the log or the registry")
    func refusalQuotesNoPassword() {
        let m = RequestParser.parse(mail(subject: "Password: s3cretX", body: "hello pwd: s3cretY"), context: context)
        guard case .refused(let problems, _) = m.parsed else { Issue.record("not refused: \(m.parsed)"); return }
        #expect(problems.map(\.seen).contains("Password: [REDACTED]"), "\(problems)")
        #expect(!"\(m)".contains("s3cret"))
        #expect(m.passwords.map(\.location) == ["Subject", "body"])
    }

    @Test("thousands of password lines: every one is found, each with its ID")
    func manyMentions() {
        // 3,000 such lines held the old scanner for minutes (a search to the end per word).
        let body = (1...3_000).map { "igotdoptcc\($0)@nic.in pwd: x\($0)" }.joined(separator: "\n")
        let mentions = PasswordScanner.mentions(in: body, location: "body")
        #expect(mentions.count == 3_000)
        #expect(mentions.first?.ids == ["igotdoptcc1@nic.in"] && mentions.last?.ids == ["igotdoptcc3000@nic.in"])
        let words = String(repeating: "apwd ", count: 20_000) + "pwd: s3cret"
        #expect(PasswordScanner.redacted(words) == String(repeating: "apwd ", count: 20_000) + "pwd: [REDACTED]")
        // One long line of words, and one with no blank at all: each word's look stays short.
        for filler in [String(repeating: "pwd x ", count: 8_000), String(repeating: ",pwd", count: 50_000) + " "] {
            #expect(PasswordScanner.redacted(filler + "Password: s3cret\nEnd") == filler + "Password: [REDACTED]\nEnd")
        }
    }

    @Test("a line password with 20,000 IDs named: each ID once, in the order named")
    func manyNamedIDs() {
        let ids = (1...20_000).map { "igotdoptcc\($0 % 10_000)@nic.in" }
        let m = RequestParser.parse(mail(subject: "Handover", body: "Password: s3cret\n" + ids.joined(separator: "\n")), context: context)
        let named = m.passwords.first?.ids ?? []
        #expect(named.count == 10_000)
        #expect(named.prefix(3) == ["igotdoptcc1@nic.in", "igotdoptcc2@nic.in", "igotdoptcc3@nic.in"])
        #expect(named.last == "igotdoptcc0@nic.in")
    }

    @Test("a password on a line of its own is taken for every generic ID the mail names")
    func mentionWithoutID() {
        let m = RequestParser.parse(mail(subject: "Handover of igotdoptcc2@nic.in",
                                         body: "Generic ID: igotdoptcc2@nic.in\nEffective date: 15/09/2027\nPassword: Xq7Secret41\n"
                                             + "Successor: Shri B. Rao, b.rao@nic.in\n"), context: context)
        #expect(m.passwords == [PasswordMention(location: "body", ids: ["igotdoptcc2@nic.in"])])
        #expect(!"\(m)".contains("Xq7Secret41"))
    }

    @Test("the mention names the ID on its line, never the value")
    func mention() {
        let m = RequestParser.parse(mail(subject: "Handover", body: "Generic ID: igotdoptcc1@nic.in\nPassword for igotdoptcc1@nic.in: hunter2\n"), context: context)
        #expect(m.passwords == [PasswordMention(location: "body", ids: ["igotdoptcc1@nic.in"])])
        #expect(!"\(m)".contains("hunter2"))
    }
}

@Suite("Never a request (requests.md §5)")
struct NeverTests {
    @Test("another desk, and a missing Return-Path is not an empty one")
    func otherDesk() {
        let other = RequestParser.parse(mail(from: "desk@other.gov.in", subject: "Status dopt", body: ""), context: context)
        #expect(other.parsed == .ignored(reason: "From: another iddesk (desk@other.gov.in)"))
        let plain = RequestParser.parse(mail(subject: "Status dopt", body: ""), context: context)
        #expect(plain.parsed == .command(.status(.mdo(MDOCode("dopt")!)), rowProblems: []))
    }

    @Test("automatic and list mail in every form it comes in is never a request", arguments: [
        ("Auto-Submitted: auto-replied\n", "Auto-Submitted: auto-replied (an automatic reply)"),
        ("Auto-Submitted: no\nAuto-Submitted: auto-replied\n", "Auto-Submitted: auto-replied (an automatic reply)"),
        ("X-Autoreply: yes\n", "X-Autoreply: an automatic reply"),
        ("X-Autorespond: vacation\n", "X-Autorespond: an automatic reply"),
        ("Precedence: list (mailing)\n", "Precedence: list"),
        ("Precedence: BULK\n", "Precedence: bulk"),
        ("List-Unsubscribe: <mailto:leave@lists.example>\n", "List-Unsubscribe: mailing-list mail"),
        ("List-Post: <mailto:list@lists.example>\n", "List-Post: mailing-list mail"),
        ("Return-Path: <a.kumar@nic.in>\nReturn-Path: <>\n", "Return-Path: <> (a bounce or automatic message)"),
    ])
    func automatic(headers: String, reason: String) {
        let m = RequestParser.parse(mail(subject: "Status dopt", body: "", headers: headers), context: context)
        #expect(m.parsed == .ignored(reason: reason))
    }

    @Test("Auto-Submitted: no with a comment, or with parameters, is a person's mail")
    func autoSubmittedNo() {
        for headers in ["Auto-Submitted: no (a person wrote this)\n", "Auto-Submitted: No ; note=x\n"] {
            let m = RequestParser.parse(mail(subject: "Status dopt", body: "", headers: headers), context: context)
            #expect(m.parsed == .command(.status(.mdo(MDOCode("dopt")!)), rowProblems: []), "\(headers)")
        }
    }

    @Test("control lines from NIC apply through Auto-Submitted, never answered")
    func helpdesk() {
        let m = RequestParser.parse(mail(from: "support.igot@nic.in", subject: "Re: [REQ-2026-000007/AB12CD34] ID creation",
                                         body: "CREATED\n", headers: "Auto-Submitted: auto-generated\n"), context: context)
        guard case .controls(let lines, let problems, let noReply) = m.parsed else { Issue.record("\(m.parsed)"); return }
        #expect(noReply)
        #expect(problems.isEmpty)
        #expect(lines.map(\.word) == [.created])
        #expect(lines.first?.code?.value == "AB12CD34")
    }
}

@Suite("Grammar never crashes on mutated mail")
struct GrammarFuzzTests {
    @Test("5,000 mutations of the fixtures parse to some reading")
    func fuzz() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let seeds = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted()
            .map { [UInt8](try Data(contentsOf: folder.appendingPathComponent($0))) }
        #expect(seeds.count >= 100)
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let inserts: [[UInt8]] = [":", "\n", "@", "<", ">", "REQ-2026-", "APPROVE ", "Password: ", "\n> ", "igotdoptcc1@nic.in", "=?utf-8?B?", "\u{0}", "\t", "-- \n"].map { Array($0.utf8) }
        var readings = 0
        for i in 0..<5000 {
            var bytes = seeds[i % seeds.count]
            for _ in 0..<(1 + Int(next() % 8)) {
                let at = Int(next() % UInt64(bytes.count + 1))
                switch next() % 3 {
                case 0: bytes.insert(contentsOf: inserts[Int(next() % UInt64(inserts.count))], at: at)
                case 1: if at < bytes.count { bytes.remove(at: at) }
                default: if at < bytes.count { bytes[at] ^= UInt8(1 << (next() % 8)) }
                }
            }
            _ = RequestParser.parse(Message(bytes: bytes), context: context)
            readings += 1
        }
        #expect(readings == 5000)
    }
}

@Suite("Allocation sheets as CSV attachments (requests.md §2.7)")
struct CSVSheetSizeTests {
    static func allocation(csv: String) -> Message {
        let body = "MDO code: dopt\n\n--b\nContent-Type: text/plain\n\nThe sheet is attached.\n--b\n"
            + "Content-Type: text/csv; name=\"sheet.csv\"\nContent-Disposition: attachment; filename=\"sheet.csv\"\n\n" + csv + "--b--\n"
        return Message(bytes: Array(("From: a.kumar@nic.in\nTo: igot-desk@dopt.gov.in\nSubject: Allocation of generic IDs - dopt\n"
                                     + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n" + body).utf8))
    }

    @Test("a sheet over 1 MiB is not read: the reply names the attachment and its size; one under it is read")
    func tooLarge() {
        let row = "igotdoptcc3@nic.in,Shri A B,Section Officer,a.b@nic.in,9800000001\n"
        let header = "generic_id,name,designation,email,mobile\n"
        let big = CSVSheetSizeTests.allocation(csv: header + String(repeating: row, count: 1_048_576 / row.utf8.count + 1))
        guard case .refused(let problems, _) = RequestParser.parse(big, context: context).parsed else { Issue.record("not refused"); return }
        #expect(problems.contains { $0.field == "CSV attachment" && ($0.seen ?? "").hasPrefix("sheet.csv, 10") && $0.expected.hasPrefix("a sheet of at most 1 MiB") })
        let small = CSVSheetSizeTests.allocation(csv: header + row)
        guard case .command(.allocate(let a), _) = RequestParser.parse(small, context: context).parsed else { Issue.record("small sheet not read"); return }
        #expect(a.rows.map(\.id.address) == ["igotdoptcc3@nic.in"])
    }
}

@Suite("Allocation sheets in the body (requests.md §2.7)")
struct BodySheetSizeTests {
    @Test("a body of more than 10,000 rows is refused whole, with one problem; 10,000 are read")
    func tooManyRows() {
        func sheet(_ rows: Int) -> Message {
            mail(subject: "Allocation of generic IDs - dopt", body: "MDO code: dopt\n" + (1...rows).map {
                "igotdoptcc\($0)@nic.in: Shri A B, Section Officer, a\($0).b@nic.in, 9800000001"
            }.joined(separator: "\n"))
        }
        guard case .refused(let problems, _) = RequestParser.parse(sheet(10_001), context: context).parsed else { Issue.record("not refused"); return }
        #expect(problems.count == 1)
        #expect(problems.first?.seen == "10001 rows" && problems.first?.expected.hasPrefix("at most 10000 rows in one request") == true)
        // Read, not refused whole: the rows past cc999 (the last slot there is) are problems of their own.
        guard case .command(.allocate(let a), _) = RequestParser.parse(sheet(10_000), context: context).parsed else { Issue.record("10,000 rows not read"); return }
        #expect(a.rows.count == 999)
    }
}

@Suite("The IDs a control line names (requests.md §4)")
struct ControlLineIDTests {
    static func line(_ text: String) -> ControlLine? {
        let m = RequestParser.parse(mail(from: "support.igot@nic.in", subject: "Re: ID creation", body: text + "\n"), context: context)
        guard case .controls(let lines, _, _) = m.parsed else { return nil }
        return lines.first
    }

    @Test("a word written as an ID but not one of ours makes the line a problem, not a line about every ID", arguments: [
        "CREATED REQ-2026-000006 AB12CD34 igotdoptcc1",
        "CREATED REQ-2026-000006 AB12CD34 igotdoptcc1@nic",
        "CREATED REQ-2026-000006 AB12CD34 igotdoptcc1@nic.co.in",
        "CREATED REQ-2026-000006 AB12CD34 cc1",
        "CREATED REQ-2026-000006 AB12CD34 attacker@gmail.com",
        "CREATED REQ-2026-000006 AB12CD34 a@nic.in;b@nic.in",
        "RESET DONE REQ-2026-000006 AB12CD34 igotdoptcc1@nic.co.in",
        "REFUSED REQ-2026-000006 AB12CD34 igotdoptcc1 name already taken",
    ])
    func unreadableID(text: String) throws {
        let line = try #require(Self.line(text))
        #expect(!line.problems.isEmpty)
        #expect(line.problems.first?.expected.hasPrefix("a generic ID of the request") == true)
    }

    @Test("IDs in angle brackets are read; a REFUSED reason may hold an address; REJECT names no ID")
    func read() throws {
        let refused = try #require(Self.line("REFUSED REQ-2026-000006 AB12CD34 <igotdoptcc1@nic.in> name taken, ask a.kumar@nic.in"))
        #expect(refused.problems.isEmpty)
        #expect(refused.ids.map(\.address) == ["igotdoptcc1@nic.in"])
        #expect(refused.reason == "name taken, ask a.kumar@nic.in")
        let created = try #require(Self.line("CREATED REQ-2026-000006 AB12CD34 igotdoptcc1@nic.in, igotdoptcc2@nic.in"))
        #expect(created.problems.isEmpty && created.ids.count == 2)
        let reject = try #require(Self.line("REJECT REQ-2026-000006 AB12CD34 write from igotdoptnodal@nic.in"))
        #expect(reject.problems.isEmpty && reject.ids.isEmpty)
    }
}

@Suite("The Subject as a control line beside the body's (requests.md §4)")
struct SubjectControlTests {
    @Test("APPROVE in the Subject and REJECT in the body (or the reverse) for one request refuse the mail whole")
    func conflict() {
        for (subject, body) in [("APPROVE REQ-2026-000001 AB12CD34", "REJECT REQ-2026-000001 AB12CD34 not eligible"),
                                ("REJECT REQ-2026-000001 AB12CD34 not eligible", "APPROVE REQ-2026-000001 AB12CD34")] {
            let m = RequestParser.parse(mail(from: "spv.igot@nic.in", subject: subject, body: body + "\n"), context: context)
            guard case .controls(_, let problems, _) = m.parsed else { Issue.record("\(m.parsed)"); continue }
            #expect(problems.contains { $0.expected.hasPrefix("either APPROVE or REJECT") }, "\(subject)")
        }
    }

    @Test("the same APPROVE in the Subject and the body is one line, not two")
    func same() {
        let m = RequestParser.parse(mail(from: "spv.igot@nic.in", subject: "APPROVE REQ-2026-000001 AB12CD34",
                                         body: "APPROVE REQ-2026-000001 AB12CD34\n"), context: context)
        guard case .controls(let lines, let problems, _) = m.parsed else { Issue.record("\(m.parsed)"); return }
        #expect(lines.count == 1 && problems.isEmpty)
    }
}

@Suite("A control line with its number written wrong (requests.md §4)")
struct MalformedNumberTests {
    @Test("APPROVE REQ-2026-1 CODE is a control line refused for its number, not a new request", arguments: [
        "APPROVE REQ-2026-1 AB12CD34", "APPROVE REQ 2026 000001 AB12CD34", "RESET DONE REQ-26-000001 AB12CD34",
    ])
    func malformed(text: String) {
        let m = RequestParser.parse(mail(from: "spv.igot@nic.in", subject: "Re: approval", body: text + "\n"), context: context)
        guard case .controls(let lines, _, _) = m.parsed else { Issue.record("\(m.parsed)"); return }
        #expect(lines.first?.problems.contains { $0.expected.hasPrefix("the request number") } == true)
    }

    @Test("prose that starts with a control word is still not a control line")
    func prose() {
        let m = RequestParser.parse(mail(from: "spv.igot@nic.in", subject: "Status dopt",
                                         body: "Approved by the competent authority.\nMDO code: dopt\n"), context: context)
        if case .controls = m.parsed { Issue.record("read as control lines") }
    }
}

@Suite("One request per control line (requests.md §4)")
struct OneRequestPerLineTests {
    @Test("under a tagged Subject, a line that says more than its word is prose: a helpdesk's receipt or a condition never acts")
    func taggedProse() {
        let subject = "Re: [REQ-2026-000021/CEZ8Z91S] Creation of generic IDs"
        for (from, body) in [("support.igot@nic.in", "Created ticket #4567 for your mail. Our team will respond shortly.\n"),
                             ("support.igot@nic.in", "Created only after approval from competent authority; please send the approval.\n"),
                             ("spv.igot@nic.in", "Approve subject to verification of the Admin's designation by the Ministry.\n"),
                             ("spv.igot@nic.in", "Reset done for some of them, the rest tomorrow.\n")] {
            let m = RequestParser.parse(mail(from: from, subject: subject, body: body), context: context)
            if case .controls(let lines, _, _) = m.parsed { Issue.record("\(body) read as \(lines.map(\.word))") }
        }
        // The word alone, or with the IDs it names, still takes number and code from the tag.
        for body in ["CREATED\n", "Created.\n", "CREATED igotdoptcc1@nic.in igotdoptcc2@nic.in\n"] {
            let m = RequestParser.parse(mail(from: "support.igot@nic.in", subject: subject, body: body), context: context)
            guard case .controls(let lines, _, _) = m.parsed, let line = lines.first else { Issue.record("\(body): \(m.parsed)"); continue }
            #expect(line.word == .created && line.request?.description == "REQ-2026-000021" && line.code?.value == "CEZ8Z91S")
            #expect(line.problems.isEmpty)
        }
    }

    @Test("zero-width characters around a control line do not hide it")
    func zeroWidth() {
        let m = RequestParser.parse(mail(from: "spv.igot@nic.in", subject: "Re: [REQ-2026-000027/F37VQXYW] Nomination",
                                         body: "<table><tr><td><p class=MsoNormal>&#8203;APPROVE&nbsp;REQ-2026-000027&nbsp;F37VQXYW&#8203;</p></td></tr></table>",
                                         headers: "MIME-Version: 1.0\nContent-Type: text/html; charset=UTF-8\n"), context: context)
        guard case .controls(let lines, _, _) = m.parsed, let line = lines.first else { Issue.record("\(m.parsed)"); return }
        #expect(line.word == .approve && line.request?.description == "REQ-2026-000027" && line.problems.isEmpty)
        let feff = RequestParser.parse(mail(from: "spv.igot@nic.in", subject: "Re", body: "\u{FEFF}APPROVE\u{200D} REQ-2026-000027 F37VQXYW\n"), context: context)
        guard case .controls(let plain, _, _) = feff.parsed else { Issue.record("\(feff.parsed)"); return }
        #expect(plain.first?.word == .approve)
    }


    @Test("a second request number after APPROVE's is a problem of the line; a REJECT reason may name one")
    func second() throws {
        let m = RequestParser.parse(mail(from: "spv.igot@nic.in", subject: "Re",
                                         body: "APPROVE REQ-2026-000001 AB12CD34 REQ-2026-000004 CD34EF56\n"), context: context)
        guard case .controls(let lines, _, _) = m.parsed else { Issue.record("\(m.parsed)"); return }
        #expect(lines.first?.problems.contains { $0.expected == "one request per line: put REQ-2026-000004 on a line of its own" } == true)
        let r = RequestParser.parse(mail(from: "spv.igot@nic.in", subject: "Re",
                                         body: "REJECT REQ-2026-000001 AB12CD34 same as REQ-2026-000003\n"), context: context)
        guard case .controls(let rejects, _, _) = r.parsed else { Issue.record("\(r.parsed)"); return }
        #expect(rejects.first?.problems.isEmpty == true)
    }

}

@Suite("Quotations in HTML replies, and forwards (requests.md §2.5, §2.6)")
struct HTMLQuotationTests {
    // A reply quotes the mail it answers; in HTML that is a <blockquote>, which the plain-text
    // reading never sees and the HTML reading used to take for the sender's own words.
    static let quotedHandover = "<blockquote class=\"gmail_quote\">Generic ID: igotdoptcc2@nic.in<br>Outgoing officer: d.rao@nic.in<br>"
        + "Reason: transfer<br>Effective date: 01/12/2026<br>Successor: Shri K. Das, Section Officer, k.das@nic.in, 9800000111</blockquote>"

    @Test("a request quoted in an HTML reply is never read: a follow-up stays a follow-up (Gmail in Hindi)")
    func quotedInHTMLReply() {
        let plain = "Any update please?\n\nबुध, 2 दिस॰ 2026 को 10:00 am बजे B Sharma <b.sharma@gov.in> ने लिखा:\n\n"
            + "> Generic ID: igotdoptcc2@nic.in\n> Outgoing officer: d.rao@nic.in\n> Reason: transfer\n"
        let html = "<div dir=\"ltr\">Any update please?</div><br><div class=\"gmail_quote\"><div class=\"gmail_attr\">"
            + "बुध, 2 दिस॰ 2026 को 10:00 am बजे B Sharma &lt;b.sharma@gov.in&gt; ने लिखा:<br></div>" + HTMLQuotationTests.quotedHandover + "</div>"
        let body = "--B\nContent-Type: text/plain; charset=UTF-8\n\n\(plain)\n--B\nContent-Type: text/html; charset=UTF-8\n\n\(html)\n--B--\n"
        let m = RequestParser.parse(mail(from: "b.sharma@gov.in", subject: "Re: [REQ-2026-000012] Handover recorded", body: body,
                                         headers: "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"B\"\n"), context: context)
        guard case .followUp(let number) = m.parsed else { Issue.record("\(m.parsed)"); return }
        #expect(number.description == "REQ-2026-000012")
    }

    @Test("a request quoted in an HTML-only reply with no attribution line is not applied")
    func quotedInHTMLOnlyReply() {
        let m = RequestParser.parse(mail(from: "b.sharma@gov.in", subject: "Re: Handover of igotdoptcc2@nic.in",
                                         body: "<p>Please see below.</p>" + HTMLQuotationTests.quotedHandover.replacingOccurrences(of: "class=\"gmail_quote\"", with: "type=\"cite\""),
                                         headers: "MIME-Version: 1.0\nContent-Type: text/html; charset=UTF-8\n"), context: context)
        if case .command(let command, _) = m.parsed { Issue.record("applied: \(command)") }
    }

    /// Outlook's and Zimbra's "forward as attachment": the forwarder's note, then the mail whole.
    static func forwardAsAttachment(subject: String, innerSubject: String = "Subject: Handover of igotdoptcc2@nic.in\n") -> Message {
        let inner = "From: B Sharma <b.sharma@gov.in>\nTo: igot-desk@dopt.gov.in\n" + innerSubject
            + "Date: Tue, 1 Dec 2026 10:00:00 +0530\nContent-Type: text/plain; charset=UTF-8\n\n"
            + "Generic ID: igotdoptcc2@nic.in\nOutgoing officer: d.rao@nic.in\nReason: transfer\nEffective date: 01/12/2026\n"
            + "Successor: Shri K. Das, Section Officer, k.das@nic.in, 9800000111\n"
        let body = "--M\nContent-Type: text/plain; charset=UTF-8\n\nFYI, please act on this.\n"
            + "--M\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename=\"Handover.eml\"\n\n\(inner)\n--M--\n"
        return mail(from: "a.kumar@nic.in", subject: subject, body: body,
                    headers: "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"M\"\n")
    }

    @Test("a forward sent as an attachment is read as the forwarded mail; under another Subject it is an attachment")
    func forwardAsAttachment() {
        let m = RequestParser.parse(HTMLQuotationTests.forwardAsAttachment(subject: "FW: Handover of igotdoptcc2@nic.in"), context: context)
        guard case .command(.handover(let handover), _) = m.parsed else { Issue.record("\(m.parsed)"); return }
        #expect(handover.id.address == "igotdoptcc2@nic.in")
        #expect(m.forwardedFrom == "b.sharma@gov.in")
        let plain = RequestParser.parse(HTMLQuotationTests.forwardAsAttachment(subject: "Handover of igotdoptcc2@nic.in"), context: context)
        if case .command(let command, _) = plain.parsed { Issue.record("read without a forward's Subject: \(command)") }
    }

    @Test("a forward sent as an attachment whose mail carries the allocation sheet: the sheet is read")
    func forwardAsAttachmentWithSheet() {
        let inner = "From: B Sharma <b.sharma@gov.in>\nSubject: Allocation of generic IDs - dopt\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"I\"\n\n--I\nContent-Type: text/plain\n\nMDO code: dopt\nSheet attached.\n"
            + "--I\nContent-Type: text/csv; name=\"sheet.csv\"\nContent-Disposition: attachment; filename=\"sheet.csv\"\n\n"
            + "generic_id,name,designation,email,mobile\nigotdoptcc1@nic.in,Shri C. Verma,Assistant Director,c.verma@nic.in,9800000003\n--I--\n"
        let body = "--M\nContent-Type: text/plain; charset=UTF-8\n\nPlease act on this.\n"
            + "--M\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename=\"Allocation.eml\"\n\n\(inner)\n--M--\n"
        let m = RequestParser.parse(mail(from: "a.kumar@nic.in", subject: "Fwd: Allocation of generic IDs - dopt", body: body,
                                         headers: "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"M\"\n"), context: context)
        guard case .command(.allocate(let a), let problems) = m.parsed else { Issue.record("\(m.parsed)"); return }
        #expect(a.rows.map(\.id.address) == ["igotdoptcc1@nic.in"] && problems.isEmpty)
    }

    @Test("a password in the header of a mail forwarded as an attachment is a mention: the reply warns, the ID's ticket opens")
    func passwordInAttachedHeader() {
        let m = RequestParser.parse(HTMLQuotationTests.forwardAsAttachment(subject: "Fwd: Handover of igotdoptcc2@nic.in",
            innerSubject: "Subject: Handover, password is Zq9Kw2Lm7\nX-Note: pwd: Hh5544Jj\n"), context: context)
        #expect(m.passwords.map(\.location) == ["attached mail's Subject", "attached mail's X-Note"])
        #expect(m.passwords.allSatisfy { $0.ids == ["igotdoptcc2@nic.in"] })
        #expect(!"\(m)".contains("Zq9Kw2Lm7") && !"\(m)".contains("Hh5544Jj"))
    }

    @Test("\"मैंने लिखा:\" (I wrote:) in the sender's own Hindi is no reply header")
    func hindiOwnWords() {
        let own = OwnText("महोदय, जैसा कि मैंने लिखा:\nGeneric ID: igotdoptcc1@nic.in\n")
        #expect(own.lines == ["महोदय, जैसा कि मैंने लिखा:", "Generic ID: igotdoptcc1@nic.in"])
        #expect(OwnText("ok\nबुध, 2 दिस॰ 2026 को 10:00 am बजे B Sharma <b.sharma@gov.in> ने लिखा:\nGeneric ID: x\n").lines == ["ok"])
    }

    @Test("a forward in a quotation (Apple Mail) is read as the forwarded mail")
    func forwardInQuotation() {
        let html = "<div>FYI</div><div><br><div>Begin forwarded message:</div><br><blockquote type=\"cite\">"
            + "<div><b>From: </b>B Sharma &lt;b.sharma@gov.in&gt;</div><div><b>Subject: </b>Handover of igotdoptcc2@nic.in</div>"
            + "<div><b>Date: </b>1 December 2026 at 10:00:00 GMT+5:30</div><br>"
            + HTMLQuotationTests.quotedHandover.replacingOccurrences(of: "<blockquote class=\"gmail_quote\">", with: "<div>").replacingOccurrences(of: "</blockquote>", with: "</div>")
            + "</blockquote></div>"
        let m = RequestParser.parse(mail(from: "a.kumar@nic.in", subject: "Fwd: Handover of igotdoptcc2@nic.in", body: html,
                                         headers: "MIME-Version: 1.0\nContent-Type: text/html; charset=UTF-8\n"), context: context)
        guard case .command(.handover(let handover), _) = m.parsed else { Issue.record("\(m.parsed)"); return }
        #expect(handover.id.address == "igotdoptcc2@nic.in")
        #expect(m.forwardedFrom?.contains("b.sharma@gov.in") == true)
    }
}
