import Domain
import Testing

@Suite("TextSearch: byte-wise substring search and replacement for the grammar")
struct TextSearchTests {
    @Test("finds a needle at the start, the middle and the end, and not a near miss")
    func includes() {
        #expect("nodal officer".includes("nodal"))
        #expect("name of nodal officer".includes(" nodal "))
        #expect("a.kumar@nic.in".includes("@nic.in"))
        #expect(!"a.kumar@nic.i".includes("@nic.in"))
        #expect(!"nod".includes("nodal"))
        #expect("anything".includes(""))
        #expect("नोडल अधिकारी का नाम".includes("नोडल अधिकारी"))
        #expect(!"नोडल".includes("नोडल अधिकारी"))
        #expect("xx posted out yy".dropFirst(3).includes("posted out"))
    }

    @Test("replaces every occurrence, left to right, without overlaps")
    func replacesAll() {
        #expect("ministry/department".replacingAll("/", with: " / ") == "ministry / department")
        #expect("a b c".replacingAll(" ", with: "_") == "a_b_c")
        #expect("aaa".replacingAll("aa", with: "b") == "ba")
        #expect("hand-over".replacingAll("-", with: " ") == "hand over")
        #expect("no match".replacingAll("zz", with: "y") == "no match")
        #expect("ई-मेल पता".replacingAll("ई-मेल", with: "email") == "email पता")
        #expect("x".replacingAll("", with: "y") == "x")
    }
}
