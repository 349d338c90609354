import Foundation
import Mail
import Testing

@Suite("Maildir layout (maildir spec, Maildir++ sub-maildirs)")
struct MaildirLayoutTests {
    @Test("create makes tmp/ new/ cur/ and every sub-maildir with its maildirfolder marker")
    func createsLayout() throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("iddesk-maildir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let maildir = Maildir(root: root)
        try maildir.create(withSubfolders: true)

        let fm = FileManager.default
        for name in ["tmp", "new", "cur"] {
            var isDirectory: ObjCBool = false
            #expect(fm.fileExists(atPath: root.appendingPathComponent(name).path, isDirectory: &isDirectory))
            #expect(isDirectory.boolValue)
        }
        let entries = try fm.contentsOfDirectory(atPath: root.path).sorted()
        #expect(entries == [".Duplicate", ".Forged", ".Ignored", ".Refused", ".Review", "cur", "new", "tmp"])
        for folder in Maildir.Folder.allCases {
            let sub = maildir.subfolder(folder)
            #expect(try fm.contentsOfDirectory(atPath: sub.root.path).sorted() == ["cur", "maildirfolder", "new", "tmp"])
        }
        let mode = try fm.attributesOfItem(atPath: maildir.new.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        // A second call leaves the existing layout alone.
        try maildir.create(withSubfolders: true)
    }
}
