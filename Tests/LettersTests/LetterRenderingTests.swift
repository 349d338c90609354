import Domain
import Foundation
@testable import Letters
import Mail
import Requests
import Testing

@Suite("Letters in the OM layout (workflow.md §3)")
struct LetterRenderingTests {
    static let library: TemplateLibrary = try! TemplateLibrary(override: nil)
    static let renderer = LetterRenderer(
        letterhead: ["Government of India", "Ministry of Personnel, Public Grievances and Pensions",
                     "Department of Personnel and Training", "(Training Division)", "Block No. IV, 3rd Floor",
                     "Old JNU Campus, New Delhi-110067"],
        timeZone: TimeZone(identifier: "Asia/Kolkata")!, library: library)
    static let date = Date(timeIntervalSince1970: 1_795_495_500)   // 24 Nov 2026, 10:15 IST
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The fixed data of the golden letters.
    static var samples: [(name: String, template: String, tag: String, to: [String], variables: [String: Any])] { [
        ("acknowledgement", "acknowledgement", "[REQ-2026-000001]", ["a.kumar@nic.in"],
         ["request": "REQ-2026-000001", "request_type": "nomination"]),
        ("reset-notice", "reset-notice", "[REQ-2026-000014]", ["e.singh@nic.in"],
         ["request": "REQ-2026-000014", "id": "igotdoptcc1@nic.in", "channel": "by SMS to your registered mobile number"]),
        ("reset-ticket", "reset-ticket", "[REQ-2026-000009/K7Q4M2PX]", ["spv.igot@nic.in"],
         ["request": "REQ-2026-000009", "action_code": "K7Q4M2PX", "tickets": [[
            "id": "igotdoptcc1@nic.in", "outgoing": ["name": "Shri C. Verma", "designation": "Assistant Director", "email": "c.verma@nic.in", "mobile": "9800000003"],
            "incoming": ["name": "Shri E. Singh", "designation": "Section Officer", "email": "e.singh@nic.in", "mobile": "9800000006"],
            "not_before": "2026-12-15", "late_report": false]]]),
    ] }

    /// Benign fixed data that every template can render.
    static var commonVariables: [String: Any] {
        let officer: [String: Any] = ["name": "Shri E. Singh", "designation": "Section Officer", "email": "e.singh@nic.in", "mobile": "9800000006"]
        let outgoing: [String: Any] = ["name": "Shri C. Verma", "designation": "Assistant Director", "email": "c.verma@nic.in", "mobile": "9800000003"]
        return [
            "request": "REQ-2026-000021", "action_code": "K7Q4M2PX", "request_type": "allocation", "awaiting": "DoPT/SPV's approval",
            "ids": ["igotdoptcc1@nic.in", "igotdoptcr1@nic.in"], "accepted": ["igotdoptcc1@nic.in"],
            "refused": [["field": "igotdoptcr1@nic.in", "expected": "a government address"]],
            "nomination": ["mdo": ["code": "dopt", "name": "Department of Personnel and Training", "ministry": "Ministry of Personnel, Public Grievances and Pensions"],
                           "nodal": ["name": "Shri A. Kumar", "designation": "Deputy Secretary", "email": "a.kumar@nic.in", "mobile": "9800000001"],
                           "admin": ["name": "Ms. B. Sharma", "designation": "Section Officer", "email": "b.sharma@gov.in", "mobile": "9800000002"]],
            "sender": "a.kumar@nic.in", "sender_domain": "nic.in", "contested": false, "mdo": "dopt", "mdo_name": "Department of Personnel and Training",
            "reason": "the nominee is not a Deputy Secretary", "problems": [["field": "Effective date", "seen": "12/15/2026", "expected": "a day-first date"]],
            "form": "handover", "id": "igotdoptcc1@nic.in", "channel": "by SMS to your registered mobile number",
            "tickets": [["id": "igotdoptcc1@nic.in", "outgoing": outgoing, "incoming": officer, "late_report": true]],
            "effective": "2026-12-15", "password_mailed": false, "mdos": ["dopt"], "state": "pending", "note": "awaiting the reset",
            "lines": [["line": "APPROVE REQ-2026-000001", "outcome": "approved: dopt is active"]],
            "rows": [["id": "igotdoptcc1@nic.in", "state": "allocated", "holder": "Shri E. Singh, Section Officer, e.singh@nic.in", "since": "2026-12-15"]],
            "officers": [["mdo": "dopt", "role": "Nodal Officer", "name": "Shri A. Kumar", "designation": "Deputy Secretary", "email": "a.kumar@nic.in"]],
            "pending": [["number": "REQ-2026-000020", "type": "vacancy", "received": "2026-11-24"]], "day": "2026-11-24",
            "desk_address": "igot-desk@dopt.gov.in", "count": "1", "what": "a reset ticket", "since": "2026-11-20",
            "name": "Ms. D. Rao", "agency": "Learnwell Pvt Ltd", "contract_end": "2026-12-31", "vacant_from": "2027-01-01",
            "failed_count": "0", "failed": [String](), "forged_count": "2", "open_tickets_count": "1", "open_tickets": ["REQ-2026-000006 igotdoptcc1@nic.in, open 4 days"],
            "pending_count": "1", "pending_requests": ["REQ-2026-000020 vacancy, 4 days"], "vacant_count": "1", "vacant": ["igotdoptcc2@nic.in, vacant since 2026-11-10: 14 days"], "audit_head": "0546a6b5", "audit_count": "120",
            "limit": "20", "window": "an hour",
        ]
    }

    @Test("golden letters: every template, from fixed data, equals its checked-in text and parses back with the right headers",
          arguments: try! TemplateLibrary(override: nil).templates.keys.sorted())
    func goldenEvery(name: String) throws {
        let tag = "[REQ-2026-000021/K7Q4M2PX]"
        let rendered = try #require(Self.renderer.render(name, variables: Self.commonVariables, tag: tag, fallbackSubject: "Reminder 3: reset of 2 generic ID(s)",
                                                          to: ["a.kumar@nic.in"], now: Self.date))
        let text = "Subject: \(rendered.subject)\n\n\(rendered.body)"
        let file = Self.golden.appendingPathComponent("all/" + name + ".txt")
        if ProcessInfo.processInfo.environment["IDDESK_UPDATE_GOLDEN"] != nil {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        #expect(text == (try String(contentsOf: file, encoding: .utf8)))
        let bytes = Composer.compose(OutgoingMessage(
            from: Mailbox(name: "iGOT ID Desk", address: "igot-desk@dopt.gov.in"), to: [Mailbox(name: nil, address: "a.kumar@nic.in")],
            subject: rendered.subject, date: Self.date, dateOffsetSeconds: 19_800, messageID: "<\(name)@dopt.gov.in>",
            inReplyTo: "<m1@nic.in>", references: ["<m1@nic.in>"], autoSubmitted: "auto-replied",
            extraFields: [("X-Iddesk-Loop", "igot-desk@dopt.gov.in")], body: rendered.body))
        let back = Message(bytes: bytes)
        #expect(back.subject == rendered.subject)
        #expect(back.subject?.hasPrefix(tag) == true)
        #expect(back.from.map(\.address) == ["igot-desk@dopt.gov.in"])
        #expect(back.messageID == "<\(name)@dopt.gov.in>")
        #expect(back.header.first("X-Iddesk-Loop")?.text == "igot-desk@dopt.gov.in")
        #expect(back.header.first("Auto-Submitted")?.text == "auto-replied")
        #expect(back.header.first("In-Reply-To")?.text == "<m1@nic.in>")
        #expect(back.text == rendered.body)
    }

    @Test("golden letters: each rendering equals its checked-in text", arguments: samples.map(\.name))
    func golden(name: String) throws {
        let sample = try #require(Self.samples.first { $0.name == name })
        let rendered = try #require(Self.renderer.render(sample.template, variables: sample.variables, tag: sample.tag,
                                                          fallbackSubject: "", to: sample.to, now: Self.date))
        let text = "Subject: \(rendered.subject)\n\n\(rendered.body)"
        let file = Self.golden.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["IDDESK_UPDATE_GOLDEN"] != nil { try Data(text.utf8).write(to: file) }
        #expect(text == (try String(contentsOf: file, encoding: .utf8)))
        for line in rendered.body.split(separator: "\n") where !line.hasPrefix("This is a system-generated") {
            #expect(line.count <= 72, "\(line)")
        }
    }

    @Test("every template renders hostile values safely, with no empty placeholder and no control line")
    func hostile() throws {
        let evil = "Ms. X & Y <b> \"Q\" नाम \u{202E}Z X\r\nBcc: evil@example.com"
        let officer: [String: Any] = ["name": evil, "designation": evil, "email": "x@nic.in", "mobile": "9800000001"]
        let everything: [String: Any] = [
            "request": "REQ-2026-000001", "action_code": "K7Q4M2PX", "request_type": evil, "awaiting": evil,
            "ids": ["igotdoptcc1@nic.in"], "accepted": ["igotdoptcc1@nic.in"], "refused": [["field": evil, "expected": evil]],
            "nomination": ["mdo": ["code": "dopt", "name": evil, "ministry": evil], "nodal": officer, "admin": officer],
            "handover": ["id": "igotdoptcc1@nic.in", "successor": officer, "effective": "2026-12-15"], "outgoing": officer,
            "sender": "a@nic.in", "sender_domain": "nic.in", "contested": true, "rename": evil, "mdo": "dopt", "mdo_name": evil,
            "reason": evil, "problems": [["field": evil, "seen": evil, "expected": evil]], "form": "nomination",
            "id": "igotdoptcc1@nic.in", "channel": evil, "tickets": [["id": "igotdoptcc1@nic.in", "outgoing": officer, "incoming": officer,
                                                                     "exposed_by_mail": true, "withdraw_personal_access": true]],
            "effective": "2026-12-15", "password_mailed": true, "mdos": ["dopt"], "asked": "REQ-2026-000002", "state": "pending",
            "what": evil, "since": "2026-11-20", "name": evil, "agency": evil, "contract_end": "2026-12-31", "vacant_from": "2027-01-01",
            "failed_count": "1", "failed": [evil], "forged_count": "0", "open_tickets_count": "1", "open_tickets": [evil], "pending_count": "1",
            "audit_head": "x", "audit_count": "1", "limit": "20", "window": "an hour",
            "note": evil, "lines": [["line": evil, "outcome": evil], ["line": "APPROVE REQ-2026-000001 K7Q4M2PX", "outcome": "approved"]],
        ]
        let context = ParseContext(idDomain: "nic.in", governmentDomains: GovernmentDomains(["nic.in", "gov.in"]),
                                   deskAddress: EmailAddress("igot-desk@dopt.gov.in")!, otherDesks: [],
                                   doptSPV: [EmailAddress("spv.igot@nic.in")!], nic: [], idsPerRequest: 20)
        #expect(Self.library.templates.count == 23)
        var shownHostileText = 0
        for name in Self.library.templates.keys.sorted() {
            let rendered = try #require(Self.renderer.render(name, variables: everything, tag: "[REQ-2026-000001/K7Q4M2PX]",
                                                              fallbackSubject: "x", to: ["a@nic.in"], now: Self.date))
            #expect(!["&amp;", "&lt;", "&gt;", "&quot;", "&#"].contains { rendered.body.contains($0) }, "\(name): HTML escaping")
            #expect(!rendered.body.contains("\u{202E}") && !rendered.body.contains("\r"), "\(name)")
            if rendered.body.contains("नाम") { shownHostileText += 1 }
            #expect(!rendered.body.split(separator: "\n").contains { $0.hasPrefix("Bcc:") }, "\(name): a value made a line")
            #expect(!rendered.body.contains("  ,") && !rendered.body.contains("()"), "\(name): an empty placeholder")
            // Composed and read back, the letter is one message with its headers; sent back as
            // if DoPT/SPV had forwarded its text, the grammar finds no control line in it.
            let message = Message(bytes: Composer.compose(OutgoingMessage(
                from: Mailbox(name: nil, address: "spv.igot@nic.in"), to: [Mailbox(name: nil, address: "igot-desk@dopt.gov.in")],
                subject: "Note", date: Self.date, messageID: "<\(name)@dopt.gov.in>", body: rendered.body)))
            #expect(!message.header.contains("Bcc"))
            if case .controls(let lines, _, _) = RequestParser.parse(message, context: context).parsed {
                Issue.record("\(name): the letter holds control lines \(lines.map(\.word.rawValue))")
            }
        }
        #expect(shownHostileText >= 10, "most letters show a value from mail, Devanagari intact")
    }

    @Test("a reminder about no request (a vacancy) reads without an empty reference; its subject is the one it was queued with")
    func vacancyReminder() throws {
        let rendered = try #require(Self.renderer.render("reminder", variables: ["count": 2, "what": "the vacancy of igotdoptcc2@nic.in, awaiting an allocation",
                                                                                "since": "2026-12-21", "ids": ["igotdoptcc2@nic.in"]],
                                                          tag: "", fallbackSubject: "Reminder 2: igotdoptcc2@nic.in is vacant", to: ["a.kumar@nic.in"], now: Self.date))
        #expect(rendered.subject == "Reminder 2: igotdoptcc2@nic.in is vacant")
        #expect(rendered.body.contains("This is reminder 2: the vacancy of igotdoptcc2@nic.in"), "\(rendered.body)")
        #expect(!rendered.body.contains("about ,"))
    }

    @Test("a template with an unknown variable or bad syntax fails at load, naming the file")
    func badOverride() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("Subject: Hi\n\nDear {{holder_password}}\n".utf8).write(to: dir.appendingPathComponent("reset-notice.mustache"))
        #expect(throws: TemplateLibrary.LoadError(file: dir.appendingPathComponent("reset-notice.mustache").path,
                                                  problem: "unknown variable {{holder_password}} for the reset-notice letter (see Templates/README.md)")) {
            try TemplateLibrary(override: dir)
        }
        try Data("Subject: Hi\n\n{{#id}}unclosed\n".utf8).write(to: dir.appendingPathComponent("reset-notice.mustache"))
        do {
            _ = try TemplateLibrary(override: dir)
            Issue.record("loaded a template with a syntax error")
        } catch let error as TemplateLibrary.LoadError {
            #expect(error.file.hasPrefix(dir.appendingPathComponent("reset-notice.mustache").path))
            #expect(error.problem.hasPrefix("Mustache syntax"))
        }
        // A file where the folder should be is refused at load; no folder at all is the default.
        let plain = dir.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: plain)
        #expect(throws: TemplateLibrary.LoadError(file: plain.path, problem: "is not a folder of templates ([desk] templates names a folder)")) {
            try TemplateLibrary(override: plain)
        }
        #expect(try TemplateLibrary(override: dir.appendingPathComponent("none")).warnings.isEmpty)
        // An empty letter, or a Cc that is no address, is refused at load.
        for (text, problem) in [("", "the letter has no body"), ("Subject: Hi\n\n  \n", "the letter has no body"),
                                ("Subject: Hi\nCc: not an address\n\nDear officer\n", "Cc: \"not an address\" is not an e-mail address")] {
            try Data(text.utf8).write(to: dir.appendingPathComponent("reset-notice.mustache"))
            do {
                _ = try TemplateLibrary(override: dir)
                Issue.record("loaded \(text.debugDescription)")
            } catch let error as TemplateLibrary.LoadError {
                #expect(error.problem.hasPrefix(problem), "\(error)")
            }
        }
        // An override in Hindi replaces the bundled letter; the others fall back with a warning.
        try Data("Subject: आईडी तैयार है\n\nजेनेरिक आईडी {{id}} आपके लिए तैयार है। & <नया>\n".utf8).write(to: dir.appendingPathComponent("reset-notice.mustache"))
        let library = try TemplateLibrary(override: dir)
        #expect(library.warnings.count == 22)
        let renderer = LetterRenderer(letterhead: ["भारत सरकार"], timeZone: TimeZone(identifier: "Asia/Kolkata")!, library: library)
        let rendered = try #require(renderer.render("reset-notice", variables: ["request": "REQ-2026-000001", "id": "igotdoptcc1@nic.in"],
                                                    tag: "[REQ-2026-000001]", fallbackSubject: "", to: ["a@nic.in"], now: Self.date))
        #expect(rendered.subject == "[REQ-2026-000001] आईडी तैयार है")
        #expect(rendered.body.contains("जेनेरिक आईडी igotdoptcc1@nic.in आपके लिए तैयार है। & <नया>"))
    }

    @Test("wrapping keeps addresses whole and hangs numbered paragraphs")
    func wrapping() {
        let lines = LetterRenderer.wrap("2. " + String(repeating: "word ", count: 14) + "igotdoptcc1234567890@nic.in and more words here", width: 40)
        #expect(lines.allSatisfy { $0.count <= 40 || $0.contains("@") })
        #expect(lines.contains { $0.contains("igotdoptcc1234567890@nic.in") })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("   ") })
    }

    @Test("a body is cut at LF and CR LF, a CR before each line end dropped, empty lines kept")
    func lineEnds() {
        #expect(LetterRenderer.lines("a\r\nb\n\r\nc\r") == ["a", "b", "", "c"])
        #expect(LetterRenderer.lines("") == [""])
        #expect(LetterRenderer.lines("\n") == ["", ""])
        #expect(LetterRenderer.lines("पत्र\r\nx\ry") == ["पत्र", "x\ry"])
    }

    @Test("a line is wrapped by bytes exactly as by Characters: 4,000 random lines of mixed scripts")
    func wrappingByBytes() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "word", "igotdoptcc12@nic.in", "REQ-2026-000001", "2.", "(iii)", "x\ry", "", " ", "  ",
                      "—", "पासवर्ड", "२.", "\u{301}", " \u{301}x", "\u{600}", "\u{600} ", "e\u{301}", "👩\u{200D}💻",
                      "\u{200D}", "🇮🇳", "\r\n", "ﷺ", "ä", "\u{E9}t\u{E9}"]
        for _ in 0..<4_000 {
            let indent = String(repeating: " ", count: Int.random(in: 0...4, using: &generator))
            let words = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
            let line = indent + words.joined(separator: Bool.random(using: &generator) ? " " : "  ")
            let width = Int.random(in: 8...72, using: &generator)
            let hang: String? = Bool.random(using: &generator) ? nil : String(repeating: " ", count: Int.random(in: 0...40, using: &generator))
            #expect(LetterRenderer.wrap(line, width: width, hang: hang) == Self.wrapByCharacters(line, width: width, hang: hang),
                    "\(line.debugDescription) at \(width)")
        }
    }

    @Test("a line whose CR LF makes it fit in Characters, not in bytes, is kept as it is", arguments: [
        "2.  (iii)  \r\n  word  REQ-2026-000001", "a  \r\nb",
    ])
    func fitsByCharacters(line: String) {
        let width = line.count
        #expect(line.utf8.count > width)
        #expect(LetterRenderer.wrap(line, width: width) == [line])
    }

    @Test("a line opening with thousands of blanks wraps to a text of about its own size, not its square")
    func wrappingDeepIndent() {
        for count in [100, 8_000] {
            let line = String(repeating: " ", count: count) + String(repeating: "x ", count: count)
            let lines = LetterRenderer.wrap(line, width: 72)
            #expect(lines.reduce(0) { $0 + $1.utf8.count + 1 } < 3 * line.utf8.count + 200)
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 36) + "x") })
            #expect(lines.joined(separator: " ").split(separator: " ") == line.split(separator: " "))
        }
    }

    /// The reference for `wrap`: the line split into Characters at `" "`, each word counted
    /// as its Characters.
    static func wrapByCharacters(_ line: String, width: Int, hang hangGiven: String?) -> [String] {
        if line.count <= width { return [line] }
        let indent = String(line.prefix { $0 == " " })
        var hang = hangGiven ?? indent
        if hangGiven == nil, let match = line.dropFirst(indent.count).split(separator: " ", maxSplits: 1).first,
           match.count <= 4, match.hasSuffix("."), match.dropLast().allSatisfy(\.isNumber) {
            hang = indent + String(repeating: " ", count: match.count + 1)
        }
        if hang.count > width / 2 { hang = String(repeating: " ", count: width / 2) }
        var lines: [String] = []
        var current = indent
        var empty = true
        for word in line.dropFirst(indent.count).split(separator: " ") {
            if !empty && current.count + 1 + word.count > width {
                lines.append(current)
                current = hang
                empty = true
            }
            if !empty { current += " " }
            current += word
            empty = false
        }
        lines.append(current)
        return lines
    }
}
