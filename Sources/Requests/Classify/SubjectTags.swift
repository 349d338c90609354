/// Strips what mailers and the desk put in front of a Subject before its words are matched
/// (`requests.md` §2.1): reply and forward prefixes (`Re:`, `Fwd:`, `Fw:`, `Aw:`, in any case,
/// repeated, also `Re[2]:`), bracketed tags such as `[EXTERNAL]`, and the desk's own
/// `[REQ-…]` tag.
public enum SubjectTags {
    private static let prefixes = ["re", "fwd", "fw", "aw"]

    /// The Subject without its leading prefixes and bracketed tags, blanks trimmed.
    public static func strip(_ subject: String) -> String {
        var rest = Substring(subject)
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            if rest.first == "[", let close = rest.firstIndex(of: "]") {
                rest = rest[rest.index(after: close)...]
                continue
            }
            if let colon = rest.firstIndex(of: ":") {
                var word = rest[..<colon].lowercased()
                if word.hasSuffix("]"), let open = word.firstIndex(of: "["),
                   word[word.index(after: open)..<word.index(before: word.endIndex)].allSatisfy(\.isNumber) {
                    word = String(word[..<open])
                }
                if prefixes.contains(word.trimmingTrailingBlanks()) {
                    rest = rest[rest.index(after: colon)...]
                    continue
                }
            }
            break
        }
        return String(rest).trimmingTrailingBlanks()
    }
}

extension String {
    func trimmingTrailingBlanks() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return String(s)
    }
}
