@testable import Desk
import Domain
import Testing

/// requests.md §7: mobile numbers appear only in letters to DoPT/SPV; a refusal quotes what
/// it read with the numbers masked.
@Suite("Mobile numbers in letters to officers (requests.md §7)")
struct MobileNumbersTests {
    @Test("mobile numbers as officers write them are masked", arguments: [
        ("Shri C. Verma, AD, c.verma@nic.in, 9800000003", "Shri C. Verma, AD, c.verma@nic.in, [mobile number]"),
        ("+91-98000 00003", "[mobile number]"), ("+91 98000-00003", "[mobile number]"), ("09800000003", "[mobile number]"),
        ("mobile 7000000001.", "mobile [mobile number]."),
    ])
    func masked(text: String, expected: String) {
        #expect(MobileNumbers.masked(text) == expected)
    }

    @Test("numbers that are not mobiles are left", arguments: [
        "REQ-2026-000001", "igotdoptcc1@nic.in", "24/11/2026", "12345678901234", "5800000003", "98000", "x9800000003",
    ])
    func left(text: String) {
        #expect(MobileNumbers.masked(text) == text)
    }

    @Test("a letter's problems show no mobile number; the field and what was expected stay")
    func letterProblems() {
        let json = ParsedJSON.json(letterProblems: [Problem(field: "igotdoptcc1@nic.in", seen: "Shri X, SO, x@nic.in, 9800000003", expected: "a designation")])
        let text = "\(json)"
        #expect(!text.contains("9800000003") && text.contains("[mobile number]") && text.contains("igotdoptcc1@nic.in"), "\(text)")
    }
}
