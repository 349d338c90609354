import Domain
import Mail

/// Mail that is never a request (`requests.md` §5): auto-replies, bulk and list mail, other
/// desks' letters, bounces and the desk's own mail. Such mail is filed without effect and
/// never answered.
enum NeverARequest {
    /// The reason `message` is never a request, or nil.
    static func reason(_ message: Message, context: ParseContext) -> String? {
        let header = message.header
        // Every field counts, not only the first: a second Auto-Submitted or Return-Path is as
        // telling as the first. Comments are not values (`no (a person)` is still `no`).
        for field in header.all("Auto-Submitted") where keyword(field.text) != "no" {
            return "Auto-Submitted: \(field.text) (an automatic reply)"
        }
        // Vacation responders that predate RFC 3834 mark their mail with these instead.
        for name in ["X-Autoreply", "X-Autorespond"] where header.contains(name) {
            return "\(name): an automatic reply"
        }
        for field in header.all("Precedence") where ["bulk", "junk", "list"].contains(keyword(field.text)) {
            return "Precedence: \(keyword(field.text))"
        }
        if header.contains("List-Id") { return "List-Id: mailing-list mail" }
        // RFC 2369's list fields mark list mail as well when a list sends no List-Id.
        if let name = listFields.first(where: header.contains) { return "\(name): mailing-list mail" }
        if header.contains("X-Iddesk-Loop") { return "X-Iddesk-Loop: a letter from an iddesk" }
        if header.all("Return-Path").contains(where: { $0.text.filter { !" \t".contains($0) } == "<>" }) {
            return "Return-Path: <> (a bounce or automatic message)"
        }
        if message.root.contentType.mimeType == "multipart/report" {
            return "a delivery status notification (multipart/report)"
        }
        if let from = message.from.first {
            let address = from.normalizedAddress
            let local = address.split(separator: "@").first.map(String.init) ?? address
            if ["mailer-daemon", "postmaster"].contains(local) { return "From: \(local) (a mail system)" }
            if address == context.deskAddress.description { return "From: the desk's own address" }
            if context.otherDesks.contains(where: { $0.description == address }) { return "From: another iddesk (\(address))" }
        }
        return nil
    }

    /// RFC 2369's list fields other than List-Id.
    static let listFields = ["List-Post", "List-Unsubscribe", "List-Subscribe", "List-Help", "List-Owner", "List-Archive"]

    /// A field's value lower-cased, without comments (RFC 5322 §3.2.2) or parameters:
    /// `Auto-Submitted: auto-replied; owner-email=…` gives `auto-replied`.
    static func keyword(_ value: String) -> String { ParameterizedValue(parsing: value).value }

    /// True when the mail is automatic but control lines in it may still act (§4): only the
    /// reasons that mark an automatic reply (Auto-Submitted, X-Autoreply, Precedence).
    static func allowsControlLines(_ message: Message) -> Bool {
        let header = message.header
        let others = header.contains("List-Id") || listFields.contains(where: header.contains) || header.contains("X-Iddesk-Loop")
            || message.root.contentType.mimeType == "multipart/report"
        return !others
    }
}
