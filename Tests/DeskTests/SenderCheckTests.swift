import Desk
import Domain
import Foundation
import Logging
import Mail
import Registry
import Testing

/// The sender check of workflow §5 on real mail files (`Fixtures/Trust`), each a status
/// request for DoPT as our mail server `mx.dopt.gov.in` delivers it, with different trace and
/// authentication fields; and through a real pass: what fails changes nothing and gets no reply.
@Suite("The sender check: From, Authentication-Results and alignment (workflow.md §5)")
struct SenderCheckTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/Trust")

    static func message(_ name: String) throws -> Message {
        Message(data: try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    /// The check as the default configuration makes it, with Debian's public suffix list.
    static func check() throws -> SenderCheck {
        let list = try PublicSuffixList(contentsOf: PublicSuffixList.debianPath).adding(["nic.in", "gov.in"])
        return SenderCheck(authservIDs: ["mx.dopt.gov.in"], ownHosts: ["mx.dopt.gov.in"], suffixes: list)
    }

    @Test("genuine mail passes, and the evidence names the result that vouched", arguments: [
        ("pass-dmarc.eml", "dmarc=pass header.from=nic.in by mx.dopt.gov.in"),
        ("pass-dkim-parent.eml", "dkim=pass header.d=dopt.gov.in by mx.dopt.gov.in"),
        ("pass-dkim-auid.eml", "dkim=pass header.d=nic.in by mx.dopt.gov.in"),
    ])
    func passes(file: String, evidence: String) throws {
        #expect(try Self.check().verdict(Self.message(file)) == .pass(evidence: evidence))
    }

    @Test("each way of failing is named", arguments: [
        ("no-authentication-results.eml", "no Authentication-Results from our mail servers (mx.dopt.gov.in)"),
        ("wrong-authserv-id.eml", "no Authentication-Results from our mail servers"),
        ("below-foreign-received.eml", "no Authentication-Results from our mail servers"),
        ("dkim-unaligned.eml", "no aligned dmarc=pass or dkim=pass for nic.in (found: dkim=pass header.d=bulkmailer.example; spf=pass; dmarc=fail header.from=nic.in)"),
        ("dkim-public-suffix.eml", "no aligned dmarc=pass or dkim=pass for dopt.gov.in (found: dkim=pass header.d=gov.in; dmarc=none header.from=dopt.gov.in)"),
        ("dmarc-other-from.eml", "found: dkim=pass header.d=attacker.example; dmarc=pass header.from=attacker.example"),
        ("dkim-fail.eml", "found: dkim=fail header.d=nic.in; dmarc=fail header.from=nic.in"),
        ("from-lookalike.eml", "the From address is not a plain ASCII address"),
        ("from-two-mailboxes.eml", "From holds 2 mailboxes"),
        ("from-two-fields.eml", "From holds 2 mailboxes"),
        ("from-display-name-address.eml", "the From display name holds a different address"),
        ("from-no-break-space.eml", "the From address is not written as it reads"),
        ("smuggled-bare-cr.eml", "a CR without LF inside the header"),
        ("smuggled-after-stray-line.eml", "after a line that is no header field"),
        ("second-field-below-ours.eml", "found: dkim=none; spf=softfail; dmarc=fail header.from=nic.in"),
    ])
    func fails(file: String, reason: String) throws {
        let verdict = try Self.check().verdict(Self.message(file))
        guard case .fail(let why) = verdict else {
            Issue.record("\(file) passed: \(verdict)")
            return
        }
        #expect(why.contains(reason), "\(why)")
    }

    @Test("a parent domain vouches only when it is not a public suffix; without the list only the exact domain does")
    func alignment() throws {
        let check = try Self.check()
        #expect(check.vouches(signer: "dopt.gov.in", for: "estt.dopt.gov.in"))
        #expect(!check.vouches(signer: "gov.in", for: "dopt.gov.in"))
        #expect(!check.vouches(signer: "nic.in", for: "sub.nic.in"), "a government domain vouches for no other")
        #expect(!check.vouches(signer: "co.in", for: "learnwell.co.in"))
        #expect(!check.vouches(signer: "opt.gov.in", for: "dopt.gov.in"), "a label boundary, not a string suffix")
        #expect(check.vouches(signer: "learnwell.co.in", for: "mail.learnwell.co.in"))
        let bare = SenderCheck(authservIDs: ["mx.dopt.gov.in"], ownHosts: [], suffixes: nil)
        #expect(bare.vouches(signer: "nic.in", for: "nic.in"))
        #expect(!bare.vouches(signer: "dopt.gov.in", for: "estt.dopt.gov.in"))
    }

    @Test("through a pass: failing mail goes to .Forged with its reason, queues nothing, takes no request number")
    func forgedThroughPass() throws {
        let d = try MailPassTests.Desk()
        let failing = ["no-authentication-results.eml", "wrong-authserv-id.eml", "below-foreign-received.eml", "dkim-unaligned.eml",
                       "dkim-public-suffix.eml", "dmarc-other-from.eml", "dkim-fail.eml", "from-lookalike.eml",
                       "from-two-mailboxes.eml", "from-two-fields.eml", "from-display-name-address.eml", "from-no-break-space.eml",
                       "smuggled-bare-cr.eml", "smuggled-after-stray-line.eml", "second-field-below-ours.eml"]
        for (i, file) in failing.enumerated() {
            try Data(contentsOf: Self.fixtures.appendingPathComponent(file))
                .write(to: d.directory.appendingPathComponent("Maildir/new/\(1_795_495_500 + i).M\(i)P1.trust"))
        }
        let report = try d.pass()
        #expect(report.lines.count == failing.count)
        #expect(report.lines.allSatisfy { $0.outcome.hasPrefix("filed to .Forged: failed the sender check: ") && $0.requestNumber == nil })
        #expect(d.names("Maildir/.Forged/new").count == failing.count)
        let registry = try SQLiteRegistry(url: d.configuration.desk.registry)
        #expect(try registry.read { try $0.letters() }.isEmpty, "no reply to a forged sender")
        #expect(try registry.read { try $0.requests(pendingOnly: false) }.isEmpty)
        let audit = try registry.read { try $0.auditEntries() }
        #expect(audit.count == failing.count && audit.allSatisfy { $0.change.contains("filed to .Forged: failed the sender check") })
    }

    @Test("a forged mail that copies a genuine mail's Message-ID does not make the genuine one a duplicate")
    func messageIDPreemption() throws {
        let d = try MailPassTests.Desk()
        let genuine = "From: a.kumar@nic.in\nMessage-ID: <real-1@nic.in>\nSubject: Status dopt\n\nMDO code: dopt\n"
        try d.put("1795495500.M1P1.forged", genuine, verified: false)
        try d.put("1795495501.M2P1.genuine", genuine)
        let report = try d.pass()
        #expect(report.lines.map { String($0.outcome.prefix(16)) } == ["filed to .Forged", "filed to .Refuse"])
        #expect(d.names("Maildir/.Duplicate/new").isEmpty)
    }

    @Test("a forged APPROVE with a guessed code changes nothing and is not answered")
    func forgedApprove() throws {
        let w = try LifecycleTests.World()
        _ = try w.send(from: "a.kumar@nic.in", subject: "Nomination", body: LifecycleTests.nomination)
        let lettersBefore = try w.letters().count
        let forged = try w.send(from: "spv.igot@nic.in", subject: "Re: [REQ-2026-000001/ABCDEFGH]", body: "APPROVE", verified: false)
        #expect(forged.outcome.hasPrefix("filed to .Forged: failed the sender check: no Authentication-Results"))
        #expect(try w.registry.read { try $0.request(RequestNumber("REQ-2026-000001")!)?.state } == .pending)
        #expect(try w.letters().count == lettersBefore)
    }

    @Test("under policy report an unverified request is processed, marked, and DoPT/SPV told")
    func reportPolicy() throws {
        let w = try LifecycleTests.World(policy: .report)
        let line = try w.send(from: "a.kumar@nic.in", subject: "Nomination", body: LifecycleTests.nomination, verified: false)
        #expect(line.outcome.hasPrefix("filed to cur/"), "\(line.outcome)")
        #expect(line.outcome.contains("sender not verified (policy report): no Authentication-Results"))
        let request = try #require(try w.registry.read { try $0.request(RequestNumber("REQ-2026-000001")!) })
        #expect(request.note?.contains("sender not verified") == true)
        let notice = try #require(try w.letters().first { $0.template == "report-policy-notice" })
        #expect(notice.to == ["spv.igot@nic.in"] && notice.request == "REQ-2026-000001")
        // A verified mail under report gets no notice.
        _ = try w.send(from: "a.kumar@nic.in", subject: "Status dopt", body: "MDO code: dopt")
        #expect(try w.letters().filter { $0.template == "report-policy-notice" }.count == 1)
    }
}
