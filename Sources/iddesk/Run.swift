import ArgumentParser
import Desk
import Foundation
import Letters
import ServiceLifecycle

/// `iddesk run` (`cli.md`): a pass every `[desk] poll_interval` seconds until SIGTERM or
/// SIGINT, which finish the mail in hand; then exit 0.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Poll the maildir every poll_interval seconds until SIGTERM or SIGINT.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        // --now pins every pass to one time (tests, demos); without it each pass reads the clock.
        let pinned = global.now != nil || ProcessInfo.processInfo.environment["IDDESK_NOW"] != nil
            ? try global.resolvedNow() : nil
        let config = try global.loadConfiguration(logger: logger)
        let templates = try TemplateLibrary(override: config.desk.templates)
        for warning in templates.warnings { logger.notice("\(warning)") }
        let service = PollService(configuration: config, logger: logger, pinnedNow: pinned, templates: templates) { report in
            if report.busy || !report.lines.isEmpty || !report.vanished.isEmpty {
                // One write per report, so lines from a pass are never interleaved or buffered.
                StandardStream.output.write(report.text + "\n")
            }
        }
        let group = ServiceGroup(configuration: .init(
            services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("polling", metadata: ["maildir": "\(config.desk.maildir.path)", "interval": "\(config.desk.pollInterval)"])
        try await group.run()
    }
}
