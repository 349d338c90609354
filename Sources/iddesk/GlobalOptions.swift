import ArgumentParser
import Desk
import Foundation
import Logging
import Registry

/// The options every subcommand takes (`cli.md`): the configuration file, the pinned clock
/// and the log level.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file (default: ./iddesk.toml).", valueName: "file"))
    var config: String?

    /// The configuration file's path.
    var configPath: String { config ?? "iddesk.toml" }

    @Option(name: .long, help: ArgumentHelp("Run as if it were this time (ISO 8601 with offset); also IDDESK_NOW.", valueName: "time"))
    var now: String?

    @Option(name: .long, help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (to stderr).", valueName: "level"))
    var logLevel: Logger.Level = .info

    /// The run's "now", read once.
    func resolvedNow() throws -> Date {
        try Instant.resolve(option: now, environment: ProcessInfo.processInfo.environment)
    }

    /// Loads the configuration and logs its warnings.
    func loadConfiguration(logger: Logger) throws -> Configuration {
        let url = URL(fileURLWithPath: configPath)
        let loaded = try ConfigLoader.load(file: url, environment: ProcessInfo.processInfo.environment)
        for warning in loaded.warnings { logger.warning("\(warning)") }
        return loaded.configuration
    }

    /// The configuration when a file was named with --config or ./iddesk.toml exists; nil
    /// when neither (commands that work without a desk, such as inspect, then use defaults).
    func loadConfigurationIfPresent(logger: Logger) throws -> Configuration? {
        if config == nil && !FileManager.default.fileExists(atPath: configPath) { return nil }
        return try loadConfiguration(logger: logger)
    }

    /// What most subcommands start with: the logger, "now", the configuration and the registry.
    func openDesk() throws -> (logger: Logger, now: Date, config: Configuration, registry: SQLiteRegistry) {
        let logger = makeLogger()
        let now = try resolvedNow()
        let config = try loadConfiguration(logger: logger)
        return (logger, now, config, try SQLiteRegistry.existing(url: config.desk.registry))
    }

    /// Starts logging to standard error at the chosen level; returns the desk's logger.
    func makeLogger() -> Logger {
        LogSetup.bootstrapOnce(level: logLevel)
        var logger = Logger(label: "iddesk")
        logger.logLevel = logLevel
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

enum LogSetup {
    private static let bootstrapped: Bool = {
        LoggingSystem.bootstrap { label in OneLineLogHandler(inner: StreamLogHandler(label: label, stream: UTCErrorStream())) }
        return true
    }()

    static func bootstrapOnce(level: Logger.Level) {
        _ = bootstrapped
    }
}
