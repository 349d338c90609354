import ArgumentParser
import Desk
import Foundation
import Registry

/// `iddesk circular TEMPLATE [--file-no NO] [--to nodal|admin|both] [--dry-run]` (`cli.md`).
struct CircularCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circular",
        abstract: "Queue one OM per active MDO from a circular template, the list of MDOs enclosed.")

    @Argument(help: ArgumentHelp("The circular template's name (circular-generic-ids).", valueName: "template"))
    var template: String

    @Option(name: .customLong("file-no"), help: ArgumentHelp("The OM's file number; default: the next of [office] file_series.", valueName: "no"))
    var fileNumber: String?

    @Option(name: .customLong("to"), help: "nodal, admin or both.")
    var audience: Circular.Audience = .nodal

    @Flag(help: "Print the first letter and the count; queue nothing.")
    var dryRun = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let (_, now, config, registry) = try global.openDesk()
        let result = try Circular(configuration: config).run(template: template, fileNumber: fileNumber, audience: audience,
                                                             dryRun: dryRun, registry: registry, now: now)
        if dryRun {
            if let first = result.first {
                print("To: " + first.to.joined(separator: ", "))
                print("Subject: " + first.subject)
                print("")
                print(first.body)
            }
            print("\(result.count) letter\(result.count == 1 ? "" : "s") would be queued (OM \(result.fileNumber)); nothing was queued.")
        } else {
            print("\(result.count) letter\(result.count == 1 ? "" : "s") queued (OM \(result.fileNumber)); they leave with the next pass.")
        }
    }
}

extension Circular.Audience: ExpressibleByArgument {}
