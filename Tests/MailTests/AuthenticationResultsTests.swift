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
