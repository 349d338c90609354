/// Why the configuration could not be loaded. Every case prints as one line that names the
/// file or environment variable, the key, the value seen and what was expected
/// (`config.md`: a bad config stops the desk at start with one clear line).
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file path or the environment variable at fault.
    public let origin: String
    /// The key at fault (`[smtp] url`), or nil for a fault of the whole file.
    public let key: String?
    /// The value seen, as written in TOML, or nil.
    public let seen: String?
    /// What was expected, or what went wrong.
    public let expected: String

    /// Makes an error; see the properties.
    public init(origin: String, key: String?, seen: String?, expected: String) {
        self.origin = origin
        self.key = key
        self.seen = seen
        self.expected = expected
    }

    /// `iddesk.toml: [sender_check] policy = "of": expected one of require, report, off`.
    public var description: String {
        var line = origin + ": "
        if let key {
            line += key
            if let seen { line += " = " + seen }
            line += ": "
        }
        return line + expected
    }
}
