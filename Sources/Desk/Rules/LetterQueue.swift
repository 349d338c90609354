import Domain
import Foundation
import Mail
import Registry

/// Queues the letters of `workflow.md` §2 in the registry, in the transaction of the change
/// that causes them: a template name, the subject with its `[REQ-…]` (or `[REQ-…/CODE]`) tag,
/// the variables as JSON, recipients, the mail answered, and a Message-ID fixed now. The
/// Letters issue renders them; the SMTP issue sends them.
///
/// A letter To the sender of the mail in hand is a reply, and replies are rate-limited per
/// sender (`[limits] replies_per_sender_per_hour` and `_per_day`, counted in the registry):
/// over a limit the letter is still queued, but `held` — the mail was processed, the reply is
/// not sent — and DoPT/SPV get one *replies-held notice* per sender and day. The configured
/// DoPT/SPV and NIC addresses are not limited.
struct LetterQueue {
    let tx: RegistryTransaction
    let configuration: Configuration
    let now: Date
    /// The sender of the mail being applied, or nil outside a mail.
    var sender: String? = nil
    /// The mail being applied carried a password: every reply to it warns (requests §3.4).
    var passwordMailed = false

    /// A new action code for a letter asking DoPT/SPV or NIC to act, stored as a hash.
    func newActionCode(for request: RequestNumber, purpose: String) throws -> ActionCode {
        var generator = PooledRandom()
        let code = ActionCode.random(using: &generator)
        try tx.storeActionCode(code, request: request, purpose: purpose, now: now)
        return code
    }

    /// Queues one letter: see `queue(_:)`.
    func queue(_ template: String, request: RequestNumber?, code: ActionCode? = nil, subject: String,
               to: [String], cc: [String] = [], inReplyTo: String?, variables: [(String, JSONValue)] = [],
               attachments: [LetterAttachment] = []) throws {
        try queue([LetterDraft(template: template, request: request, code: code, subject: subject, to: to, cc: cc,
                               inReplyTo: inReplyTo, variables: variables, attachments: attachments)])
    }

    /// Queues `drafts` in order, in one batch of statements (a letter per row of a sheet):
    /// each gets its tag, its variables as JSON and a new Message-ID; addresses that are not
    /// plain ASCII are left out, and a draft left with no To is skipped.
    func queue(_ drafts: [LetterDraft]) throws {
        let domain = configuration.desk.address.domain
        var letters: [NewLetter] = []
        letters.reserveCapacity(drafts.count)
        for var d in drafts {
            // An address that is not plain ASCII cannot go in a header line without SMTPUTF8,
            // which the desk does not speak (the sender check already names such a From).
            d.to = d.to.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
            d.cc = d.cc.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
            guard !d.to.isEmpty else { continue }
            let tag = d.request.map { "[" + $0.description + (d.code.map { "/" + $0.value } ?? "") + "] " } ?? ""
            var vars = d.variables
            if let request = d.request { vars.insert(("request", .string(request.description)), at: 0) }
            if let code = d.code { vars.append(("action_code", .string(code.value))) }
            let answers = sender.flatMap { s in d.to.contains(where: { $0.lowercased() == s }) && d.template != LetterQueue.heldNotice ? s : nil }
            // DoPT/SPV and NIC, verified and acting on the desk's own letters, are never limited:
            // a day of RESET DONE replies is their work, not a loop (their helpdesks' automatic
            // mail is never answered at all, requests §4).
            var held = false
            if let answers, !(configuration.people.doptSPV + configuration.people.nic).contains(where: { $0.description == answers }) {
                held = try overLimit(answers)
            }
            if answers != nil, passwordMailed, !vars.contains(where: { $0.0 == "password_mailed" }) {
                vars.append(("password_mailed", .bool(true)))
            }
            letters.append(NewLetter(template: d.template, request: d.request, subject: tag + Composer.sanitize(d.subject),
                                     variables: JSONValue.object(vars).compact, to: d.to, cc: d.cc.filter { !d.to.contains($0) },
                                     inReplyTo: d.inReplyTo, messageID: OutgoingMessage.newMessageID(domain: domain, now: now),
                                     attachments: d.attachments, answers: answers, held: held))
        }
        try tx.queueLetters(letters, now: now)
    }

    static let heldNotice = "replies-held-notice"

    /// True when a reply to `sender` now would pass one of the limits; then DoPT/SPV are told,
    /// once per sender and UTC day.
    func overLimit(_ sender: String) throws -> Bool {
        let day = try tx.repliesSent(to: sender, since: now.addingTimeInterval(-86_400), upTo: configuration.repliesPerSenderPerDay)
        // The hour's replies are among the day's: fewer in the day than the hourly limit
        // answers the hourly question too, without a second query.
        let hour = day < configuration.repliesPerSenderPerHour ? day
            : try tx.repliesSent(to: sender, since: now.addingTimeInterval(-3_600), upTo: configuration.repliesPerSenderPerHour)
        let window: String, limit: Int
        if hour >= configuration.repliesPerSenderPerHour {
            (window, limit) = ("an hour", configuration.repliesPerSenderPerHour)
        } else if day >= configuration.repliesPerSenderPerDay {
            (window, limit) = ("a day", configuration.repliesPerSenderPerDay)
        } else {
            return false
        }
        let day10 = String(RegistryTransaction.utc(now).prefix(10))
        if try tx.markOnce("replies-held|\(sender)|\(day10)") {
            try queue(LetterQueue.heldNotice, request: nil, subject: "Replies held", to: configuration.people.doptSPV.map(\.description),
                      inReplyTo: nil, variables: [("limit", .int(limit)), ("sender", .string(sender)), ("window", .string(window))])
        }
        return true
    }
}

/// A letter as a rule writes it, before `LetterQueue` tags it and gives it a Message-ID.
struct LetterDraft {
    /// The template's name.
    var template: String
    /// The request it belongs to (its `[REQ-…]` tag), or nil.
    var request: RequestNumber?
    /// The action code the letter carries (tag `[REQ-…/CODE]`, variable `action_code`), or nil.
    var code: ActionCode? = nil
    /// The subject without its tag.
    var subject: String
    /// To and Cc addresses.
    var to: [String], cc: [String] = []
    /// The Message-ID answered, or nil.
    var inReplyTo: String?
    /// The template's variables, in order.
    var variables: [(String, JSONValue)] = []
    /// Files sent with it.
    var attachments: [LetterAttachment] = []
}
