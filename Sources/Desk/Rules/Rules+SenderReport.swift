import Domain
import Foundation
import Registry

extension Rules {
    /// Under `[sender_check] policy = "report"` (workflow §5.2), a mail whose sender could not
    /// be verified is processed, and then: its request is marked (`sender not verified` in the
    /// request's note), the audit log says why, DoPT/SPV get a *report-policy notice*, and the
    /// pass's outcome says so. A mail that made no request (ignored, control lines only) is
    /// only audited.
    ///
    /// - Throws: `DatabaseError` from the registry.
    func reportUnverifiedSender(_ outcome: inout RuleOutcome, reason: String) throws {
        let note = "sender not verified (policy report): \(reason)"
        try audit("sender-check", request: outcome.request, note)
        outcome.reason += "; " + note
        guard let number = outcome.request else { return }
        try tx.addRequestNote(number, "sender not verified")
        try letters.queue("report-policy-notice", request: number, subject: "Request processed without a verified sender",
                          to: configuration.people.doptSPV.map(\.description), inReplyTo: nil,
                          variables: [("sender", .string(sender)), ("reason", .string(reason))])
    }
}
