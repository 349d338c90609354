import Domain
import Testing

@Suite("EmailAddress: ASCII addr-specs for authority (requests.md §1)")
struct EmailAddressTests {
    @Test("reads an address, lower-cases it and trims blanks")
    func readsAndFolds() throws {
        let address = try #require(EmailAddress("  A.Kumar@NIC.IN "))
        #expect(address.description == "a.kumar@nic.in")
        #expect(address.localPart == "a.kumar")
        #expect(address.domain == "nic.in")
        #expect(EmailAddress("a.kumar@nic.in") == address)
        // A line's CR LF is one Character in Swift: trimmed as the two blanks it is.
        #expect(EmailAddress("\tA.Kumar@NIC.in.\r\n")?.description == "a.kumar@nic.in")
        #expect(EmailAddress("o'brien+igot{1}@sub-1.dopt.gov.in")?.description == "o'brien+igot{1}@sub-1.dopt.gov.in")
        #expect(EmailAddress(String(repeating: "a", count: 64) + "@nic.in") != nil)
        #expect(EmailAddress("x@" + String(repeating: "a", count: 63) + ".in") != nil)
    }

    @Test("refuses what is not a bare ASCII addr-spec", arguments: [
        "", "a.kumar", "a.kumar@", "@nic.in", "a@b@nic.in", "a..kumar@nic.in", ".a@nic.in",
        "a.kumar@nic", "a.kumar@-nic.in", "a.kumar@nic..in", "A. Kumar <a.kumar@nic.in>",
        "a kumar@nic.in", "а.kumar@nic.in" /* Cyrillic а */, "a.kumar@nіc.in" /* Ukrainian і */,
        "a.@nic.in", "a@nic.in-", "a@nic-.in", "a@.nic.in", "a@nic.in..", "a@.", "a@nic_x.in", "a\r\nb@nic.in",
        "a(b)@nic.in", String(repeating: "a", count: 65) + "@nic.in", "x@" + String(repeating: "a", count: 64) + ".in",
        "x@" + Array(repeating: "abcdefghi", count: 26).joined(separator: ".") + ".in",
    ])
    func refuses(_ text: String) {
        #expect(EmailAddress(text) == nil)
    }

    @Test("a government address equals a listed domain or ends with a dot and one")
    func governmentDomains() throws {
        let domains = GovernmentDomains(["nic.in", "GOV.IN."])
        #expect(domains.domains == ["nic.in", "gov.in"])
        #expect(domains.contains(try #require(EmailAddress("x@nic.in"))))
        #expect(domains.contains(try #require(EmailAddress("x@dopt.gov.in"))))
        #expect(!domains.contains(try #require(EmailAddress("x@fakegov.in"))))
        #expect(!domains.contains(try #require(EmailAddress("x@gov.in.example.com"))))
        #expect(!domains.contains(try #require(EmailAddress("x@gmail.com"))))
    }
}

@Suite("CalendarDay arithmetic")
struct CalendarDayTests {
    @Test("adding days crosses months, years and leap days, both ways")
    func adding() throws {
        let day = try #require(CalendarDay(year: 2027, month: 3, day: 31))
        #expect(day.adding(days: 1).description == "2027-04-01")
        #expect(day.adding(days: -14).description == "2027-03-17")
        #expect(try #require(CalendarDay(year: 2026, month: 12, day: 31)).adding(days: 1).description == "2027-01-01")
        #expect(try #require(CalendarDay(year: 2028, month: 2, day: 28)).adding(days: 1).description == "2028-02-29")
        #expect(try #require(CalendarDay(year: 2028, month: 3, day: 1)).adding(days: -1).description == "2028-02-29")
        #expect(day.adding(days: 0) == day && day.adding(days: 400).adding(days: -400) == day)
    }

    @Test("arithmetic past either end of the range stays at the end, never stops the process")
    func heldToRange() throws {
        let last = try #require(CalendarDay(year: 9999, month: 12, day: 31))
        let first = try #require(CalendarDay(year: 1900, month: 1, day: 1))
        #expect(last.adding(days: 1) == last)
        #expect(last.adding(days: Int.max / 2) == last)
        #expect(first.adding(days: -30) == first)
        #expect(first.adding(days: -(Int.max / 2)) == first)
        #expect(last.adding(days: -1).description == "9999-12-30")
        #expect(first.adding(days: 1).description == "1900-01-02")
    }
}
