import Foundation
import Testing

@Suite("iddesk inspect (cli.md): the message object")
struct InspectTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Mailbox-samples/new")

    static func sample(_ prefix: String) throws -> String {
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: samples.path).first { $0.hasPrefix(prefix) })
        return samples.appendingPathComponent(name).path
    }

    @Test("an Outlook nomination: the plain part is the text, the header as written")
    func outlookNomination() throws {
        let file = try Self.sample("1795495500.")
        let result = try Binary.run(["inspect", "--format", "json", file])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["file"] as? String == file)
        let message = try #require(object["message"] as? [String: Any])
        #expect(message["message_id"] as? String == "<PN2P287MB0123A1B2C3D4E5F6@PN2P287MB0123.INDP287.PROD.OUTLOOK.COM>")
        #expect(message["date"] as? String == "2026-11-24T10:14:51+05:30")
        #expect(message["from"] as? String == "a.kumar@nic.in")
        #expect(message["from_name"] as? String == "Kumar, A. (DoPT)")
        #expect(message["to"] as? [String] == ["igot-desk@dopt.gov.in"])
        #expect(message["cc"] as? [String] == [])
        #expect(message["subject"] as? String == "Nomination of Nodal Officer and Admin for iGOT Karmayogi - DoPT")
        let text = try #require(message["text"] as? String)
        #expect(text.contains("In pursuance of the DoPT OM dated 24th November, 2021, the following officers are nominated"))
        #expect(text.contains("\nNodal Officer\nName: Shri A. Kumar\n"))
        #expect(!text.contains("<p"))
        #expect((message["attachments"] as? [Any])?.isEmpty == true)
    }

    @Test("several files give an array; an RFC 2047 name is decoded")
    func several() throws {
        let files = [try Self.sample("1795500000."), try Self.sample("1795503600.")]
        let result = try Binary.run(["inspect", "--format", "json"] + files)
        #expect(result.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        let first = try #require(array[0]["message"] as? [String: Any])
        #expect(first["from_name"] as? String == "ए. कुमार")
        let second = try #require(array[1]["message"] as? [String: Any])
        #expect((second["text"] as? String)?.contains("मैं 30 नवम्बर तक अवकाश पर हूँ।") == true)
    }

    @Test("text output is aligned, a missing file is named and exits 1 after the others")
    func textAndMissing() throws {
        let file = try Self.sample("1795500000.")
        let result = try Binary.run(["inspect", file, "/nonexistent/mail.eml"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Subject:      Request for creation of generic IDs - dopt"))
        #expect(result.stdout.contains("  | igotdoptcc1@nic.in"))
        #expect(result.stderr == "iddesk: /nonexistent/mail.eml: no such file\n")
    }

    @Test("an explicit --config that does not exist is an error naming it")
    func missingConfig() throws {
        let file = try Self.sample("1795500000.")
        let result = try Binary.run(["inspect", "--config", "/nonexistent/iddesk.toml", file])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("iddesk: /nonexistent/iddesk.toml: no such configuration file"))
    }
}

@Suite("iddesk inspect on Mailbox-samples: the request of each sample")
struct SampleRequestTests {
    @Test("each sample reads as the request it is")
    func samples() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: InspectTests.samples.path)
            .filter { !$0.hasPrefix(".") }.sorted().map { InspectTests.samples.appendingPathComponent($0).path }
        let result = try Binary.run(["inspect", "--format", "json"] + files)
        #expect(result.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let readings = array.map { object -> String in
            if let ignored = object["ignored"] as? String { return "ignored: " + ignored }
            guard let request = object["request"] as? [String: Any] else { return "refused" }
            return request["type"] as? String ?? "?"
        }
        // The forged nomination (5th) names gmail.com officers, which the grammar refuses before
        // the sender check would; the 6th is a handover that carries a password.
        #expect(array.count >= 30)
        #expect(Array(readings.prefix(6)) == ["nomination", "createIDs", "ignored: Auto-Submitted: auto-replied (an automatic reply)", "handover",
                                              "refused", "handover"])
        #expect(!result.stdout.contains("Karma@Yogi#2026"), "inspect never shows a password")
        #expect((array[5]["passwords"] as? [[String: Any]])?.count == 1)
        let nomination = try #require(array[0]["request"] as? [String: Any])
        #expect((nomination["mdo"] as? [String: Any])?["code"] as? String == "dopt")
        #expect((nomination["nodal"] as? [String: Any])?["email"] as? String == "a.kumar@nic.in")
        #expect((nomination["admin"] as? [String: Any])?["mobile"] as? String == "9800000002")
        let creation = try #require(array[1]["request"] as? [String: Any])
        #expect(creation["ids"] as? [String] == ["igotdoptcc1@nic.in", "igotdoptcc2@nic.in", "igotdoptcr1@nic.in", "igotdoptcp@nic.in"])
    }
}

@Suite("iddesk inspect prints mail values safely")
struct InspectSafetyTests {
    @Test("an encoded line break or escape in a value cannot forge lines or reach the terminal")
    func noForgedLines() throws {
        let dir = try Binary.scratch("safe")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("m.eml")
        // Subject "Hi\nFrom: Shri A. Kumar <a.kumar@nic.in>\n\u{1B}[2J" as one encoded word.
        let evil = Data("Hi\nFrom:         Shri A. Kumar <a.kumar@nic.in>\n\u{1B}[2J\u{202E}".utf8).base64EncodedString()
        try Data("From: attacker@evil.example\nSubject: =?utf-8?B?\(evil)?=\n\nbody\n".utf8).write(to: file)
        let result = try Binary.run(["inspect", file.path], in: dir)
        #expect(result.status == 0)
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(!result.stdout.contains("\u{202E}"))
        #expect(result.stdout.split(separator: "\n").filter { $0.hasPrefix("From:") } == ["From:         attacker@evil.example"])
    }
}
