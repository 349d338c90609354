import Desk
import Logging

/// swift-log's stream handler with every log record on one line: the message and each
/// metadata value pass through `PrintableText.line`, so that a value a mail carried (a file
/// name, a reason quoting a subject or a CSV cell) cannot start a line of its own in the log
/// and pass for a record the desk wrote.
struct OneLineLogHandler: LogHandler {
    /// The handler that writes the records.
    var inner: StreamLogHandler

    /// The metadata provider of the inner handler.
    var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    /// The inner handler's metadata.
    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    /// The inner handler's level.
    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    /// One metadata value of the inner handler.
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    /// Writes `event` with its message and metadata on one line.
    func log(event: LogEvent) {
        var event = event
        event.message = Logger.Message(stringLiteral: PrintableText.line(event.message.description))
        event.metadata = event.metadata?.mapValues(OneLineLogHandler.oneLine)
        inner.log(event: event)
    }

    /// `value` with every string in it on one line.
    static func oneLine(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let s): .string(PrintableText.line(s))
        case .stringConvertible(let c): .string(PrintableText.line(c.description))
        case .array(let items): .array(items.map(oneLine))
        case .dictionary(let pairs): .dictionary(pairs.mapValues(oneLine))
        }
    }
}
