/// A secret value (the SMTP password) that never prints: its description is `[REDACTED]`, so
/// a log line or an error that interpolates it by mistake leaks nothing.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    /// Wraps `value`.
    public init(_ value: String) { self.value = value }

    /// The secret itself, for the one place that must hand it to libcurl.
    public func reveal() -> String { value }

    /// Always `[REDACTED]`.
    public var description: String { "[REDACTED]" }
    /// Always `[REDACTED]`.
    public var debugDescription: String { "[REDACTED]" }
}
