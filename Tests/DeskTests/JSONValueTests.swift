@testable import Desk
import Testing
import TestSupport

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

    @Test("a string is quoted the same whether it is written whole or scalar by scalar: Devanagari whole, U+2028 and controls escaped")
    func quotingPaths() {
        var generator = SplitMix64(state: 0x4A534F4E)
        let alphabet = ["a", " ", "श्री", "é", "\"", "\\", "\n", "\t", "\u{01}", "\u{7F}", "\u{2028}", "\u{2029}", "\u{2027}", "€", "😀", "/"]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            var whole = "", byScalar = ""
            JSONValue.quote(text, into: &whole)
            byScalar += "\""
            JSONValue.quoteByScalar(text, into: &byScalar)
            byScalar += "\""
            #expect(whole == byScalar, "\(text.debugDescription)")
        }
        #expect(JSONValue.string("श्री\u{2028}").compact == "\"श्री\\u2028\"")
    }
}
