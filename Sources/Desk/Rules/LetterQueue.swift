import Domain
import Foundation
import Mail
import Registry

/// Queues the letters of `workflow.md` §2 in the registry, in the transaction of the change
/// that causes them: a template name, the subject with its `[REQ-…]` (or `[REQ-…/CODE]`) tag,
/// the variables as JSON, recipients, the mail answered, and a Message-ID fixed now. The
/// Letters issue renders them; the SMTP issue sends them.
struct LetterQueue {
    let tx: RegistryTransaction
    let configuration: Configuration
    let now: Date

    /// A new action code for a letter asking DoPT/SPV or NIC to act, stored as a hash.
    func newActionCode(for request: RequestNumber, purpose: String) throws -> ActionCode {
        var generator = SystemRandomNumberGenerator()
        let code = ActionCode.random(using: &generator)
        try tx.storeActionCode(code, request: request, purpose: purpose, now: now)
        return code
    }

    func queue(_ template: String, request: RequestNumber?, code: ActionCode? = nil, subject: String,
               to: [String], cc: [String] = [], inReplyTo: String?, variables: [(String, JSONValue)] = [],
               attachments: [LetterAttachment] = []) throws {
        guard !to.isEmpty else { return }
        let tag = request.map { "[" + $0.description + (code.map { "/" + $0.value } ?? "") + "] " } ?? ""
        let domain = configuration.desk.address.domain
        var vars = variables
        if let request { vars.insert(("request", .string(request.description)), at: 0) }
        if let code { vars.append(("action_code", .string(code.value))) }
        try tx.queueLetter(template: template, request: request, subject: tag + Composer.sanitize(subject),
                           variables: JSONValue.object(vars).rendered(), to: to, cc: cc.filter { !to.contains($0) },
                           inReplyTo: inReplyTo, messageID: OutgoingMessage.newMessageID(domain: domain, now: now), now: now,
                           attachments: attachments)
    }
}
