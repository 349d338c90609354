import Mail
import Testing

@Suite("Public suffix list: rules, wildcards, exceptions (publicsuffix.org format)")
struct PublicSuffixListTests {
    static let sample = PublicSuffixList(text: """
        // ===BEGIN ICANN DOMAINS===
        in
        gov.in
        co.in
        // wildcard and exception, as the list writes them for .ck
        *.ck
        !www.ck
        uk  trailing words after a blank are not part of the rule
        """)

    @Test("normal rules, the implicit * rule for single labels, and names below a rule")
    func normal() {
        #expect(Self.sample.isPublicSuffix("gov.in"))
        #expect(Self.sample.isPublicSuffix("GOV.IN"))
        #expect(Self.sample.isPublicSuffix("in"))
        #expect(Self.sample.isPublicSuffix("com"), "any single label")
        #expect(!Self.sample.isPublicSuffix("dopt.gov.in"))
        #expect(!Self.sample.isPublicSuffix("learnwell.co.in"))
        #expect(Self.sample.isPublicSuffix("uk"))
    }

    @Test("a wildcard makes every child a suffix, except the excepted one")
    func wildcard() {
        #expect(Self.sample.isPublicSuffix("anything.ck"))
        #expect(!Self.sample.isPublicSuffix("www.ck"))
        #expect(!Self.sample.isPublicSuffix("shop.anything.ck"))
    }

    @Test("added domains are suffixes; xn-- domains are answered carefully")
    func added() {
        let list = Self.sample.adding(["nic.in"])
        #expect(list.isPublicSuffix("nic.in"))
        #expect(!Self.sample.isPublicSuffix("nic.in"))
        #expect(list.isPublicSuffix("xn--h2brj9c.xn--h2brj9c"))
        #expect(list.count == Self.sample.count + 1)
    }

    @Test("Debian's list holds gov.in and co.in and not dopt.gov.in")
    func debian() throws {
        let list = try PublicSuffixList(contentsOf: PublicSuffixList.debianPath)
        #expect(list.count > 5_000)
        #expect(list.isPublicSuffix("gov.in") && list.isPublicSuffix("co.in"))
        #expect(!list.isPublicSuffix("dopt.gov.in"))
    }
}
