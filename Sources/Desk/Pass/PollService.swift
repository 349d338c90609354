import Foundation
import Letters
import Logging
import Registry
import ServiceLifecycle

/// `iddesk run` (`cli.md`): a pass every `[desk] poll_interval` seconds until SIGTERM or
/// SIGINT, which finish the mail in hand and end the service (swift-service-lifecycle).
public struct PollService: Service {
    /// The configuration in force.
    public let configuration: Configuration
    /// The desk's logger.
    public let logger: Logger
    /// The fixed "now" of `--now`, or nil to read the clock at the start of each pass.
    public let pinnedNow: Date?
    /// The templates, loaded and checked once at start (`iddesk run` loads them before it
    /// polls): every pass renders with them, and an edited template takes effect at the next
    /// start. Nil: each pass that has letters loads them.
    public let templates: TemplateLibrary?
    /// Called with each pass's report (the command line prints it).
    public let onReport: @Sendable (PassReport) -> Void

    /// Makes the service; see the properties.
    public init(configuration: Configuration, logger: Logger, pinnedNow: Date?, templates: TemplateLibrary? = nil,
                onReport: @escaping @Sendable (PassReport) -> Void) {
        self.configuration = configuration
        self.logger = logger
        self.pinnedNow = pinnedNow
        self.templates = templates
        self.onReport = onReport
    }

    /// Polls until a graceful shutdown; a failing pass is logged and retried at the next poll.
    ///
    /// - Throws: nothing in practice: a failing pass is logged, a graceful shutdown returns; the
    ///   signature is `ServiceLifecycle.Service`'s.
    public func run() async throws {
        let pass = MailPass(configuration: configuration, logger: logger)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let now = pinnedNow ?? Date()
                let report = try pass.run(now: now, shouldStop: { Task.isShuttingDownGracefully }, underLock: { _ in
                    try OutboxDrain(configuration: configuration, logger: logger, templates: templates)
                        .run(registry: SQLiteRegistry(url: configuration.desk.registry), now: now)
                })
                onReport(report)
            } catch {
                logger.error("pass failed; retrying at the next poll", metadata: ["error": "\(error)"])
            }
            let interval = configuration.desk.pollInterval
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(nanoseconds: UInt64(interval) * 1_000_000_000)
            }
        }
        logger.info("stopped")
    }
}
