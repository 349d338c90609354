import ArgumentParser
import Desk
import Foundation
import Mail

/// `iddesk inspect FILE… [--format json]` (`cli.md`): what the desk makes of a mail, without
/// touching the registry.
struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what the desk makes of mail files, without touching the registry.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("RFC 822 mail files (a maildir's new/ or cur/ files, .eml files).", valueName: "file"))
    var files: [String]

    @Option(help: "text (aligned, for people) or json (for scripts).")
    var format: Format = .text

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one mail file") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        _ = try global.resolvedNow()
        let config = try global.loadConfigurationIfPresent(logger: logger)
            ?? Configuration.defaults(baseDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let limits = ParseLimits(maxMessageBytes: config.desk.maxMessageBytes, maxParts: config.desk.maxParts,
                                 maxDepth: config.desk.maxDepth)
        var inspections: [Inspection] = []
        var failed = false
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                var isFolder: ObjCBool = false
                let why = !FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) ? "no such file"
                    : isFolder.boolValue ? "is a folder, not a mail file" : "cannot be read (check its permissions)"
                StandardStream.error.write("iddesk: \(PrintableText.line(file)): \(why)\n")
                failed = true
                continue
            }
            inspections.append(Inspection(file: file, message: Message(data: data, limits: limits), context: config.parseContext))
        }
        switch format {
        case .json:
            if files.count == 1, let only = inspections.first {
                print(only.json.rendered())
            } else {
                print(JSONValue.array(inspections.map(\.json)).rendered())
            }
        case .text:
            print(inspections.map(\.text).joined(separator: "\n\n"))
        }
        if failed { throw ExitCode.failure }
    }
}
