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
        let tokens = plain.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        for (i, token) in tokens.enumerated() {
            if token == ";" { return nil }  // the date: no `by` clause before it
            if token.lowercased() == "by", i + 1 < tokens.count, tokens[i + 1] != ";" {
                return tokens[i + 1].lowercased().trimmingCharacters(in: ["[", "]", "."])
            }
        }
        return nil
    }
}
