import Foundation
import Mail
import Testing

/// Every message of the peer corpus (`../shared/corpus/peers`), checked against the values
/// that the peers' own tests, or Python's email package, expect (MANIFEST.tsv; the README
/// there defines each column).
@Suite("Peer corpus: agreeing with mature parsers on real mail",
       .enabled(if: SharedFiles.corpusAvailable, "needs ../shared/corpus beside the clone, as in CI"))
struct PeerCorpusTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var file: String
        var repo: String
        var subject: String?
        var fromAddress: String?
        var attachmentCount: Int?
        var snippet: String?
        var source: String
        /// MANIFEST fields that the peer asserts (PEER_ASSERTIONS.tsv), e.g. ["att", "text"].
        var peerFields: Set<String>
        var testDescription: String { file }
    }

    static func unescape(_ field: Substring) -> String {
        var out = ""
        var it = field.makeIterator()
        while let c = it.next() {
            if c == "\\", let n = it.next() {
                switch n {
                case "t": out.append("\t")
                case "n": out.append("\n")
                case "r": out.append("\r")
                default: out.append(n)
                }
            } else {
                out.append(c)
            }
        }
        return out
    }

    static let rows: [Row] = {
        let corpus = SharedFiles.peerCorpus
        guard let manifest = try? String(contentsOf: corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8),
              let assertions = try? String(contentsOf: corpus.appendingPathComponent("PEER_ASSERTIONS.tsv"), encoding: .utf8)
        else { return [] }
        var peerFields: [String: Set<String>] = [:]
        for line in assertions.split(separator: "\n").dropFirst() {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cols.count >= 4 else { continue }
            peerFields[String(cols[0])] = Set(cols[3].split(separator: ",").map { String($0) })
        }
        return manifest.split(separator: "\n").dropFirst().compactMap { line in
            let c = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard c.count >= 10 else { return nil }
            func opt(_ i: Int) -> String? { c[i].isEmpty ? nil : unescape(c[i]) }
            return Row(file: String(c[0]), repo: String(c[1]), subject: opt(5), fromAddress: opt(6),
                       attachmentCount: opt(7).flatMap { Int($0) }, snippet: opt(8), source: String(c[9]),
                       peerFields: peerFields[String(c[0])] ?? [])
        }
    }()

    @Test("the manifest is there and complete")
    func manifestLoads() {
        #expect(Self.rows.count == 133, "corpus at \(SharedFiles.peerCorpus.path)")
    }

    @Test("subject, From, attachment count and text agree", arguments: rows)
    func agrees(row: Row) throws {
        let bytes = try SharedFiles.bytes(SharedFiles.peerCorpus.appendingPathComponent(row.file))
        var message = Message(bytes: bytes)
        if message.problems.contains(.depthLimit(limit: ParseLimits().maxDepth)) {
            // Deeper than the default limit (staktrace's recursion test: mailparse refuses it,
            // Python reads it). The default flags it; an operator who raises max_depth reads it.
            #expect(row.file == "staktrace-mailparse/nested.eml", "only the recursion test is that deep")
            message = Message(bytes: bytes, limits: ParseLimits(maxDepth: 200))
            #expect(!message.problems.contains { if case .depthLimit = $0 { return true }; return false })
        }
        if let subject = row.subject {
            #expect(message.subject == subject)
        }
        if let from = row.fromAddress {
            #expect(message.from.first?.address == from)
        }
        if let count = row.attachmentCount {
            let definition = row.peerFields.contains("att") ? AttachmentDefinition(repo: row.repo) : .python
            #expect(definition.count(message) == count, "counted as \(definition)")
        }
        if let snippet = row.snippet {
            let texts = PeerCorpusTests.inlineTexts(message.root)
            #expect(texts.contains { $0.contains(snippet) }, "snippet \(snippet) not in \(texts.map { String($0.prefix(300)) })")
        }
    }

    /// The decoded text of every text leaf, and HTML leaves also as text.
    static func inlineTexts(_ part: MIMEPart) -> [String] {
        switch part.body {
        case .leaf:
            guard part.contentType.type == "text" else { return [] }
            let text = part.text
            return part.contentType.subtype == "html" ? [text, HTMLText.convert(text)] : [text]
        case .multipart(let children):
            return children.flatMap(inlineTexts)
        case .message(let inner):
            return inlineTexts(inner)
        }
    }
}

/// How each source counts attachments (corpus README, "expected_attachment_count").
enum AttachmentDefinition: CustomStringConvertible {
    /// Leaves with `Content-Disposition: attachment`, not entering message/rfc822 (a message
    /// part counts when its disposition is attachment).
    case python
    /// enmime's `Attachments`: parts with disposition attachment, and non-text parts with
    /// neither an inline disposition nor a Content-ID.
    case enmime
    /// The mail gem: parts with a file name or disposition attachment, entering
    /// message/rfc822 parts, which count themselves too.
    case mailGem
    /// nodemailer: every part that is not the text or HTML body.
    case nodemailer
    /// MimeKit's `Attachments`: parts with disposition attachment.
    case mimeKit

    init(repo: String) {
        switch repo {
        case "jhillyerd/enmime": self = .enmime
        case "mikel/mail": self = .mailGem
        case "nodemailer/mailparser": self = .nodemailer
        case "jstedfast/MimeKit": self = .mimeKit
        default: self = .python
        }
    }

    var description: String {
        switch self {
        case .python: return "python"
        case .enmime: return "enmime"
        case .mailGem: return "mail gem"
        case .nodemailer: return "nodemailer"
        case .mimeKit: return "MimeKit"
        }
    }

    func count(_ message: Message) -> Int {
        switch self {
        case .python, .mimeKit:
            return walk(message.root, enterMessages: false) { part, _ in part.isAttachmentDisposition }
        case .enmime:
            // Disposition attachment; else inline parts are "inlines", text parts are bodies,
            // and a part with a Content-ID is an "other part" (a related image).
            return walk(message.root, enterMessages: false) { part, _ in
                if part.isAttachmentDisposition { return true }
                if part.disposition?.value == "inline" { return false }
                if part.contentType.type == "text" { return false }
                return !part.header.contains("Content-ID")
            }
        case .mailGem:
            return walk(message.root, enterMessages: true) { part, _ in
                if case .message = part.body { return true }
                return part.isAttachmentDisposition || part.filename != nil
            }
        case .nodemailer:
            return message.attachments.count
        }
    }

    private func walk(_ part: MIMEPart, enterMessages: Bool, _ counts: (MIMEPart, Int) -> Bool) -> Int {
        switch part.body {
        case .leaf:
            return counts(part, 0) ? 1 : 0
        case .multipart(let children):
            return children.reduce(0) { $0 + walk($1, enterMessages: enterMessages, counts) }
        case .message(let inner):
            let own = counts(part, 0) ? 1 : 0
            return own + (enterMessages ? walk(inner, enterMessages: true, counts) : 0)
        }
    }
}
