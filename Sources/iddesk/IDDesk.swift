import ArgumentParser
import Desk
import Foundation
import Registry

/// `iddesk`: the mail desk behind the generic role IDs of iGOT Karmayogi (`cli.md`).
struct IDDesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iddesk",
        abstract: "The mail desk for iGOT Karmayogi generic role IDs (DoPT OM of 24 Nov 2021).",
        discussion: """
        Nodal officers mail nominations, requests to create generic IDs, allocations and \
        handovers to the desk's mailbox; iddesk reads them from a maildir, applies them to its \
        registry and answers with letters laid out like the OM. See docs/ for the request \
        forms and the operation of the desk.
        """,
        version: IDDeskVersion.current,
        subcommands: [Init.self, ProcessCommand.self, RunCommand.self, Inspect.self, RosterCommand.self, RequestsCommand.self, OutboxCommand.self, AuditCommand.self, ReprocessCommand.self, CircularCommand.self, ImportCommand.self]
    )
}

/// The program's version, printed by `iddesk --version`.
enum IDDeskVersion {
    static let current = "0.1.0"
}

/// Runs the command line with the exit statuses of `cli.md`: 0 done, 1 a failure the
/// message explains, 2 bad usage. Errors go to stderr in one line.
@main
enum Main {
    static func main() async {
        // Before any registry opens: SQLite takes its process-wide options only then.
        SQLiteRegistry.configureLibrary()
        do {
            var command = try IDDesk.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            fail(error)
        }
    }

    /// Ends the process for `error`: help and version print and exit 0; bad usage prints the
    /// parser's message and exits 2; any other failure prints one line and exits 1.
    static func fail(_ error: any Error) -> Never {
        if let code = error as? ExitCode { exit(code.rawValue) }
        switch IDDesk.exitCode(for: error) {
        case .success:
            IDDesk.exit(withError: error)
        case .validationFailure:
            StandardStream.error.write(IDDesk.fullMessage(for: error) + "\n")
            exit(2)
        default:
            // A time given with --now or IDDESK_NOW that is not one is bad usage (cli.md: 2),
            // told in the desk's own one line rather than the parser's usage text.
            let status: Int32 = error is Instant.Failure && !"\(error)".hasPrefix("the system clock") ? 2 : 1
            // One line, whatever the error quotes (a file name, a value from a mail): no line
            // feed, carriage return or other control may start a line of its own in the output.
            let line = PrintableText.line("\(error)".split(whereSeparator: \.isNewline).joined(separator: " "))
            StandardStream.error.write("iddesk: \(line)\n")
            exit(status)
        }
    }
}
