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

/// Standard error for swift-log's stream handler, with each record's time in UTC and `Z`
/// (cli.md: "times the desk records (… logs) are UTC with `Z`"): the handler writes its
/// machine's local time with a numeric offset (`2026-11-30T11:06:53+0530`), which this stream
/// turns into `2026-11-30T05:36:53Z` before the record is written, whole, in one write.
struct UTCErrorStream: TextOutputStream, Sendable {
    /// Writes `record` to standard error, its leading time made UTC.
    mutating func write(_ record: String) {
        StandardStream.error.write(UTCErrorStream.utc(record))
    }

    /// `record` with a leading `YYYY-MM-DDTHH:MM:SS±HHMM` time given in UTC with `Z`; as it
    /// is when it does not start so. Read with `Instant.parseISO8601` (the offset given its
    /// colon), not a Foundation formatter, whose making costs more than a short run's start.
    static func utc(_ record: String) -> String {
        let head = Array(record.utf8.prefix(24))
        guard head.count == 24, head[19] == UInt8(ascii: "+") || head[19] == UInt8(ascii: "-"),
              let date = Instant.parseISO8601(String(decoding: head[..<22] + [UInt8(ascii: ":")] + head[22...], as: UTF8.self)) else { return record }
        return Instant.utcString(date) + String(decoding: Array(record.utf8.dropFirst(24)), as: UTF8.self)
    }
}
