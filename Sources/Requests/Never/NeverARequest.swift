import Domain
import Mail

/// Mail that is never a request (`requests.md` §5): auto-replies, bulk and list mail, other
/// desks' letters, bounces and the desk's own mail. Such mail is filed without effect and
/// never answered.
enum NeverARequest {
    /// The reason `message` is never a request, or nil.
    static func reason(_ message: Message, context: ParseContext) -> String? {
        let header = message.header
        if let auto = header.first("Auto-Submitted")?.text,
           String(auto.lowercased().split(separator: ";").first ?? "").trimmingSet(" \t") != "no" {
            return "Auto-Submitted: \(auto) (an automatic reply)"
        }
        if let precedence = header.first("Precedence")?.text.lowercased().trimmingSet(" \t"),
           ["bulk", "junk", "list"].contains(precedence) {
            return "Precedence: \(precedence)"
        }
        if header.contains("List-Id") { return "List-Id: mailing-list mail" }
        if header.contains("X-Iddesk-Loop") { return "X-Iddesk-Loop: a letter from an iddesk" }
        if let returnPath = header.first("Return-Path"), returnPath.text.filter({ !" \t".contains($0) }) == "<>" {
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

    /// True when the mail is automatic but control lines in it may still act (§4): only the
    /// Auto-Submitted and Precedence reasons.
    static func allowsControlLines(_ message: Message) -> Bool {
        let header = message.header
        let others = header.contains("List-Id") || header.contains("X-Iddesk-Loop")
            || message.root.contentType.mimeType == "multipart/report"
        return !others
    }
}
