/// What one pass did (`cli.md`, `iddesk process`): a line per mail, then a total.
public struct PassReport: Sendable {
    /// One mail's line: its file, the request number and command when it had them, and the outcome.
    public struct Line: Sendable, Equatable {
        /// The mail's file name in `new/`.
        public var file: String
        /// `REQ-…`, or nil.
        public var requestNumber: String?
        /// The command (`nomination`, `allocation`, …), or nil.
        public var command: String?
        /// What happened, for people (`filed to .Refused: not understood`).
        public var outcome: String
    }

    /// True when another process held the maildir for the whole wait: nothing was done.
    public var busy: Bool = false
    /// One line per mail handled, in the order applied.
    public var lines: [Line] = []
    /// Mails listed but gone before they could be read (an operator moved them).
    public var vanished: [String] = []
    /// Stale `tmp/` files removed at the start.
    public var staleTemporaryFiles: [String] = []
    /// True when a stop was asked for and mail was left for the next pass.
    public var stoppedEarly: Bool = false
    /// The time-driven work done after the mails (workflow §9): a line per reminder or summary.
    public var scheduled: [String] = []

    /// The report's lines as aligned text, then the total.
    public var text: String {
        if busy { return "busy: another iddesk process holds the maildir; nothing done" }
        var out: [String] = []
        let width = min(60, lines.map(\.file.count).max() ?? 0)
        // The outcome quotes what a mail said (a subject, a CSV cell): one line each, whatever
        // it held.
        for line in lines {
            out.append([PrintableText.line(line.file).paddedColumn(width), PrintableText.line(line.requestNumber ?? "-").paddedColumn(15),
                        PrintableText.line(line.command ?? "-").paddedColumn(11), PrintableText.line(line.outcome)].joined(separator: "  "))
        }
        var total = "\(lines.count) mail\(lines.count == 1 ? "" : "s") handled"
        if !vanished.isEmpty { total += ", \(vanished.count) vanished before reading" }
        if stoppedEarly { total += "; stopped early, the rest waits for the next pass" }
        out.append(total)
        out += scheduled.map { "time-driven: " + PrintableText.line($0) }
        return out.joined(separator: "\n")
    }
}
