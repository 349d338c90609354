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

    /// `date` in `[office] time_zone`, to the minute, with the zone's offset:
    /// `2026-11-24 10:04 +05:30` (the same arithmetic as `officeDay`, no formatter to make).
    public func officeTime(_ date: Date) -> String {
        let offset = office.timeZone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let minutes = (local - CalendarDay.days(holdingSecond: local) * 86_400) / 60
        let sign = offset < 0 ? "-" : "+"
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(officeDay(date)) \(two(minutes / 60)):\(two(minutes % 60)) \(sign)\(two(abs(offset) / 3600)):\(two(abs(offset) % 3600 / 60))"
    }
}
