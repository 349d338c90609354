import Domain
import Foundation

/// The fields a request line can carry (`requests.md` §2.3), after label synonyms.
enum FieldKey: Equatable, Sendable {
    case name, email, designation, mobile, agency, contractEnd
    case mdo, mdoCode, ministry
    case genericID, ids, outgoing, officer, reason, effective
    case creators, reviewers, publishers
    /// `Nodal: yes` / `Admin: yes` in a creation request by count.
    case wantNodal, wantAdmin
    case request, status
    case password
    /// A role named alone or with a one-line officer (`Nodal Officer: …`, `Successor: …`).
    case role(Role)
}

/// The roles that open a block of officer fields (§2.4).
enum Role: String, Equatable, Sendable {
    case nodal, admin, successor
}

/// One line of a request read as `Key: Value` (also `Key - Value`, `Key = Value`,
/// `Key<TAB>Value`), with bullets and numbering dropped (§2.3).
struct FieldLine: Equatable, Sendable {
    /// What the label means, or nil for a label that is no field of ours.
    var key: FieldKey?
    /// The role a label names beside its field (`Name of the Nodal Officer`), if any.
    var role: Role?
    /// The label as written, without bullets.
    var label: String
    /// The value, trimmed; "" when the line is a label alone.
    var value: String

    /// Reads `line`; nil when it has no label and separator (a plain sentence or a value).
    static func read(_ line: String) -> FieldLine? {
        let stripped = stripBullet(line.trimmingSet(" \t\u{00A0}"))
        if stripped.isEmpty { return nil }
        // "w.e.f. 15.12.2026 (AN)" on a line of its own is the effective date.
        let lowered = stripped.lowercased()
        if lowered.hasPrefix("w.e.f") || lowered.hasPrefix("wef ") || lowered.hasPrefix("with effect from") {
            return FieldLine(key: .effective, role: nil, label: "w.e.f.", value: stripped)
        }
        guard let (label, value) = split(stripped) else {
            // A role alone opens a block: "Nodal Officer", "Admin", "Successor" (short lines only).
            guard stripped.utf8.count <= 48 else { return nil }
            let normalized = normalize(stripped)
            if let role = roleAlone(normalized) {
                return FieldLine(key: .role(role), role: role, label: stripped, value: "")
            }
            return nil
        }
        // An allocation row's label is an address: no field name to normalize.
        if label.includes("@") { return FieldLine(key: nil, role: nil, label: label, value: value) }
        let normalized = normalize(label)
        let words = normalized.split(separator: " ")
        guard !normalized.isEmpty, normalized.count <= 60, words.count <= 8 else { return nil }
        // A sentence ending in a colon ("The nominations of this Department are as follows:")
        // is prose, not a label.
        if words.count >= 4, words.contains(where: FieldLine.proseWords.contains) { return nil }
        let (key, role) = classify(normalized)
        return FieldLine(key: key, role: role, label: label, value: value)
    }

    /// Words that make a label of four words or more a sentence.
    static let proseWords: Set<Substring> = ["are", "is", "as", "follows", "following", "please", "kindly", "hereby", "below", "above", "we", "i"]

    /// Drops a bullet (`-`, `*`, `•`, `·`, `–`, `>`-less) or numbering (`1.`, `1)`, `(1)`,
    /// `i.`, `(a)`, `a)`) at the start of a line.
    static func stripBullet(_ line: String) -> String {
        var s = Substring(line)
        if let f = s.first, FieldLine.bullets.contains(f), s.dropFirst().first == " " || s.dropFirst().first == "\t" {
            s = s.dropFirst()
        } else if let f = s.first, FieldLine.bulletsAlone.contains(f) {
            s = s.dropFirst()
        } else {
            // (1) (a) (iv)
            if s.first == "(", let close = s.firstIndex(of: ")"), s.distance(from: s.startIndex, to: close) <= 5 {
                let inner = s[s.index(after: s.startIndex)..<close]
                if isEnumerator(inner) { s = s[s.index(after: close)...] }
            } else if let end = s.prefix(5).firstIndex(where: { $0 == "." || $0 == ")" }) {
                let inner = s[..<end]
                let after = s[s.index(after: end)...]
                if isEnumerator(inner), after.first == " " || after.first == "\t" { s = after }
            }
        }
        return String(s).trimmingSet(" \t\u{00A0}")
    }

    /// Bullets that need a blank after them (`o` and the dashes start words too).
    static let bullets: Set<Character> = ["-", "*", "•", "·", "–", "—", "▪", "➢", "►", "o"]
    /// Bullets dropped with or without a blank after them.
    static let bulletsAlone: Set<Character> = ["•", "·", "▪", "➢", "►"]

    /// True for a list item's number or letter: digits, one ASCII letter, or a Roman numeral
    /// up to `x`.
    static func isEnumerator(_ s: Substring) -> Bool {
        if !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
        if s.count == 1, let c = s.first, c.isASCII, c.isLetter { return true }
        let roman: Set<String> = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
        return roman.contains(s.lowercased())
    }

    /// The label and value of a line, split at the first `:` (or `：`), else at a TAB, else at
    /// ` = ` or ` - ` with blanks around; nil when there is no separator.
    static func split(_ line: String) -> (String, String)? {
        // In ASCII text a colon byte is a colon Character: found without walking Characters.
        if let colon = line.isASCIIOnly ? line.utf8.firstIndex(of: UInt8(ascii: ":")) : line.firstIndex(where: { $0 == ":" || $0 == "：" }) {
            let label = String(line[..<colon]).trimmingSet(" \t\u{00A0}")
            let value = String(line[line.index(after: colon)...]).trimmingSet(" \t\u{00A0}")
            // "http://…" or a time is no label.
            if label.isEmpty || label.lowercased().hasSuffix("http") || label.lowercased().hasSuffix("https") { return nil }
            return (label, value)
        }
        if let tab = line.firstIndex(of: "\t") {
            return (String(line[..<tab]).trimmingSet(" \t"), String(line[line.index(after: tab)...]).trimmingSet(" \t"))
        }
        // "Key = Value" (also "Key=Value"), then "Key - Value" with blanks around the dash.
        let characters = Array(line)
        if let eq = characters.firstIndex(of: "=") {
            let label = String(characters[..<eq]).trimmingSet(" \t")
            if !label.isEmpty { return (label, String(characters[(eq + 1)...]).trimmingSet(" \t")) }
        }
        var i = 1
        while i + 1 < characters.count {
            if (characters[i] == "-" || characters[i] == "–"), characters[i - 1] == " ", characters[i + 1] == " " {
                let label = String(characters[..<i]).trimmingSet(" \t")
                if !label.isEmpty { return (label, String(characters[(i + 1)...]).trimmingSet(" \t")) }
            }
            i += 1
        }
        return nil
    }

    /// A label in lower case with `of`, `the`, `no.`, `&`, `(NIC)`, brackets and punctuation
    /// dropped, `e-mail` written `email`, blanks collapsed (§2.3).
    static func normalize(_ label: String) -> String {
        var t = label.lowercased()
        // The replacements below only matter for labels with punctuation, a space inside a
        // word pair ("e mail") or a non-ASCII script; plain labels skip them.
        let needsReplacing = t.contains(where: { $0 == "-" || $0 == "." || $0 == "(" || !$0.isASCII }) || t.includes("e mail")
        if needsReplacing { t = t.replacingAll("(nic)", with: " ") }
        let replacements: [(String, String)] = [("e-mail", "email"), ("e mail", "email"), ("ई-मेल", "email"), ("ईमेल", "email"),
                           ("w.e.f.", "effective"), ("w.e.f", "effective"), ("mob.", "mobile "), ("no.", " "),
                           ("पासवर्ड", "password"), ("कूटशब्द", "password")]
        for (from, to) in needsReplacing ? replacements : [] {
            t = t.replacingAll(from, with: to)
        }
        let spaced = t.isASCIIOnly ? labelCharactersOfASCII(t) : labelCharactersByCharacter(t)
        let separated = spaced.replacingAll("/", with: " / ")
        let words = (separated.isASCIIOnly ? separated.asciiPieces { $0 == UInt8(ascii: " ") } : separated.split(separator: " ").map(String.init))
            .filter { !["of", "the", "no", "&", "and", "a", "an", "for", "to", "be", "in", "sh", "shri", "smt"].contains($0) }
        return words.joined(separator: " ")
    }

    /// A lower-cased ASCII label with each character but letters, digits and `/` made a
    /// space, over its bytes (`labelCharactersByCharacter` for ASCII).
    static func labelCharactersOfASCII(_ t: String) -> String {
        String(decoding: t.utf8.map { b in
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "/") ? b : UInt8(ascii: " ")
        }, as: UTF8.self)
    }

    /// A lower-cased label with each character but letters, digits, `/` and marks (the vowel
    /// signs of Indian scripts) made a space.
    static func labelCharactersByCharacter(_ t: String) -> String {
        String(t.map { c -> Character in
            if c.isLetter || c.isNumber || c == "/" || c.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .nonspacingMark || $0.properties.generalCategory == .spacingMark }) { return c }
            return " "
        })
    }

    static func has(_ words: [String], _ any: [String]) -> Bool { any.contains { words.contains($0) } }

    /// A normalized label that is only a role name.
    static func roleAlone(_ n: String) -> Role? {
        switch n {
        case "nodal officer", "nodal", "nominated nodal officer", "नोडल अधिकारी", "details nodal officer", "proposed nodal officer":
            return .nodal
        case "admin", "administrator", "admin officer", "nominated admin", "एडमिन", "details admin", "proposed admin":
            return .admin
        case "successor", "new officer", "successor officer", "incoming officer", "new holder", "उत्तराधिकारी", "details successor":
            return .successor
        default:
            return nil
        }
    }

    /// The field and role a normalized label names.
    static func classify(_ n: String) -> (FieldKey?, Role?) {
        let words = n.split(separator: " ").map(String.init)
        let joined = " " + n + " "
        func contains(_ phrase: String) -> Bool { joined.includes(" " + phrase + " ") }
        if has(words, ["password", "pwd", "passcode", "passwd"]) || contains("pass word") { return (.password, nil) }

        var role: Role?
        if contains("nodal officer") || words.contains("nodal") || contains("नोडल अधिकारी") { role = .nodal }
        else if has(words, ["admin", "administrator", "एडमिन"]) { role = .admin }
        else if has(words, ["successor", "incoming", "उत्तराधिकारी"]) || contains("new officer") || contains("new holder") { role = .successor }

        let personField: FieldKey?
        if has(words, ["email", "mail"]) || contains("email id") { personField = .email }
        else if has(words, ["mobile", "phone", "contact", "cell", "मोबाइल", "फोन"]) { personField = .mobile }
        else if has(words, ["designation", "post", "पदनाम", "पद"]) { personField = .designation }
        else if has(words, ["name", "नाम"]) { personField = .name }
        else { personField = nil }

        if let role {
            if let personField { return (personField, role) }
            if role == .successor { return (.role(.successor), .successor) }
            return (.role(role), role)
        }
        if n == "request" || n == "request type" || n == "type request" { return (.request, nil) }
        if has(words, ["code"]) { return (.mdoCode, nil) }
        if contains("generic ids") || n == "ids" || contains("ids created") || contains("generic email ids") || contains("mail ids") && !contains("email id") {
            return (.ids, nil)
        }
        if contains("generic id") || contains("generic email id") || contains("generic email") || contains("generic mail id") || n == "id" {
            return (.genericID, nil)
        }
        if has(words, ["outgoing", "relieved", "relieving"]) && !has(words, ["date"]) { return (.outgoing, nil) }
        if words.contains("reason") || words.contains("कारण") { return (.reason, nil) }
        if contains("contract end") || contains("contract end date") || (words.contains("contract") && has(words, ["end", "till", "upto", "expiry", "valid"])) {
            return (.contractEnd, nil)
        }
        if has(words, ["agency", "company", "firm", "vendor"]) { return (.agency, nil) }
        if has(words, ["effective", "date", "दिनांक", "तिथि"]) { return (.effective, nil) }
        if has(words, ["creators", "creator"]) { return (.creators, nil) }
        if has(words, ["reviewers", "reviewer"]) { return (.reviewers, nil) }
        if has(words, ["publishers", "publisher"]) { return (.publishers, nil) }
        if has(words, ["mdo", "department", "organisation", "organization", "कार्यालय", "विभाग"]) || contains("ministry / department") {
            return (.mdo, nil)
        }
        if has(words, ["ministry", "मंत्रालय"]) { return (.ministry, nil) }
        if words.contains("officer") || words.contains("अधिकारी") {
            return (personField ?? .officer, nil)
        }
        if let personField { return (personField, nil) }
        if words.contains("status") || words.contains("roster") { return (.status, nil) }
        return (nil, nil)
    }
}
