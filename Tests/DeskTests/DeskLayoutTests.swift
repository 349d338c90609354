import Desk
import Foundation
import Testing

@Suite("iddesk init's layout")
struct DeskLayoutTests {
    @Test("writes config, maildirs and registry; a second run refuses and changes nothing")
    func createsAndRefuses() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let layout = DeskLayout(directory: dir)
        let created = try layout.create()
        #expect(created.map(\.lastPathComponent) == ["iddesk.toml", "Maildir", "Outbox", "iddesk.sqlite"])
        let fm = FileManager.default
        for path in ["Maildir/new", "Maildir/cur", "Maildir/tmp", "Maildir/.Forged/new", "Maildir/.Refused/cur",
                     "Outbox/new", "Outbox/cur", "Outbox/tmp", "iddesk.sqlite"] {
            #expect(fm.fileExists(atPath: dir.appendingPathComponent(path).path), "\(path)")
        }
        let loaded = try ConfigLoader.load(file: layout.configFile, environment: [:])
        #expect(loaded.configuration.desk.maildir.path == dir.appendingPathComponent("Maildir").standardizedFileURL.path)

        let before = try String(contentsOf: layout.configFile, encoding: .utf8)
        #expect(throws: DeskLayout.Failure.exists(path: layout.configFile.path)) { try layout.create() }
        #expect(try String(contentsOf: layout.configFile, encoding: .utf8) == before)
    }

    @Test("refuses when only the maildir exists, and writes no config")
    func refusesPartial() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("Maildir"), withIntermediateDirectories: true)
        let layout = DeskLayout(directory: dir)
        #expect(throws: DeskLayout.Failure.exists(path: dir.appendingPathComponent("Maildir").standardizedFileURL.path)) {
            try layout.create()
        }
        #expect(!FileManager.default.fileExists(atPath: layout.configFile.path))
    }
}
