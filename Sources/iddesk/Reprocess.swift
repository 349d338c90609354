import ArgumentParser
import Desk
import Foundation
import Mail
import Registry

/// `iddesk reprocess FILE…` (`cli.md`, `workflow.md` §6): moves filed mails that changed
/// nothing back to `new/` and forgets their processed record (audited), for re-running after
/// a configuration fix. A mail that was applied (filed to `cur/`) is refused: re-running it
/// would apply it twice.
struct ReprocessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reprocess",
        abstract: "Move filed mails that changed nothing back to new/ and forget their record.")

    @Argument(help: ArgumentHelp("Mail files in the maildir's sub-folders (.Refused/new/…).", valueName: "file"))
    var files: [String]

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let (_, now, config, registry) = try global.openDesk()
        let maildir = Maildir(root: config.desk.maildir)
        // Under the maildir's lock, as a pass works: a mail put back into new/ and its record
        // forgotten in the middle of a pass could be listed and filed by that pass half-done.
        guard let lock = try MaildirLock.acquire(maildir, wait: TimeInterval(config.desk.pollInterval)) else {
            StandardStream.error.write("iddesk: busy: another iddesk holds the maildir's lock (a pass is running); try again when it ends\n")
            throw ExitCode.failure
        }
        defer { withExtendedLifetime(lock) {} }
        var failed = false
        for file in files {
            // The real path (links and `..` resolved) must be a mail in one of the desk's
            // sub-maildirs: any other file — the configuration, the registry, a file
            // elsewhere on the machine — would be moved into new/ and gone from its place.
            let url = URL(fileURLWithPath: file).resolvingSymlinksInPath().standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                StandardStream.error.write("iddesk: \(file): no such file\n"); failed = true; continue
            }
            guard let folder = ReprocessCommand.subMaildir(of: url, root: maildir.root) else {
                StandardStream.error.write("iddesk: \(file): not a mail filed in a sub-maildir of \(maildir.root.path) (.Refused/new/…, .Review/new/…)\n")
                failed = true
                continue
            }
            let name = MaildirEntry(directory: url.deletingLastPathComponent(), name: url.lastPathComponent).uniqueName
            let record = try registry.read { try $0.processedMail(file: name) }
            if folder == "cur" || record?.destination == "cur" {
                StandardStream.error.write("iddesk: \(file): it was applied (filed to cur/); reprocessing would apply it twice\n")
                failed = true
                continue
            }
            // Back to new/ under its own name (without any info suffix), never replacing a file.
            let target = maildir.new.appendingPathComponent(name, isDirectory: false)
            guard !FileManager.default.fileExists(atPath: target.path) else {
                StandardStream.error.write("iddesk: \(target.path): already exists\n"); failed = true; continue
            }
            try registry.write { tx in
                try tx.forgetProcessed(file: name)
                try tx.appendAudit(at: now, actor: "operator", command: "reprocess", request: record?.request,
                                   messageID: record?.messageID, change: "\(name) moved back to new/ (was \(record?.destination ?? "unrecorded"))")
            }
            try FileManager.default.moveItem(at: url, to: target)
            print("\(name): back in new/")
        }
        if failed { throw ExitCode.failure }
    }

    /// The folder `url` is filed in: the sub-maildir's name (`.Refused`) when it is in that
    /// sub-maildir's `new/` or `cur/`, `cur` when in the maildir's own `cur/`, nil for anywhere
    /// else (the maildir's `new/` and `tmp/` included). Both paths are compared resolved.
    static func subMaildir(of url: URL, root: URL) -> String? {
        let rootPath = root.resolvingSymlinksInPath().standardizedFileURL.pathComponents
        let path = url.pathComponents
        guard path.count >= rootPath.count + 2, Array(path.prefix(rootPath.count)) == rootPath else { return nil }
        let rest = Array(path.dropFirst(rootPath.count))
        if rest.count == 2, rest[0] == "cur" { return "cur" }
        guard rest.count == 3, rest[0].hasPrefix("."), rest[0].count > 1, rest[0] != "..", ["new", "cur"].contains(rest[1]) else { return nil }
        return rest[0]
    }
}
