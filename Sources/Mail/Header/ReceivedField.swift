import Foundation

/// The parts of a `Received` trace field (RFC 5321 §4.4) the desk reads.
public enum ReceivedField {
    /// The host after `by`, lower-case, with comments removed; nil when the field has no `by`
    /// clause. `Received: from a (a [10.0.0.1]) by mx.dopt.gov.in (Postfix) with ESMTPS id …`
    /// gives `mx.dopt.gov.in`.
    public static func byHost(_ text: String) -> String? {
        // Comments (nested, RFC 5322 §3.2.2) hold free text such as "(by way of …)": drop them.
        var plain = ""
        var depth = 0
        var escaped = false
        for character in text {
            if escaped { escaped = false; if depth == 0 { plain.append(character) }; continue }
            switch character {
            case "\\": escaped = true
            case "(": depth += 1
            case ")": depth = max(0, depth - 1)
            case ";" where depth == 0: plain.append(" ; ")
            default: if depth == 0 { plain.append(character) }
            }
        }
        let tokens = plain.split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline })
        for (i, token) in tokens.enumerated() {
            if token == ";" { return nil }  // the date: no `by` clause before it
            if token.lowercased() == "by", i + 1 < tokens.count, tokens[i + 1] != ";" {
                return tokens[i + 1].lowercased().trimmingCharacters(in: ["[", "]", "."])
            }
        }
        return nil
    }

    /// The names a `from` clause gives for the client: the name it gave in HELO and, from the
    /// comment the receiving server wrote after it, the name its address resolves to and the
    /// address (RFC 5321 §4.4 `TCP-info`), lower-case, brackets and `IPv6:` removed. Nil when
    /// the field has no `from` clause (a message made on the server itself).
    /// `from a.example (mx.a.example [192.0.2.1]) by …` gives `["a.example", "mx.a.example", "192.0.2.1"]`.
    public static func fromHosts(_ text: String) -> [String]? {
        var rest = Substring(text).drop { $0 == " " || $0 == "\t" || $0.isNewline }
        guard rest.lowercased().hasPrefix("from") else { return nil }
        rest = rest.dropFirst(4).drop { $0 == " " || $0 == "\t" || $0.isNewline }
        func clean(_ word: Substring) -> String {
            var w = word.lowercased().trimmingCharacters(in: ["[", "]", "."])
            if w.hasPrefix("ipv6:") { w.removeFirst(5) }
            return w
        }
        let helo = rest.prefix { !" \t\r\n(".contains($0) }
        var names = [clean(helo)]
        rest = rest.dropFirst(helo.count).drop { $0 == " " || $0 == "\t" || $0.isNewline }
        if rest.first == "(", let close = rest.firstIndex(of: ")") {
            names += rest[rest.index(after: rest.startIndex)..<close]
                .split(whereSeparator: { " \t\r\n".contains($0) })
                .filter { $0.lowercased() != "helo=" && !$0.lowercased().hasPrefix("helo=") }
                .map(clean)
        }
        return names.filter { !$0.isEmpty }
    }
}
