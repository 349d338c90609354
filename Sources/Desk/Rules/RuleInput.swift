import Domain
import Foundation
import Mail
import Requests

/// One mail as the rules see it: who sent it, when it arrived, what it asks.
public struct RuleInput: Sendable {
    /// The From address, lower-case.
    public var sender: String
    /// The Message-ID, or nil.
    public var messageID: String?
    /// The Subject, passwords cut.
    public var subject: String
    /// When it reached the maildir (`requests.md` §1).
    public var receipt: Date
    /// Its Date header, or nil.
    public var dated: Date?
    /// What the grammar read.
    public var parsed: ParsedMail
    /// The mail to attach to an approval request (workflow §2): as received, or its stored copy
    /// with the passwords cut when it carried one (`StoredCopyRedaction`); nil when neither.
    public var original: [UInt8]?

    /// Makes an input.
    public init(sender: String, messageID: String?, subject: String, receipt: Date, dated: Date?, parsed: ParsedMail,
                original: [UInt8]? = nil) {
        self.sender = sender; self.messageID = messageID; self.subject = subject; self.receipt = receipt; self.dated = dated
        self.parsed = parsed
        self.original = original
    }
}

/// What the rules did with a mail: where it is filed and why, the request number it got.
public struct RuleOutcome: Sendable, Equatable {
    /// `cur` (handled as asked), or `Refused`, `Ignored`, `Review`.
    public var destination: String
    /// For the log and the audit entry.
    public var reason: String
    /// The request number given, or nil.
    public var request: RequestNumber?
    /// The command's name for the pass's line, or nil.
    public var command: String?
}

/// A refusal of a request by a rule: the problems to name in the reply.
struct RuleRefusal: Error {
    var problems: [Problem]
    init(_ problems: [Problem]) { self.problems = problems }
    init(field: String, seen: String?, expected: String) { self.problems = [Problem(field: field, seen: seen, expected: expected)] }
}
