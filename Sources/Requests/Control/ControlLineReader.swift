import Domain

/// Control lines of DoPT/SPV and NIC (`requests.md` §4): a line whose first word (after any
/// bullet) is APPROVE, REJECT, CREATED, REFUSED or RESET DONE, any case, among the first 20
/// non-blank lines of the sender's own text, or the Subject. `approved` counts only when
/// nothing but the number and code follow; a line starting with `not` or `cannot` never
/// counts. Number and code come from the line, else from the Subject tag `[REQ-…/CODE]`.
struct ControlLineReader {
    let idDomain: String

    /// The desk's tag in a Subject: `[REQ-2026-000001]` or `[REQ-2026-000001/K7Q4M2PX]`.
    static func subjectTag(_ subject: String) -> (RequestNumber, ActionCode?)? {
        var rest = Substring(subject)
        while let open = rest.firstIndex(of: "[") {
            guard let close = rest[open...].firstIndex(of: "]") else { break }
            let inner = rest[rest.index(after: open)..<close]
            let parts = inner.split(separator: "/", maxSplits: 1)
            if let first = parts.first, let number = RequestNumber(String(first).trimmingSet(" ")) {
                return (number, parts.count > 1 ? ActionCode(String(parts[1]).trimmingSet(" ")) : nil)
            }
            rest = rest[rest.index(after: close)...]
        }
        return nil
    }

    /// The control lines of a mail.
    func read(subject: String, ownLines: [String]) -> [ControlLine] {
        let tag = ControlLineReader.subjectTag(subject)
        var lines: [ControlLine] = []
        // Outlook and web mail leave zero-width characters around words (U+200B, U+FEFF…):
        // invisible, they must not hide a control line.
        let candidates = ownLines.map { ControlLineReader.visible($0).trimmingSet(" \t\u{00A0}") }.filter { !$0.isEmpty }.prefix(20)
        for text in candidates {
            if let line = parse(FieldLine.stripBullet(text), tag: tag) { lines.append(line) }
        }
        let fromSubject = parse(SubjectTags.strip(subject), tag: tag)
        if lines.isEmpty {
            if let fromSubject { lines.append(fromSubject) }
        } else if let fromSubject, fromSubject.word == .approve || fromSubject.word == .reject,
                  !lines.contains(where: { $0.word == fromSubject.word && $0.request == fromSubject.request }) {
            // The Subject is a control line too (§4): an APPROVE there and a REJECT in the body
            // for one request must refuse the mail whole, not let the body's line win.
            lines.insert(fromSubject, at: 0)
        }
        return lines
    }

    /// Zero-width characters: invisible, dropped from a candidate control line.
    static let zeroWidth: Set<UInt32> = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]

    /// `line` without zero-width characters (U+200B-U+200D, U+2060, U+FEFF).
    static func visible(_ line: String) -> String {
        // All of them are outside ASCII: an ASCII line has none.
        guard !line.isASCIIOnly, line.unicodeScalars.contains(where: { zeroWidth.contains($0.value) }) else { return line }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: line.unicodeScalars.filter { !zeroWidth.contains($0.value) })
        return String(out)
    }

    /// The words a control line can open with, lower-cased (`RESET` then `DONE`).
    static let firstWords: Set<String> = ["approve", "approved", "reject", "rejected", "created", "refused", "refuse", "reset"]

    /// One line read as a control line, or nil when it is not one.
    func parse(_ text: String, tag: (RequestNumber, ActionCode?)?) -> ControlLine? {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" }
        // The first word decides whether the line is a control line at all: most lines of a
        // mail are not, and are not split further.
        guard let firstRaw = text.split(maxSplits: 1, whereSeparator: isBlank).first else { return nil }
        let first = String(firstRaw).lowercased().trimmingSet(":,.-")
        guard ControlLineReader.firstWords.contains(first) else { return nil }
        var tokens = text.split(whereSeparator: isBlank).map(String.init)
        let word: ControlWord
        var approvedForm = false
        switch first {
        case "approve", "approved": word = .approve; approvedForm = first == "approved"
        case "reject", "rejected": word = .reject
        case "created": word = .created
        case "refused", "refuse": word = .refused
        case "reset":
            guard tokens.count > 1, tokens[1].lowercased().trimmingSet(":,.-") == "done" else { return nil }
            word = .resetDone
            tokens.removeFirst()
        default: return nil
        }
        tokens.removeFirst()
        var request: RequestNumber?
        var code: ActionCode?
        var ids: [GenericID] = []
        var problems: [Problem] = []
        var reasonWords: [String] = []
        var index = 0
        // Number, then code.
        if index < tokens.count, let n = RequestNumber(tokens[index].trimmingSet(",.:;[]()")) {
            request = n
            index += 1
            if index < tokens.count, let c = ActionCode(tokens[index].trimmingSet(",.:;[]()")) {
                code = c
                index += 1
            }
        } else if index < tokens.count, tokens[index].includes("/"),
                  let tagged = ControlLineReader.subjectTag("[" + tokens[index].trimmingSet("[](),.") + "]") {
            request = tagged.0
            code = tagged.1
            index += 1
        }
        // The IDs a line names, in the grammar's place: anywhere after the code for CREATED and
        // RESET DONE, before the reason for REFUSED; REJECT names none. A word that reads as
        // an attempt at an ID but is not one of ours (`igotdoptcc1`, `cc1`, `x@gmail.com`)
        // refuses the line: read as no ID at all, it would act on every ID of the request.
        var inReason = word == .reject || word == .approve
        for token in tokens[index...] {
            let t = token.trimmingSet(",.;()<>[]\"'")
            if !inReason, let id = try? GenericID.parse(t, domain: idDomain).get(), t.includes("@") {
                ids.append(id)
            } else if !inReason, ControlLineReader.looksLikeID(t) {
                problems.append(Problem(field: word.rawValue, seen: t, expected: "a generic ID of the request, like igotdoptcc1@\(idDomain)"))
            } else {
                reasonWords.append(token)
                if word == .refused { inReason = true }
            }
        }
        // A number written wrong (`REQ-2026-1`, `REQ 2026 000001`) still makes a control line,
        // refused for its number: read as prose, it would become a new request of its own.
        let numberAttempt = request == nil && tokens.first.map { $0.uppercased().hasPrefix("REQ") } == true
        if !numberAttempt {
            if approvedForm && !reasonWords.isEmpty { return nil }   // "approved by the competent authority"
            // With no number on the line, a line that says more than its word (and the IDs it
            // names) is prose, tagged Subject or not: the tag gives number and code only to a
            // line that gives only the word (§4). "Created ticket #4567 for your mail" from a
            // helpdesk, or "Approve subject to verification…", must not act.
            if word == .approve || word == .created || word == .resetDone, request == nil, !reasonWords.isEmpty { return nil }
        }
        if request == nil, let (n, c) = tag {
            request = n
            if code == nil { code = c }
        }
        if request == nil {
            problems.append(Problem(field: word.rawValue, seen: text, expected: "the request number, like \(word.rawValue) REQ-2026-000001 CODE"))
        }
        if code == nil {
            problems.append(Problem(field: word.rawValue, seen: text, expected: "the action code from the desk's letter (8 characters), like \(word.rawValue) REQ-2026-000001 K7Q4M2PX"))
        }
        // APPROVE, CREATED and RESET DONE take no text: a second request number after the
        // first would otherwise be dropped without a word.
        if word != .reject && word != .refused,
           let second = reasonWords.first(where: { RequestNumber($0.trimmingSet(",.:;[]()")) != nil }) {
            problems.append(Problem(field: word.rawValue, seen: second, expected: "one request per line: put \(second.trimmingSet(",.:;[]()")) on a line of its own"))
        }
        let reason = reasonWords.joined(separator: " ").trimmingSet(" -–:")
        if (word == .reject || word == .refused) && reason.isEmpty {
            problems.append(Problem(field: word.rawValue, seen: text, expected: "a reason after the number and code, to quote to the MDO"))
        }
        return ControlLine(word: word, request: request, code: code,
                           reason: (word == .reject || word == .refused) && !reason.isEmpty ? reason : nil,
                           ids: ids, problems: problems)
    }

    /// True for a word written as an ID but not a valid one: an address, `igot…`, or a slot
    /// alone (`cc1`, `cr2`, `cp`, `nodal`, `admin`).
    static func looksLikeID(_ word: String) -> Bool {
        let w = word.lowercased()
        if w.includes("@") || w.hasPrefix("igot") || w == "nodal" || w == "admin" { return true }
        guard let prefix = ["cc", "cr", "cp"].first(where: { w.hasPrefix($0) }) else { return false }
        return w.dropFirst(prefix.count).allSatisfy(\.isNumber)
    }
}
