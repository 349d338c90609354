/// Text as the desk prints it for people: the pass report of `iddesk process`, the tables of
/// `roster`, `requests` and `outbox`, `inspect`, and the log.
///
/// Control characters (C0 but the tab, DEL, C1, U+2028, U+2029) and the marks that reorder a
/// line on screen (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) are dropped, and a line
/// feed shows as `⏎`. A value from a mail (a subject, a name, a CSV cell, a file name) can so
/// never start a line of its own in the desk's output and pass for a line the desk wrote, nor
/// disguise what it is (workflow.md §3 does the same for letters).
public enum PrintableText {
    /// `text` on one line, or with its line feeds kept when `keepNewlines` (the body that
    /// `inspect` shows, a line of its own per line of the mail).
    public static func line(_ text: String, keepNewlines: Bool = false) -> String {
        // Most values are printable ASCII: nothing to copy.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s.value {
            case 0x0A: if keepNewlines { out.append(s) } else { out.append(contentsOf: "⏎".unicodeScalars) }
            case 0x09: out.append(s)
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C, 0x2028, 0x2029: continue
            default: out.append(s)
            }
        }
        return String(out)
    }
}
