import ArgumentParser
import Desk
import Foundation

/// `iddesk init [DIR]` (`cli.md`): writes a commented `iddesk.toml`, the maildir with its
/// sub-maildirs, the Outbox maildir and the registry file; refuses to overwrite anything.
struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented iddesk.toml, the maildirs and the registry into DIR.")

    @Argument(help: ArgumentHelp("The folder to set up (created if missing).", valueName: "dir"))
    var directory: String = "."

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        _ = try global.resolvedNow()
        let layout = DeskLayout(directory: URL(fileURLWithPath: directory))
        let created = try layout.create()
        logger.info("initialised a desk", metadata: ["directory": "\(layout.directory.path)"])
        print("Wrote a new desk into \(layout.directory.path):")
        for url in created { print("  \(url.path)") }
        print("""

        Next: edit \(layout.configFile.path) (the desk's address, [people], [sender_check], [smtp]),
        have the mail server deliver into the maildir, then run `iddesk process --config \(layout.configFile.path)`.
        """)
    }
}
