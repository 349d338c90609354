import Foundation
import Testing

/// The request grammar's table: every mail under Tests/RequestsTests/Fixtures read by the
/// built binary (`iddesk inspect --format json`, default configuration), compared with the
/// reading written beside it by hand (`NAME.json`; see make_fixtures.py there).
@Suite("Request fixtures: what iddesk inspect reads of 100+ real-looking mails")
struct RequestFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("RequestsTests/Fixtures")

    static let names: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".eml") }.map { String($0.dropLast(4)) }.sorted()

    /// One run of the binary over every fixture, read once.
    static let outputs: [String: String] = {
        guard !names.isEmpty, let dir = try? Binary.scratch("fixtures") else { return [:] }
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = names.map { folder.appendingPathComponent($0 + ".eml").path }
        guard let result = try? Binary.run(["inspect", "--format", "json"] + files, in: dir), result.status == 0,
              let array = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] else { return [:] }
        var out: [String: String] = [:]
        for object in array {
            guard let file = object["file"] as? String else { continue }
            let name = String(URL(fileURLWithPath: file).lastPathComponent.dropLast(4))
            let raw = (try? JSONSerialization.data(withJSONObject: object)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            out[name] = raw
        }
        return out
    }()

    @Test("there are at least 100 fixtures, and the binary read every one")
    func count() {
        #expect(Self.names.count >= 100)
        #expect(Self.outputs.count == Self.names.count)
    }

    @Test("each fixture reads as expected", arguments: names)
    func fixture(name: String) throws {
        let expectedData = try Data(contentsOf: Self.folder.appendingPathComponent(name + ".json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: expectedData) as? [String: Any])
        let raw = try #require(Self.outputs[name])
        let actual = try #require(try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any])
        // request: exactly the object of cli.md, or null.
        let wantRequest = expected["request"] ?? NSNull()
        let gotRequest = actual["request"] ?? NSNull()
        #expect(Self.canonical(gotRequest) == Self.canonical(wantRequest), "request")
        // problems: the same fields and values seen, in order; the expectation names the point.
        let wantProblems = expected["problems"] as? [[String: Any]] ?? []
        let gotProblems = actual["problems"] as? [[String: Any]] ?? []
        #expect(gotProblems.map { "\($0["field"] ?? "")|\(Self.canonical($0["seen"] ?? NSNull()))" }
                == wantProblems.map { "\($0["field"] ?? "")|\(Self.canonical($0["seen"] ?? NSNull()))" },
                "problems: \(gotProblems)")
        for (want, got) in zip(wantProblems, gotProblems) {
            let words = want["expected"] as? String ?? ""
            #expect((got["expected"] as? String ?? "").contains(words), "\(got["expected"] ?? "") lacks \(words)")
        }
        if let words = expected["ignored"] as? String {
            #expect((actual["ignored"] as? String ?? "").contains(words), "ignored: \(actual["ignored"] ?? "none")")
        } else {
            #expect(actual["ignored"] == nil, "ignored: \(actual["ignored"] ?? "")")
        }
        for secret in expected["forbidden"] as? [String] ?? [] {
            #expect(!raw.contains(secret), "the output shows a planted password")
            #expect(actual["passwords"] != nil, "the password was not noticed")
        }
    }

    static func canonical(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject([value]),
              let data = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys]) else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }
}
