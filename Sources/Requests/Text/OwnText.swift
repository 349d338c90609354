import Domain
import Foundation
import Mail

/// The sender's own words in a mail body (`requests.md` §2.5): quoted text (`>` lines, and
/// everything after a reply or forward header) and the signature are not read.
public struct OwnText: Sendable, Equatable {
    /// The sender's own lines, blanks at line ends trimmed.
    public var lines: [String]
    /// The text after a forward header (`---------- Forwarded message ---------`,
    /// `-----Original Message-----` under a `Fw:` subject), for forwards; nil when none.
    public var forwarded: [String]?

    /// Splits `text` (LF line ends).
    public init(_ text: String) {
        let all = text.linesAtLF.map { OwnText.trimEnd(Substring($0)) }
        var own: [String] = []
        var forwarded: [String]?
        var i = 0
        scan: while i < all.count {
            let line = all[i]
            let trimmed = line.trimmingSet(" \t")
            if trimmed.hasPrefix(">") { i += 1; continue }
            if OwnText.isSignatureDelimiter(line) || OwnText.isClosingLine(trimmed) { break scan }
            if let headerEnd = OwnText.replyHeader(all, at: i) {
                forwarded = Array(all[headerEnd...])
                // Apple Mail forwards in a quotation (`<blockquote type="cite">`, read as `> `
                // lines): after a forward header, a part quoted whole is the forwarded mail.
                if trimmed.lowercased().contains("forward"), let part = forwarded {
                    forwarded = OwnText.unquotedOnce(part)
                }
                break scan
            }
            own.append(line)
            i += 1
        }
        while let last = own.last, last.trimmingSet(" \t").isEmpty { own.removeLast() }
        self.lines = own
        self.forwarded = forwarded
    }

    /// `lines` with one level of `>` quoting taken off, when every line that is not blank is
    /// quoted; otherwise `lines` as they are.
    static func unquotedOnce(_ lines: [String]) -> [String] {
        let quoted = lines.filter { !$0.trimmingSet(" \t").isEmpty }
        guard !quoted.isEmpty, quoted.allSatisfy({ $0.trimmingSet(" \t").hasPrefix(">") }) else { return lines }
        return lines.map { line in
            var rest = Substring(line.trimmingSet(" \t"))
            guard rest.first == ">" else { return line }
            rest = rest.dropFirst()
            if rest.first == " " { rest = rest.dropFirst() }
            return String(rest)
        }
    }

    static func trimEnd(_ s: Substring) -> String {
        var t = s
        while let l = t.last, l == " " || l == "\t" || l == "\r" || l == "\u{00A0}" { t = t.dropLast() }
        return String(t)
    }

    /// `-- ` (and `--` alone, as many clients strip the blank).
    static func isSignatureDelimiter(_ line: String) -> Bool {
        line == "-- " || line == "--"
    }

    static let closings: Set<String> = [
        "regards", "thanks & regards", "thanks and regards", "thanks n regards", "thanks & rgds", "warm regards",
        "best regards", "kind regards", "with regards", "with warm regards", "with best regards", "rgds", "regds",
        "yours faithfully", "yours sincerely", "yours truly", "sincerely", "faithfully", "thanking you",
        "thanking you, yours faithfully", "best wishes", "with best wishes",
        "सादर", "धन्यवाद", "भवदीय", "भवदीया", "सधन्यवाद", "आपका", "शुभकामनाओं सहित",
    ]

    /// A closing line standing alone (`Regards`, `Yours faithfully,`, `सादर`).
    static func isClosingLine(_ trimmed: String) -> Bool {
        var t = trimmed.lowercased()
        while let l = t.last, l == "," || l == "." || l == "!" || l == ":" || l == " " { t.removeLast() }
        return closings.contains(t)
    }

    /// When a reply or forward header starts at line `i`, the index of the first line after it.
    static func replyHeader(_ lines: [String], at i: Int) -> Int? {
        let t = lines[i].trimmingSet(" \t*")
        let lower = t.lowercased()
        // -----Original Message----- (Outlook), ----- Original Message ----- (Zimbra),
        // ---------- Forwarded message --------- (Gmail), -------- Original message -------- (mobile).
        if lower.hasPrefix("--") {
            let core = lower.trimmingSet("-_ ").filter { $0 != " " }
            if ["originalmessage", "forwardedmessage", "originalmail", "forwardedmail"].contains(core) { return i + 1 }
        }
        if lower == "begin forwarded message:" { return i + 1 }
        // Outlook's separator line: a run of underscores, then From:/Sent: (or प्रेषक:).
        if t.count >= 10, t.allSatisfy({ $0 == "_" }) {
            return i + 1
        }
        // A From:/प्रेषक: line followed within four lines by Sent:/Date:/भेजा गया:.
        if lower.hasPrefix("from:") || t.hasPrefix("प्रेषक:") {
            for j in (i + 1)..<min(lines.count, i + 5) {
                let n = lines[j].trimmingSet(" \t*").lowercased()
                if n.hasPrefix("sent:") || n.hasPrefix("date:") || n.hasPrefix("भेजा गया:") || n.hasPrefix("दिनांक:") {
                    return i
                }
            }
        }
        if t.hasPrefix("भेजा गया:") { return i }
        // Gmail and Thunderbird: "On <date>, <name> wrote:" (perhaps over two lines).
        if lower.hasPrefix("on ") {
            if lower.hasSuffix("wrote:") { return i + 1 }
            if i + 1 < lines.count, lines[i + 1].lowercased().trimmingSet(" \t").hasSuffix("wrote:") { return i + 2 }
        }
        if lower.hasSuffix(" wrote:") && (lower.includes("@") || lower.includes(",")) { return i + 1 }
        // Gmail in Hindi: "<date> को <name> <address> ने लिखा:" (not "मैंने लिखा:", "I wrote:").
        if t.hasSuffix(" ने लिखा:") && (t.contains("@") || t.contains(" को ")) { return i + 1 }
        return nil
    }
}

extension String {
    /// The string without leading and trailing characters of `set`.
    func trimmingSet(_ set: String) -> String { trimming(set) }
}
