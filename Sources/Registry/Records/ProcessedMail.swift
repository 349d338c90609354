/// The record that a mail was handled (`workflow.md` §6): kept in the same transaction as
/// its effects, so that a restart never applies a mail twice and a crash between commit and
/// move sends the mail to its recorded destination.
public struct ProcessedMail: Sendable, Equatable {
    /// The duplicate key: `Message-ID` + From, or, without a Message-ID, the SHA-256 of
    /// From, Date, Subject and the body the desk reads.
    public var key: String
    /// The Message-ID, or nil.
    public var messageID: String?
    /// The From address, lower-case.
    public var sender: String
    /// SHA-256 of the mail's bytes as received.
    public var contentHash: String
    /// The file name it had in `new/`.
    public var file: String
    /// Where it was filed: `cur` or a sub-maildir name (`Refused`, `Review`, …).
    public var destination: String
    /// Why, for the audit log and people.
    public var reason: String
    /// The request number it got, or nil.
    public var request: String?
    /// When it was processed, ISO 8601 UTC.
    public var processed: String

    /// Makes a record.
    public init(key: String, messageID: String?, sender: String, contentHash: String, file: String,
                destination: String, reason: String, request: String?, processed: String) {
        self.key = key; self.messageID = messageID; self.sender = sender; self.contentHash = contentHash
        self.file = file; self.destination = destination; self.reason = reason; self.request = request; self.processed = processed
    }
}
