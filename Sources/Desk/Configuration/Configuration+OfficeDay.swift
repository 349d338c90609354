import Domain
import Foundation

extension Configuration {
    /// The calendar day of `date` in `[office] time_zone` (requests.md §1: "today", date
    /// windows and the REQ year are office days).
    func officeDay(_ date: Date) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = office.timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDay(year: c.year!, month: c.month!, day: c.day!)!
    }
}
