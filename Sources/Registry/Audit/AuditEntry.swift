import Crypto
import Foundation

/// One entry of the append-only audit log (`workflow.md` §7): when (UTC), who, what command,
/// which request and mail, what changed; chained by SHA-256 to the entry before it.
public struct AuditEntry: Sendable, Equatable {
    /// 1, 2, 3, … in order.
    public var seq: Int
    /// The time, ISO 8601 UTC with `Z`.
    public var at: String
    /// The address that caused it (a sender, `operator`, `desk`).
    public var actor: String
    /// The command (`nomination`, `APPROVE`, `filed`, …).
    public var command: String
    /// The request number, or nil.
    public var request: String?
    /// The Message-ID of the mail that caused it, or nil.
    public var messageID: String?
    /// What changed, for people.
    public var change: String
    /// The previous entry's hash (64 zeros for the first).
    public var previous: String
    /// SHA-256 of this entry's canonical form, hex.
    public var hash: String

    /// The hash before the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// `text` as an entry can hold it: every NUL replaced by U+FFFD. SQLite keeps text bound
    /// from a Swift String only up to its first NUL, so an entry hashed with one and stored
    /// without it would break the chain (the parser already cleans mail values; this makes
    /// the chain safe from any other source too).
    public static func storable(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
    }

    /// The canonical form the hash covers: every field but the hash, in a fixed order,
    /// separated by the ASCII unit separator (U+001F), absent values empty.
    public static func canonical(seq: Int, at: String, actor: String, command: String, request: String?,
                                 messageID: String?, change: String, previous: String) -> String {
        [String(seq), at, actor, command, request ?? "", messageID ?? "", change, previous].joined(separator: "\u{1F}")
    }

    /// SHA-256 of `text`'s UTF-8 bytes, lower-case hex.
    public static func sha256(_ text: String) -> String {
        var text = text
        return text.withUTF8 { ContentHash.hex(SHA256.hash(data: $0)) }
    }

    /// The hash this entry should carry.
    public var expectedHash: String {
        AuditEntry.sha256(AuditEntry.canonical(seq: seq, at: at, actor: actor, command: command, request: request,
                                               messageID: messageID, change: change, previous: previous))
    }
}

/// What `iddesk audit verify` found.
public enum AuditVerification: Sendable, Equatable {
    /// The chain is whole: `count` entries ending in `head`.
    case intact(count: Int, head: String)
    /// The first entry that does not match its content or its predecessor, and why.
    case broken(seq: Int, reason: String)
}

/// SHA-256 of mail content, hex: the processed record's content hash and the duplicate key
/// of mail without a Message-ID (`workflow.md` §6).
public enum ContentHash {
    /// SHA-256 of `data`, lower-case hex.
    public static func sha256(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// `bytes` as lower-case hex, two digits a byte.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
