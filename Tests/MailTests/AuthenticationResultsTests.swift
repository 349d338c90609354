import Mail
import Testing

@Suite("Authentication-Results (RFC 8601 §2.2), parsed")
struct AuthenticationResultsTests {
    typealias Result = AuthenticationResults.MethodResult

    @Test("RFC 8601 Appendix B's shapes: none, one result, several, a version, comments")
    func appendixB() throws {
        let none = try #require(AuthenticationResults("example.org 1; none"))
        #expect(none.authservID == "example.org")
        #expect(none.results.isEmpty)
        let spf = try #require(AuthenticationResults("example.com; spf=pass smtp.mailfrom=example.net"))
        #expect(spf.results == [Result(method: "spf", result: "pass", properties: ["smtp.mailfrom": "example.net"])])
        let two = try #require(AuthenticationResults(
            "example.com; auth=pass (cram-md5) smtp.auth=sender@example.net; spf=pass smtp.mailfrom=example.net"))
        #expect(two.results == [Result(method: "auth", result: "pass", properties: ["smtp.auth": "sender@example.net"]),
                                Result(method: "spf", result: "pass", properties: ["smtp.mailfrom": "example.net"])])
        let versioned = try #require(AuthenticationResults(
            "example.com; sender-id=fail header.from=example.com; dkim/1=pass (good signature) header.d=example.com"))
        #expect(versioned.results.map(\.method) == ["sender-id", "dkim"])
        #expect(versioned.results[1].properties == ["header.d": "example.com"])
    }

    @Test("Gmail's field: dkim with header.i and header.d, spf with a comment holding a colon, dmarc with header.from")
    func gmail() throws {
        let field = "mx.google.com; dkim=pass header.i=@nic.in header.s=s1 header.b=Xy1/+z; "
            + "spf=pass (google.com: domain of a.kumar@nic.in designates 164.100.14.9 as permitted sender) smtp.mailfrom=a.kumar@nic.in; "
            + "dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=nic.in"
        let parsed = try #require(AuthenticationResults(field))
        #expect(parsed.authservID == "mx.google.com")
        #expect(parsed.results.map(\.method) == ["dkim", "spf", "dmarc"])
        #expect(parsed.results[0].properties["header.i"] == "@nic.in")
        #expect(parsed.results[0].properties["header.b"] == "Xy1/+z")
        #expect(parsed.results[2] == Result(method: "dmarc", result: "pass", properties: ["header.from": "nic.in"]))
    }

    @Test("quoted values, a reason, nested comments with ; and =, blanks around = and the property's dot, upper case")
    func awkward() throws {
        let field = #""MX.DOPT.GOV.IN"; DKIM = Pass reason="good signature; ok" (a (nested; x=y) comment) header . d = dopt.gov.in; spf=fail"#
        let parsed = try #require(AuthenticationResults(field))
        #expect(parsed.authservID == "mx.dopt.gov.in")
        #expect(parsed.results == [Result(method: "dkim", result: "pass", reason: "good signature; ok", properties: ["header.d": "dopt.gov.in"]),
                                   Result(method: "spf", result: "fail")])
    }

    @Test("no authserv-id, or clauses without method=result, give nothing to believe", arguments: [
        "", "; dkim=pass header.d=nic.in", "(only a comment)",
    ])
    func empty(_ field: String) {
        #expect(AuthenticationResults(field) == nil)
    }

    @Test("a broken clause is skipped, the others kept")
    func brokenClause() throws {
        let parsed = try #require(AuthenticationResults("mx.dopt.gov.in; dkim; spf=pass smtp.mailfrom=a@nic.in; =pass"))
        #expect(parsed.results == [Result(method: "spf", result: "pass", properties: ["smtp.mailfrom": "a@nic.in"])])
    }
}

@Suite("Which Authentication-Results to believe (workflow.md §5.2)")
struct TrustedAuthenticationResultsTests {
    static func read(_ text: String) -> [String] {
        let header = Message(bytes: Array((text + "\n\nbody\n").utf8)).header
        return TrustedAuthenticationResults.read(header, authservIDs: ["mx.dopt.gov.in", "relay.dopt.gov.in"],
                                                 ownHosts: ["mx.dopt.gov.in", "relay.dopt.gov.in"])
            .flatMap { $0.results.map { "\($0.method)=\($0.result)" } }
    }

    @Test("only the topmost field of each of our authserv-ids counts: a pass below our server's fail is someone else's")
    func topmost() {
        let text = """
            Received: from mail.evil.example by mx.dopt.gov.in (Postfix) with ESMTP id 1; Tue, 24 Nov 2026 10:00:02 +0530
            Authentication-Results: mx.dopt.gov.in; dkim=none; dmarc=fail header.from=nic.in
            Authentication-Results: mx.dopt.gov.in; dmarc=pass header.from=nic.in
            From: spv.igot@nic.in
            """
        #expect(Self.read(text) == ["dkim=none", "dmarc=fail"])
    }

    @Test("ours above our own Received fields count (the topmost of each id); a forged one below the first foreign Received does not")
    func scan() {
        let text = """
            Authentication-Results: mx.dopt.gov.in; dkim=pass header.d=nic.in
            Received: from relay.dopt.gov.in by mx.dopt.gov.in (Postfix) with ESMTP id 1; Tue, 24 Nov 2026 10:00:02 +0530
            Authentication-Results: relay.dopt.gov.in; dmarc=pass header.from=nic.in
            Received: from mail.nic.in by relay.dopt.gov.in (Postfix) with ESMTPS id 2; Tue, 24 Nov 2026 10:00:01 +0530
            Received: from evil.example by mail.nic.in with SMTP; Tue, 24 Nov 2026 10:00:00 +0530
            Authentication-Results: mx.dopt.gov.in; dkim=pass header.d=dopt.gov.in
            From: a.kumar@nic.in
            """
        #expect(Self.read(text) == ["dkim=pass", "dmarc=pass"])
    }

    @Test("another server's field is ignored even above ours; a mail with no Received trusts only what sits above nothing foreign")
    func otherAuthserv() {
        let text = """
            Authentication-Results: mx.google.com; dkim=pass header.d=nic.in
            Authentication-Results: mx.dopt.gov.in; spf=pass smtp.mailfrom=a@nic.in
            From: a.kumar@nic.in
            """
        #expect(Self.read(text) == ["spf=pass"])
    }

    @Test("a first Received that is not ours stops the scan at once")
    func foreignFirst() {
        let text = """
            Received: from x by mail.example.com; Tue, 24 Nov 2026 10:00:00 +0530
            Authentication-Results: mx.dopt.gov.in; dkim=pass header.d=nic.in
            From: a.kumar@nic.in
            """
        #expect(Self.read(text).isEmpty)
    }
}
