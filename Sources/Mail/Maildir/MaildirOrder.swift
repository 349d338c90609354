import Foundation

/// The order in which a pass applies mail (`workflow.md` §6): receipt time (the time in the
/// file name, else the file's modification time), then the `Date` header, then the file name.
public enum MaildirOrder {
    /// `entries` sorted. `receipt` gives an entry's receipt time (nil sorts last); `date` is
    /// asked only for entries whose receipt times tie, so reading headers costs nothing when
    /// names differ in time.
    public static func sorted(_ entries: [MaildirEntry], receipt: (MaildirEntry) -> Date?,
                              date: (MaildirEntry) -> Date?) -> [MaildirEntry] {
        let keyed = entries.map { (entry: $0, receipt: receipt($0)) }
        let counts = Dictionary(grouping: keyed, by: { $0.receipt }).mapValues(\.count)
        var dates: [String: Date?] = [:]
        for item in keyed where counts[item.receipt, default: 0] > 1 {
            dates[item.entry.name] = date(item.entry)
        }
        return keyed.sorted { a, b in
            switch (a.receipt, b.receipt) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: break
            }
            let da = dates[a.entry.name] ?? nil, db = dates[b.entry.name] ?? nil
            switch (da, db) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.entry.name < b.entry.name
            }
        }.map(\.entry)
    }
}
