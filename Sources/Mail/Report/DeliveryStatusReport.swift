import Foundation

/// A delivery status notification (RFC 3464; RFC 6533 for `message/global-delivery-status`),
/// read from its machine-readable parts only — the `message/delivery-status` part and the
/// returned message or headers — never from the Subject or the human-readable text, which
/// every mail system words differently (Exchange NDRs, postfix, Gmail).
public struct DeliveryStatusReport: Sendable, Equatable {
    /// What the report says of one recipient (RFC 3464 §2.3).
    public struct RecipientStatus: Sendable, Equatable {
        /// `Final-Recipient`'s address, lower-case, without the `rfc822;` type.
        public var finalRecipient: String
        /// `Original-Recipient`'s address, lower-case, or nil.
        public var originalRecipient: String?
        /// `Action`, lower-case: `failed`, `delayed`, `delivered`, `relayed` or `expanded`.
        public var action: String
        /// `Status`, the enhanced code (RFC 3463), such as `5.1.1`.
        public var status: String
        /// `Diagnostic-Code` without its type (`smtp; 550 …` → `550 …`), unfolded, or nil.
        public var diagnostic: String?

        /// Makes a status; `DeliveryStatusReport.init?(_:)` is the usual source.
        public init(finalRecipient: String, originalRecipient: String?, action: String, status: String, diagnostic: String?) {
            self.finalRecipient = finalRecipient; self.originalRecipient = originalRecipient
            self.action = action; self.status = status; self.diagnostic = diagnostic
        }
    }

    /// `Reporting-MTA`'s name, or nil.
    public var reportingMTA: String?
    /// Per-recipient statuses, in order.
    public var recipients: [RecipientStatus]
    /// The Message-ID of the message the report is about (with angle brackets), from the
    /// returned message or headers; nil when the report returned neither.
    public var originalMessageID: String?

    /// Reads the report in `message`, or nil when it is not a delivery status notification:
    /// the top entity (or, for a report forwarded inside a mail, none) must be
    /// `multipart/report` holding a delivery-status part with at least one recipient group.
    /// The `report-type` parameter is not required: some mailers omit it.
    public init?(_ message: Message) {
        let root = message.root
        guard root.contentType.mimeType == "multipart/report" else { return nil }
        let parts = root.children
        guard let status = parts.first(where: { DeliveryStatusReport.statusTypes.contains($0.contentType.mimeType) }) else { return nil }
        let groups = DeliveryStatusReport.fieldGroups(status.decodedContent)
        guard groups.count >= 2 else { return nil }
        reportingMTA = groups[0].first("Reporting-MTA").map { DeliveryStatusReport.typedValue($0.text) }
        recipients = groups.dropFirst().compactMap { group -> RecipientStatus? in
            guard let final = group.first("Final-Recipient")?.text, let action = group.first("Action")?.text else { return nil }
            return RecipientStatus(
                finalRecipient: DeliveryStatusReport.address(final),
                originalRecipient: group.first("Original-Recipient").map { DeliveryStatusReport.address($0.text) },
                action: action.trimming(" \t").lowercased(),
                status: DeliveryStatusReport.statusCode(group.first("Status")?.text ?? ""),
                diagnostic: group.first("Diagnostic-Code").map { DeliveryStatusReport.typedValue($0.text) })
        }
        guard !recipients.isEmpty else { return nil }
        originalMessageID = DeliveryStatusReport.returnedMessageID(parts)
    }

    /// The media types of the machine-readable part (RFC 3464 §2, RFC 6533 §6.2).
    static let statusTypes: Set<String> = ["message/delivery-status", "message/global-delivery-status"]

    /// The blank-line separated groups of fields in a delivery-status body (RFC 3464 §2.1),
    /// each read with the RFC 5322 header parser (so folded lines unfold the same way).
    static func fieldGroups(_ content: [UInt8]) -> [Header] {
        let text = MessageParser.normalizingLineEnds(content)
        var groups: [[UInt8]] = []
        var current: [UInt8] = []
        var lineStart = 0
        for i in 0...text.count {
            guard i == text.count || text[i] == 0x0A else { continue }
            let line = text[lineStart..<i]
            lineStart = i + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                if !current.isEmpty { groups.append(current); current = [] }
            } else {
                current += line
                current.append(0x0A)
            }
        }
        if !current.isEmpty { groups.append(current) }
        return groups.map { Message(bytes: $0 + [0x0A]).header }
    }

    /// The value after the `type;` of a typed field (`rfc822; a@b`, `smtp; 550 …`, `dns; mx`),
    /// blanks collapsed.
    static func typedValue(_ text: String) -> String {
        let value = text.firstIndex(of: ";").map { String(text[text.index(after: $0)...]) } ?? text
        return value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline }).joined(separator: " ")
    }

    /// An address from a typed recipient field, lower-case, angle brackets removed.
    static func address(_ text: String) -> String {
        typedValue(text).trimmingCharacters(in: CharacterSet(charactersIn: "<> ")).lowercased()
    }

    /// The `d.d.d` code at the start of a Status field (comments after it are dropped).
    static func statusCode(_ text: String) -> String {
        String(text.trimming(" \t").prefix { $0.isNumber || $0 == "." })
    }

    /// The Message-ID of the returned message (`message/rfc822`, `message/global`) or returned
    /// headers (`text/rfc822-headers`, `message/global-headers`), the third part of RFC 3462 §2.
    static func returnedMessageID(_ parts: [MIMEPart]) -> String? {
        for part in parts {
            if case .message(let returned) = part.body {
                if let id = Message.messageID(in: returned.header) { return id }
            }
            if ["text/rfc822-headers", "message/global-headers"].contains(part.contentType.mimeType) {
                if let id = Message(bytes: part.decodedContent + [0x0A, 0x0A]).messageID { return id }
            }
        }
        return nil
    }
}
