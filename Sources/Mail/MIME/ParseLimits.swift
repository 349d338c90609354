/// The limits the parser keeps to (`config.md` `[desk]`): a message over one is still
/// returned, with what was read and a problem naming the limit.
public struct ParseLimits: Sendable, Equatable {
    /// Bytes of a message that are read (`max_message_bytes`, default 25 MiB).
    public var maxMessageBytes: Int
    /// MIME parts that are read (`max_parts`, default 500).
    public var maxParts: Int
    /// MIME nesting levels that are read (`max_depth`, default 20).
    public var maxDepth: Int

    /// Makes limits; the defaults are those of `config.md`.
    public init(maxMessageBytes: Int = 26_214_400, maxParts: Int = 500, maxDepth: Int = 20) {
        self.maxMessageBytes = maxMessageBytes
        self.maxParts = maxParts
        self.maxDepth = maxDepth
    }
}
