import Domain
import Foundation

extension Configuration {
    /// The calendar day of `date` in `[office] time_zone` (requests.md §1: "today", date
    /// windows and the REQ year are office days).
    public func officeDay(_ date: Date) -> CalendarDay {
        // The zone's offset at that instant, then arithmetic: total for any date (held to
        // CalendarDay's range), where a Calendar's components were force-unwrapped into one.
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + office.timeZone.secondsFromGMT(for: date)
        return CalendarDay(daysSinceEpoch: CalendarDay.days(holdingSecond: local))
    }
}
