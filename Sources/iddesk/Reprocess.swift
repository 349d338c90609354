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
        var failed = false
        for file in files {
            let url = URL(fileURLWithPath: file).standardizedFileURL
            let name = url.lastPathComponent
            guard FileManager.default.fileExists(atPath: url.path) else {
                FileHandle.standardError.write(Data("iddesk: \(file): no such file\n".utf8)); failed = true; continue
            }
            let record = try registry.read { try $0.processedMail(file: name) }
            if let record, record.destination == "cur" {
                FileHandle.standardError.write(Data("iddesk: \(file): it was applied (filed to cur/); reprocessing would apply it twice\n".utf8))
                failed = true
                continue
            }
            // Back to new/ under its own name (without any info suffix), never replacing a file.
            let target = maildir.new.appendingPathComponent(MaildirEntry(directory: url.deletingLastPathComponent(), name: name).uniqueName)
            guard !FileManager.default.fileExists(atPath: target.path) else {
                FileHandle.standardError.write(Data("iddesk: \(target.path): already exists\n".utf8)); failed = true; continue
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
}
