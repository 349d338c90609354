import Foundation
@testable import Mail
import Testing

@Suite("Composer: letters that parse back the same with our parser and Python's")
struct ComposerTests {
    static let desk = Mailbox(name: "iGOT ID Desk", address: "igot-desk@dopt.gov.in")
    static let date = Date(timeIntervalSince1970: 1_795_495_500)

    static let letters: [(name: String, message: OutgoingMessage)] = [
        ("ascii", OutgoingMessage(
            from: desk, to: [Mailbox(name: "Shri A. Kumar", address: "a.kumar@nic.in")],
            cc: [Mailbox(name: "Kumar, A. (DoPT)", address: "igotdoptnodal@nic.in"), Mailbox(name: nil, address: "spv.igot@nic.in")],
            subject: "[REQ-2026-000001] Acknowledgement of your nomination", date: date, dateOffsetSeconds: 19_800,
            messageID: "<1795495500.abc@dopt.gov.in>", inReplyTo: "<orig@nic.in>", references: ["<root@nic.in>", "<orig@nic.in>"],
            autoSubmitted: "auto-replied", extraFields: [("X-Iddesk-Loop", "igot-desk@dopt.gov.in")],
            body: "Government of India\nDepartment of Personnel and Training\n\nThe nomination was received.\n")),
        ("devanagari", OutgoingMessage(
            from: desk, to: [Mailbox(name: "श्री ए. कुमार", address: "a.kumar@nic.in")],
            subject: "[REQ-2026-000002] नामांकन की पावती — iGOT कर्मयोगी के लिए नोडल अधिकारी और एडमिन का नामांकन प्राप्त हुआ",
            date: date, dateOffsetSeconds: 19_800, messageID: "<1795495500.def@dopt.gov.in>",
            body: "भारत सरकार\nकार्मिक और प्रशिक्षण विभाग\n\nआपका नामांकन प्राप्त हुआ है।\n")),
        ("long-lines", OutgoingMessage(
            from: desk, to: [Mailbox(name: nil, address: "spv.igot@nic.in")],
            subject: String(repeating: "Reset ticket for generic IDs of many MDOs ", count: 4) + "(continued)",
            date: date, messageID: "<1795495500.ghi@dopt.gov.in>",
            body: String(repeating: "igotdoptcc1@nic.in ", count: 120) + "\n" + String(repeating: "é", count: 1200) + "\nend\n")),
        ("attachments", OutgoingMessage(
            from: desk, to: [Mailbox(name: "Nodal Officer", address: "igotdoptnodal@nic.in")],
            subject: "[REQ-2026-000003] Roster of dopt", date: date, messageID: "<1795495500.jkl@dopt.gov.in>",
            body: "The roster is attached.\n",
            attachments: [
                .init(filename: "roster-dopt.csv", contentType: "text/csv", content: Array("id,state\nigotdoptcc1@nic.in,allocated\n".utf8)),
                .init(filename: "सूची.csv", contentType: "text/csv", content: Array("नाम,पद\n".utf8)),
                .init(filename: "blob.bin", contentType: "application/octet-stream", content: (0..<1000).map { UInt8($0 % 256) }),
            ])),
    ]

    @Test("every letter parses back to its own values with our parser", arguments: letters.map(\.name))
    func ourParser(name: String) throws {
        let letter = try #require(Self.letters.first { $0.name == name }).message
        let bytes = Composer.compose(letter)
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 998)
        }
        let header = text.components(separatedBy: "\r\n\r\n")[0]
        for line in header.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 78 || !line.contains(" "), "unfolded header line: \(line)")
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII }, "8-bit header line: \(line)")
        }
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF")
        let parsed = Message(bytes: bytes)
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
        #expect(parsed.subject == letter.subject)
        #expect(parsed.from == [letter.from])
        #expect(parsed.to == letter.to)
        #expect(parsed.cc == letter.cc)
        #expect(parsed.messageID == letter.messageID)
        #expect(parsed.date?.instant == letter.date)
        #expect(parsed.header.first("In-Reply-To")?.text == letter.inReplyTo)
        #expect(parsed.header.first("Auto-Submitted")?.text == letter.autoSubmitted)
        #expect(parsed.text == letter.body)
        #expect(parsed.attachments.map(\.filename) == letter.attachments.map(\.filename))
        #expect(parsed.attachments.map(\.part.decodedContent) == letter.attachments.map(\.content))
    }

    @Test("Python's email package (policy=default) reads every letter the same")
    func pythonAgrees() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-compose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        for (name, letter) in Self.letters {
            let url = dir.appendingPathComponent(name + ".eml")
            try Data(Composer.compose(letter)).write(to: url)
            files.append(url.path)
        }
        let script = """
        import email, email.policy, json, sys
        out = []
        for path in sys.argv[1:]:
            with open(path, 'rb') as f:
                m = email.message_from_binary_file(f, policy=email.policy.default)
            body = m.get_body(('plain',))
            out.append({
                'subject': str(m['subject']),
                'from': [[a.display_name, a.addr_spec] for a in m['from'].addresses],
                'to': [[a.display_name, a.addr_spec] for a in m['to'].addresses] if m['to'] else [],
                'cc': [[a.display_name, a.addr_spec] for a in m['cc'].addresses] if m['cc'] else [],
                'message_id': str(m['message-id']),
                'body': body.get_content(),
                'attachments': [[p.get_filename(), len(p.get_content() if isinstance(p.get_content(), bytes) else p.get_content().encode())] for p in m.iter_attachments()],
                'defects': len(m.defects) + sum(len(p.defects) for p in m.walk()),
            })
        print(json.dumps(out))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(results.count == Self.letters.count)
        for ((name, letter), result) in zip(Self.letters, results) {
            #expect(result["subject"] as? String == letter.subject, "\(name)")
            let from = result["from"] as? [[String]]
            #expect(from == [[letter.from.name ?? "", letter.from.address]], "\(name)")
            #expect(result["to"] as? [[String]] == letter.to.map { [$0.name ?? "", $0.address] }, "\(name)")
            #expect(result["cc"] as? [[String]] == letter.cc.map { [$0.name ?? "", $0.address] }, "\(name)")
            #expect(result["message_id"] as? String == letter.messageID, "\(name)")
            #expect((result["body"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == letter.body, "\(name)")
            let attachments = result["attachments"] as? [[Any]] ?? []
            #expect(attachments.map { $0[0] as? String } == letter.attachments.map(\.filename), "\(name)")
            #expect(attachments.map { $0[1] as? Int } == letter.attachments.map(\.content.count), "\(name)")
            #expect(result["defects"] as? Int == 0, "\(name)")
        }
    }

    @Test("no value can add a header line")
    func injection() {
        let letter = OutgoingMessage(
            from: Self.desk,
            to: [Mailbox(name: "Evil\r\nBcc: victim@example.com", address: "a@nic.in\r\nBcc: x@example.com")],
            subject: "Hello\r\nBcc: victim@example.com\n\nbody", date: Self.date,
            messageID: "<id\r\nX-Evil: 1@dopt.gov.in>", inReplyTo: "<x>\nX-Evil: 2",
            extraFields: [("X-Iddesk-Loop\r\nBcc", "v\r\nBcc: y@example.com")], body: "text")
        let bytes = Composer.compose(letter)
        let parsed = Message(bytes: bytes)
        #expect(!parsed.header.contains("Bcc"))
        #expect(!parsed.header.contains("X-Evil"))
        #expect(parsed.subject == "HelloBcc: victim@example.combody")
        #expect(parsed.header.fields.map(\.name) == ["From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "X-Iddesk-LoopBcc", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"])
    }

    @Test("Message-IDs are unique and on the desk's domain")
    func messageIDs() {
        let ids = (0..<1000).map { _ in OutgoingMessage.newMessageID(domain: "dopt.gov.in") }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.hasPrefix("<") && $0.hasSuffix("@dopt.gov.in>") })
    }

    @Test("Message-IDs made with one pinned time sort in the order they were made")
    func messageIDOrder() throws {
        // The registry's unique index on Message-IDs takes each new one at its end only if
        // they sort in order; with `--now` pinned, the seconds are the same for all of them.
        let now = Date(timeIntervalSince1970: 1_795_495_500)
        let ids = (0..<2000).map { _ in OutgoingMessage.newMessageID(domain: "dopt.gov.in", now: now) }
        let outOfOrder = zip(ids, ids.dropFirst()).filter { $0.0 >= $0.1 }.count
        #expect(outOfOrder == 0)
        // Still 26 random characters after the order: no two IDs share them.
        let tails = ids.map { String($0.split(separator: ".")[1].prefix(37).dropFirst(11)) }
        #expect(tails.allSatisfy { $0.count == 26 })
        #expect(Set(tails).count == 2000)
        #expect(ids.allSatisfy { $0.hasPrefix("<1795495500.") })
    }
}
