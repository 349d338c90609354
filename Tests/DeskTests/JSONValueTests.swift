import Desk
import Testing

@Suite("JSON values as the desk writes them (RFC 8259)")
struct JSONValueTests {
    static let value = JSONValue.object([
        ("id", .string("igotdoptcc1@nic.in")), ("rows", .array([.int(1), .null, .bool(true)])),
        ("note", .string("a \"quoted\" line\nand a tab\t\u{1}")), ("empty", .object([])), ("none", .array([])),
    ])

    @Test("the compact form the registry stores: one line, no spaces between tokens, keys in order")
    func compact() {
        #expect(Self.value.compact == #"{"id":"igotdoptcc1@nic.in","rows":[1,null,true],"note":"a \"quoted\" line\nand a tab\t\u0001","empty":{},"none":[]}"#)
    }

    @Test("the indented form the command line prints: two spaces a level")
    func indented() {
        #expect(JSONValue.object([("a", .array([.int(1)]))]).rendered() == "{\n  \"a\": [\n    1\n  ]\n}")
    }
}
