import Domain
import Foundation
import Mail
import Registry

/// Records a delivery status notification against the desk's own letter (`workflow.md` §8,
/// `requests.md` §5): a DSN is never answered, and changes a recipient's state only when it
/// is trusted, names a Message-ID the desk issued, and reports `Action: failed` for a recipient
/// of that letter. Then the recipient is `bounced` with the DSN's status and diagnostic.
struct Bounces {
    let configuration: Configuration
    let tx: RegistryTransaction
    let now: Date

    /// True when the DSN came from the desk's own mail server (workflow §8): every `Received`
    /// field was written by one of `[sender_check] own_hosts`, and none took the report from
    /// another host — a `from` clause must name our own hosts (or the loopback) both in its
    /// HELO and in the name and address our server wrote beside it, since a client chooses its
    /// HELO. A report our relay made never crossed anyone else's; one that arrived from
    /// outside, whatever it claims, did. The other way a DSN is trusted is passing the sender
    /// check (`SenderCheck`); under `policy = "off"` (tests and demos) every DSN is.
    static func fromOwnServer(_ message: Message, configuration: Configuration) -> Bool {
        let hosts = Set(configuration.senderCheck.ownHosts.map { $0.lowercased() })
        let local = hosts.union(["localhost", "localhost.localdomain", "127.0.0.1", "::1"])
        let received = message.header.all("Received")
        guard !received.isEmpty else { return false }
        return received.allSatisfy { field in
            guard let by = ReceivedField.byHost(field.text), hosts.contains(by) else { return false }
            return ReceivedField.fromHosts(field.text)?.allSatisfy(local.contains) ?? true
        }
    }

    /// Applies `report`; the outcome files the mail to `cur/` when a recipient was marked,
    /// else to `.Ignored` with the reason nothing changed.
    ///
    /// - Throws: `DatabaseError` from the registry.
    /// - Parameter trusted: the DSN passed the sender check or came from our own mail server.
    func record(_ report: DeliveryStatusReport, message: Message, sender: String, trusted: Bool) throws -> RuleOutcome {
        func ignored(_ why: String) -> RuleOutcome {
            RuleOutcome(destination: "Ignored", reason: "a delivery status notification: \(why)", request: nil, command: "dsn")
        }
        guard trusted else {
            return ignored("neither verified nor from the desk's own mail server, so not recorded")
        }
        guard let id = report.originalMessageID else { return ignored("it returns no Message-ID") }
        guard let letter = try tx.letter(messageID: id) else { return ignored("\(id) is not a letter of the desk") }
        var marked: [String] = []
        for status in report.recipients where status.action == "failed" {
            let candidates = [status.finalRecipient] + (status.originalRecipient.map { [$0] } ?? [])
            guard let address = letter.recipients.first(where: { candidates.contains($0.lowercased()) }) else { continue }
            let text = "DSN \(status.status)" + (status.diagnostic.map { ": " + $0 } ?? "")
                + (report.reportingMTA.map { " (reported by \($0))" } ?? "")
            try tx.markBounced(letter: letter.id, address: address, report: text)
            try tx.appendAudit(at: now, actor: sender.isEmpty ? "unknown" : sender, command: "bounce", request: letter.request,
                               messageID: message.messageID, change: "letter \(id) to \(address) bounced: \(text)")
            marked.append("\(address) (\(status.status))")
        }
        guard !marked.isEmpty else {
            let actions = Set(report.recipients.map(\.action)).sorted().joined(separator: ", ")
            return ignored("no failed recipient of \(id) (action: \(actions))")
        }
        return RuleOutcome(destination: "cur", reason: "DSN recorded: " + marked.joined(separator: ", ") + " bounced",
                           request: letter.request.flatMap { RequestNumber($0) }, command: "dsn")
    }
}
