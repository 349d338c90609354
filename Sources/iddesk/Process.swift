import ArgumentParser
import Desk
import Foundation
import Letters
import Registry

/// `iddesk process` (`cli.md`): one pass over every mail now in `new/`; a line per mail and
/// a total. Exits 0 saying "busy" when another process holds the maildir.
struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "One pass: handle every mail now in the maildir's new/, then stop.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let now = try global.resolvedNow()
        let config = try global.loadConfiguration(logger: logger)
        // Templates are checked at start: a broken override stops the desk before any mail moves.
        let templates = try TemplateLibrary(override: config.desk.templates)
        var delivered = 0
        let report = try MailPass(configuration: config, logger: logger).run(now: now, underLock: { _ in
            delivered = try OutboxDrain(configuration: config, logger: logger, templates: templates)
                .run(registry: SQLiteRegistry(url: config.desk.registry), now: now)
        })
        print(report.text)
        if !report.busy {
            if delivered > 0, let url = config.smtp.url {
                // The relay by host and port only: a URL may carry more than an operator wants printed.
                let relay = URLComponents(string: url).map { "\($0.host ?? "?")\($0.port.map { ":\($0)" } ?? "")" } ?? "?"
                print("\(delivered) letter\(delivered == 1 ? "" : "s") sent through the SMTP relay \(relay) (counted per recipient)")
            } else if delivered > 0 {
                print("\(delivered) letter\(delivered == 1 ? "" : "s") delivered to \(config.outboxMaildir.path)")
            }
        }
    }
}
