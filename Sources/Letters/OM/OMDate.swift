import Domain
import Foundation

/// Dates as the OM writes them: `24th November, 2021` — ordinal day, full English month
/// name, a comma, the four-digit year — on the office's calendar day (`workflow.md` §3).
public enum OMDate {
    private static let months = ["January", "February", "March", "April", "May", "June", "July",
                                 "August", "September", "October", "November", "December"]

    /// The calendar day of `date` in `timeZone`, written in the OM's style.
    public static func format(_ date: Date, timeZone: TimeZone) -> String {
        // The zone's offset at that instant, then arithmetic: Foundation's `Calendar` took
        // several microseconds, once for every letter composed.
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        let (year, month, day) = CalendarDay.civil(fromDays: CalendarDay.days(holdingSecond: local))
        return "\(day)\(ordinalSuffix(day)) \(months[month - 1]), \(year)"
    }

    /// `st`, `nd`, `rd` or `th` for a day of the month (11th, 12th and 13th take `th`).
    public static func ordinalSuffix(_ day: Int) -> String {
        if (11...13).contains(day % 100) { return "th" }
        switch day % 10 {
        case 1: return "st"
        case 2: return "nd"
        case 3: return "rd"
        default: return "th"
        }
    }
}
