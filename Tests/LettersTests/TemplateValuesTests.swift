import Foundation
@testable import Letters
import Mustache
import Testing

@Suite("Template values render as swift-mustache renders plain dictionaries and strings")
struct TemplateValuesTests {
    /// What `LetterRenderer.prepared` gave before its values became classes: dictionaries and
    /// strings, cleaned the same way.
    static func plain(_ value: Any) -> Any {
        switch value {
        case let s as String: return LetterRenderer.oneLine(s)
        case let a as [Any]: return a.map(plain)
        case let d as [String: Any]:
            var out: [String: Any] = [:]
            for (k, v) in d {
                out[k] = plain(v)
                if let list = v as? [Any] { out["has_" + k] = !list.isEmpty }
            }
            return out
        case is NSNull: return false
        default: return value
        }
    }

    static var variables: [String: Any] { [
        "request": "REQ-2026-000001", "empty": "", "none": NSNull(), "count": 3, "yes": true, "no": false,
        "officer": ["name": "A. Kumar", "email": "a.kumar@nic.in", "ids": ["igotdoptcc1@nic.in", "igotdoptcc2@nic.in"]],
        "problems": [["field": "Request", "seen": "Office note\u{7} 1", "expected": "a request"],
                     ["field": "Effective", "seen": "", "expected": "a date"],
                     ["field": "Name", "expected": "a name"]],
        "list": ["b", "a", "c"], "nothing": [Any](), "single": ["k": "v"],
    ] }

    @Test("names, dotted names, sections of every kind, inverted sections, the current value and transforms", arguments: [
        "{{request}} {{missing}} {{count}} {{yes}} {{no}} [{{empty}}] [{{none}}]",
        "{{officer.name}} <{{officer.email}}> {{#officer}}{{name}}: {{#ids}}{{.}}; {{/ids}}{{request}}{{/officer}}",
        "{{#problems}}{{field}}: {{#seen}}\"{{seen}}\" ({{.}}) {{request}} — {{/seen}}{{^seen}}none {{/seen}}expected {{expected}}\n{{/problems}}",
        "{{#has_problems}}some{{/has_problems}}{{^has_nothing}} no list{{/has_nothing}} {{#nothing}}x{{/nothing}}",
        "{{#empty}}empty is a value{{/empty}}{{^empty}}empty is nothing{{/empty}} {{#none}}x{{/none}}{{^none}}no none{{/none}}",
        "{{#list}}{{.}}{{^last}}, {{/last}}{{/list}} {{#first(list)}}{{.}}{{/first(list)}} {{count(list)}}",
        "{{uppercased(request)}} {{lowercased(officer.name)}} {{count(officer)}} {{#empty(nothing)}}none{{/empty(nothing)}}",
        "{{#request}}{{officer.name}} {{count}}{{/request}} {{#yes}}{{request}}{{/yes}}",
        "an object and a list printed whole: {{single}} {{list}} {{#single}}{{.}}{{/single}}",
    ])
    func sameAsPlain(template: String) throws {
        let parsed = try MustacheTemplate(string: template)
        let ours = parsed.render(LetterRenderer.prepared(Self.variables))
        #expect(ours == parsed.render(Self.plain(Self.variables)))
        #expect(!ours.isEmpty)
    }
}
