import Requests
import Testing

@Suite("Subject prefixes and tags (requests.md §2.1)")
struct SubjectTagsTests {
    @Test("strips reply and forward prefixes and bracketed tags", arguments: [
        ("Nomination of Nodal Officer - DoPT", "Nomination of Nodal Officer - DoPT"),
        ("Re: Nomination", "Nomination"),
        ("RE: FW: Fwd: AW: handover of igotdoptcc1@nic.in", "handover of igotdoptcc1@nic.in"),
        ("[EXTERNAL] Re: [REQ-2026-000001] any update?", "any update?"),
        ("Re[2]: Status dopt", "Status dopt"),
        ("  Fw:   Vacancy  ", "Vacancy"),
        ("Request: creation of IDs", "Request: creation of IDs"),
        ("Regarding: allocation", "Regarding: allocation"),
    ])
    func strips(subject: String, expected: String) {
        #expect(SubjectTags.strip(subject) == expected)
    }
}
