import Foundation
import Mail
@testable import Requests
import Testing

/// The stored copy with its passwords cut (requests.md §3.4), on real mail files
/// (`Fixtures/Passwords`), each with a planted value listed in `PLANTED.tsv`: every spelling
/// (`Password:`, `is`, `pwd =`, `PASS WORD`, `Passcode`, पासवर्ड, कूटशब्द) in plain text, HTML,
/// base64, quoted-printable, Latin-1, a text attachment, a CSV column, the Subject and a
/// forwarded message (as it is, in base64, and in quoted-printable with a CSV inside).
@Suite("Stored copy redaction: a planted password is nowhere in the copy (requests.md §3.4)")
struct StoredCopyRedactionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/Passwords")

    static let planted: [(file: String, values: [String])] = {
        let table = (try? String(contentsOf: folder.appendingPathComponent("PLANTED.tsv"), encoding: .utf8)) ?? ""
        return table.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let cells = line.split(separator: "\t")
            return (String(cells[0]), cells[1].split(separator: "|").map(String.init))
        }
    }()

    /// Every text the desk could read from `message`: header fields decoded, each text part
    /// decoded, and HTML as text.
    static func texts(_ part: MIMEPart) -> [String] {
        var out = part.header.fields.map(\.decodedText)
        switch part.body {
        case .multipart(let children): out += children.flatMap(texts)
        case .message(let inner): out += texts(inner)
        case .leaf:
            out.append(part.text)
            if part.contentType.subtype == "html" { out.append(HTMLText.convert(part.text)) }
        }
        return out
    }

    @Test("the table lists every fixture")
    func tableComplete() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".eml") }
        #expect(Set(files) == Set(Self.planted.map(\.file)))
        #expect(files.count >= 9)
    }

    @Test("the planted value is in the original and in no text of the copy; [REDACTED] stands in its place",
          arguments: StoredCopyRedactionTests.planted.map(\.file))
    func cut(file: String) throws {
        let values = try #require(Self.planted.first { $0.file == file }?.values)
        let original = Message(data: try Data(contentsOf: Self.folder.appendingPathComponent(file)))
        // Planted where the desk reads, or (preamble, epilogue) where no mail program does.
        let unread = file.hasPrefix("preamble")
        let raw = String(decoding: original.buffer, as: UTF8.self)
        #expect(values.allSatisfy { value in unread ? raw.contains(value) : Self.texts(original.root).contains { $0.contains(value) } }, "planted")
        let copy = try #require(StoredCopyRedaction.redacted(original))
        let reread = Message(bytes: copy)
        let texts = Self.texts(reread.root)
        for value in values {
            #expect(!texts.contains { $0.contains(value) }, "\(value) left in \(file)")
            #expect(!String(decoding: copy, as: UTF8.self).contains(value))
        }
        #expect(unread ? String(decoding: copy, as: UTF8.self).contains("[REDACTED]") : texts.contains { $0.contains("[REDACTED]") })
        // The rest is intact: the request reads the same, attachments are all there, and the
        // desk still sees that a password was mailed.
        #expect(reread.attachments.count == original.attachments.count)
        // Trace fields are never rewritten: the top header keeps its Authentication-Results,
        // Date and Message-ID byte for byte.
        let trace = { (m: Message) in m.header.fields.filter { StoredCopyRedaction.trace.contains($0.lowercasedName) }.map(\.decodedText) }
        #expect(trace(reread) == trace(original))
        #expect(reread.header.fields.map(\.lowercasedName) == original.header.fields.map(\.lowercasedName))
        #expect(reread.subject?.hasPrefix(String(original.subject?.prefix(20) ?? "")) == true)
        let before = RequestParser.parse(original, context: context), after = RequestParser.parse(reread, context: context)
        #expect(after.parsed == before.parsed, "\(after.parsed)")
        #expect(unread || !after.passwords.isEmpty)
        // Cutting again changes nothing.
        if let again = StoredCopyRedaction.redacted(reread) { #expect(again == copy) }
    }

    @Test("mail without a password is not rewritten; a value too short to echo is cut only after its word")
    func untouched() {
        let plain = Message(bytes: Array("From: a@nic.in\nSubject: Status\n\nMDO code: dopt\nThe password policy applies.\n".utf8))
        #expect(StoredCopyRedaction.redacted(plain) == nil)
        let short = Message(bytes: Array("From: a@nic.in\nSubject: x\n\nPassword: abc\nabc is also in this line\n".utf8))
        let copy = String(decoding: StoredCopyRedaction.redacted(short) ?? [], as: UTF8.self)
        #expect(copy.contains("Password: [REDACTED]\nabc is also in this line"))
    }

    @Test("up to 64 passwords each cut where it stands; past that every text part is cut whole")
    func flood() throws {
        for count in [64, 65, 20_000] {
            let lines = (1...count).map { String(format: "pwd: v%07d", $0) }.joined(separator: "\n")
            let message = Message(bytes: Array("From: a@nic.in\nSubject: x\nContent-Type: text/plain\n\nHello\n\(lines)\nBye\n".utf8))
            let copy = String(decoding: try #require(StoredCopyRedaction.redacted(message)), as: UTF8.self)
            #expect(!copy.contains("v00000"), "\(count)")
            #expect(copy.hasPrefix("From: a@nic.in\nSubject: x\n"))
            #expect(copy.contains("Hello") == (count <= StoredCopyRedaction.maximumEchoValues), "\(count)")
            #expect(copy.contains(StoredCopyRedaction.floodNote) == (count > StoredCopyRedaction.maximumEchoValues))
        }
        let many = String(repeating: "pwd: ab\n", count: 100_000)
        #expect(PasswordScanner.redacted(many) == String(repeating: "pwd: [REDACTED]\n", count: 100_000))
    }

    @Test("a CSV password column is cut cell by cell, the header and other columns kept")
    func csvColumn() throws {
        let (text, values) = try #require(CSVRows.cuttingPasswordColumns("id,name,Pass Word\r\nx@nic.in,\"Rao, A.\",s3cr3t\r\ny@nic.in,B,\r\n"))
        #expect(text == "id,name,Pass Word\n x@nic.in,\"Rao, A.\",[REDACTED]\ny@nic.in,B,\n".replacingOccurrences(of: "\n ", with: "\n"))
        #expect(values == ["s3cr3t"])
        #expect(CSVRows.cuttingPasswordColumns("id,name\nx@nic.in,A\n") == nil)
    }
}
