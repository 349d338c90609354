import Foundation
import Mail
import Testing

@Suite("Delivery status notifications (RFC 3464), read from their machine-readable parts")
struct DeliveryStatusReportTests {
    static func fixture(_ name: String) throws -> Message {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/DSN/\(name)")
        return Message(data: try Data(contentsOf: url))
    }

    @Test("a postfix DSN: the failed recipient, its status and folded diagnostic, the returned headers' Message-ID")
    func postfix() throws {
        let report = try #require(DeliveryStatusReport(try Self.fixture("postfix-dsn.eml")))
        #expect(report.reportingMTA == "mx.dopt.gov.in")
        #expect(report.originalMessageID == "<1795526109.0k2m4p6r8t0v2x4z6b8d0f2h4j@dopt.gov.in>")
        #expect(report.recipients == [.init(
            finalRecipient: "nobody.here@nic.in", originalRecipient: "nobody.here@nic.in", action: "failed", status: "5.1.1",
            diagnostic: "550 5.1.1 <nobody.here@nic.in>: Recipient address rejected: User unknown in virtual mailbox table")])
    }

    @Test("an Exchange NDR with CRLF lines: two recipient groups (failed and delayed), the returned message's Message-ID")
    func exchange() throws {
        let report = try #require(DeliveryStatusReport(try Self.fixture("exchange-ndr.eml")))
        #expect(report.reportingMTA == "MAIL01.nic.in")
        #expect(report.originalMessageID == "<1795526109.0k2m4p6r8t0v2x4z6b8d0f2h4j@dopt.gov.in>")
        #expect(report.recipients.map(\.finalRecipient) == ["retired.officer@nic.in", "spv.igot@nic.in"])
        #expect(report.recipients.map(\.action) == ["failed", "delayed"])
        #expect(report.recipients.map(\.status) == ["5.1.10", "4.4.7"])
        #expect(report.recipients[0].diagnostic == "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup")
        #expect(report.recipients[1].diagnostic == nil)
    }

    @Test("what is not a DSN reads as none: plain mail, a read receipt, a report without a recipient group")
    func notReports() {
        #expect(DeliveryStatusReport(Message(bytes: Array("From: a@nic.in\nSubject: Undelivered Mail Returned to Sender\n\nhi\n".utf8))) == nil)
        let receipt = """
            From: a@nic.in
            Content-Type: multipart/report; report-type=disposition-notification; boundary=b

            --b
            Content-Type: message/disposition-notification

            Final-Recipient: rfc822; a@nic.in
            Disposition: manual-action/MDN-sent-manually; displayed
            --b--
            """
        #expect(DeliveryStatusReport(Message(bytes: Array(receipt.utf8))) == nil)
        let empty = """
            From: MAILER-DAEMON@mx.dopt.gov.in
            Content-Type: multipart/report; report-type=delivery-status; boundary=b

            --b
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.dopt.gov.in
            --b--
            """
        #expect(DeliveryStatusReport(Message(bytes: Array(empty.utf8))) == nil)
    }

    @Test("Received: the host after by, without comments, or none", arguments: [
        ("from a (a [10.0.0.1]) by mx.dopt.gov.in (Postfix) with ESMTPS id 1; Tue, 24 Nov 2026 18:05:10 +0530", "mx.dopt.gov.in"),
        ("by MX.DOPT.GOV.IN (Postfix)\n\tid 4A; Tue, 24 Nov 2026 18:05:12 +0530", "mx.dopt.gov.in"),
        ("from x (comment with by evil.example) by mail.nic.in; Tue, 24 Nov 2026", "mail.nic.in"),
        ("from x by [10.1.2.3] with SMTP; Tue, 24 Nov 2026", "10.1.2.3"),
        ("from x with SMTP; by y Tue", nil),
        ("", nil),
    ] as [(String, String?)])
    func receivedBy(_ text: String, _ host: String?) {
        #expect(ReceivedField.byHost(text) == host)
    }
}
