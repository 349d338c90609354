import Foundation
import Mail
import Testing
import TestSupport

@Suite("Fuzz: mutated real mail never crashes or hangs the parser")
struct FuzzTests {
    static func corpus() throws -> [[UInt8]] {
        let root = SharedFiles.peerCorpus
        let samples = SharedFiles.packageRoot.appendingPathComponent("Mailbox-samples/new")
        let fixtures = SharedFiles.packageRoot.appendingPathComponent("Tests/RequestsTests/Fixtures")
        var files: [URL] = []
        for base in [root, samples, fixtures] {
            guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in e where !["tsv", "md", "json", "py"].contains(url.pathExtension) {
                if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.append(url) }
            }
        }
        return try files.sorted { $0.path < $1.path }.map(SharedFiles.bytes)
    }

    /// One mutation of `input`, chosen by `rng`.
    static func mutate(_ input: [UInt8], _ others: [[UInt8]], _ rng: inout SplitMix64) -> [UInt8] {
        var m = input
        if m.isEmpty { m = [0x0A] }
        switch rng.next() % 8 {
        case 0: // bit flips
            for _ in 0..<(1 + Int(rng.next() % 16)) {
                let i = Int(rng.next() % UInt64(m.count))
                m[i] ^= UInt8(1 << (rng.next() % 8))
            }
        case 1: // truncation
            m = Array(m[0..<Int(rng.next() % UInt64(m.count))])
        case 2: // repeated or stray boundary lines
            let text = String(decoding: m, as: UTF8.self)
            let boundaries = text.split(separator: "\n").filter { $0.hasPrefix("--") }.map { String($0) }
            let line = boundaries.randomElement(using: &rng) ?? "--boundary"
            for _ in 0..<(1 + Int(rng.next() % 200)) {
                let i = Int(rng.next() % UInt64(m.count + 1))
                m.insert(contentsOf: Array(("\n" + line + (rng.next() % 2 == 0 ? "--" : "") + "\n").utf8), at: i)
            }
        case 3: // a huge header field: many encoded words, or one enormous folded value
            let word = rng.next() % 2 == 0 ? "=?utf-8?q?=E0=A4?= " : "x\n "
            let field = "X-Huge: " + String(repeating: word, count: 5000 + Int(rng.next() % 20000)) + "\n"
            m.insert(contentsOf: Array(field.utf8), at: 0)
        case 4: // delete a range
            let a = Int(rng.next() % UInt64(m.count))
            let b = min(m.count, a + Int(rng.next() % 512))
            m.removeSubrange(a..<b)
        case 5: // insert syntax characters
            let specials: [UInt8] = Array("\r\n=?<>\"();:,@\\\t-\u{0}".utf8) + [0xFF, 0xE0, 0x80]
            for _ in 0..<(1 + Int(rng.next() % 64)) {
                m.insert(specials[Int(rng.next() % UInt64(specials.count))], at: Int(rng.next() % UInt64(m.count + 1)))
            }
        case 6: // splice two messages
            let other = others[Int(rng.next() % UInt64(others.count))]
            let cut = Int(rng.next() % UInt64(m.count))
            let otherCut = other.isEmpty ? 0 : Int(rng.next() % UInt64(other.count))
            m = Array(m[0..<cut]) + Array(other[otherCut...])
        default: // a nesting bomb
            var bomb = "Content-Type: multipart/mixed; boundary=b0\n\n"
            let depth = 50 + Int(rng.next() % 2000)
            for d in 0..<depth { bomb += "--b\(d)\nContent-Type: multipart/mixed; boundary=b\(d + 1)\n\n" }
            bomb += "--b\(depth)\n\nleaf\n"
            m = Array(bomb.utf8) + m
        }
        return m
    }

    @Test("20,000 mutated messages each return a message")
    func fuzz() throws {
        let seeds = try Self.corpus()
        #expect(seeds.count >= 130)
        var rng = SplitMix64(state: 0x1DDE5C)
        var parsed = 0
        var problemsSeen = 0
        for index in 0..<20_000 {
            let base = seeds[index % seeds.count]
            var input = Self.mutate(base, seeds, &rng)
            if rng.next() % 4 == 0 { input = Self.mutate(input, seeds, &rng) }
            let message = Message(bytes: input, limits: ParseLimits(maxMessageBytes: 4_000_000, maxParts: 500, maxDepth: 20))
            // Touch everything the desk reads, so lazy decoding runs too.
            _ = message.subject
            _ = message.from
            _ = message.to
            _ = message.messageID
            _ = message.date
            _ = message.text
            _ = message.htmlAsText
            for attachment in message.attachments { _ = (attachment.filename, attachment.size) }
            problemsSeen += message.problems.count
            parsed += 1
        }
        #expect(parsed == 20_000)
        #expect(problemsSeen > 0)
    }

    @Test("limits: oversize, too many parts, too deep — each returns what was read and names the limit")
    func limits() {
        var big = Array("Subject: big\n\n".utf8)
        big += [UInt8](repeating: 0x61, count: 5000)
        let over = Message(bytes: big, limits: ParseLimits(maxMessageBytes: 1024))
        #expect(over.problems.contains(.sizeLimit(limit: 1024)))
        #expect(over.subject == "big")
        #expect(over.text.count == 1024 - 14)

        var many = "Content-Type: multipart/mixed; boundary=x\n\n"
        for i in 0..<50 { many += "--x\nContent-Type: text/plain\n\npart \(i)\n" }
        many += "--x--\n"
        let parts = Message(bytes: Array(many.utf8), limits: ParseLimits(maxParts: 10))
        #expect(parts.problems.contains(.partLimit(limit: 10)))
        #expect(parts.root.children.count == 9)
        #expect(parts.text == "part 0")
    }
}
