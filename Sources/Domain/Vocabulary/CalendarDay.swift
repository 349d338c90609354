/// A calendar day (proleptic Gregorian), as letters and forms use dates: effective dates,
/// contract ends. Written `YYYY-MM-DD` (ISO 8601).
public struct CalendarDay: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The year, four digits.
    public let year: Int
    /// The month, 1-12.
    public let month: Int
    /// The day of the month, 1-31 (checked against the month and leap years).
    public let day: Int

    /// A valid day, or nil (`31/11/2026` is not one).
    public init?(year: Int, month: Int, day: Int) {
        guard (1900...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= CalendarDay.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The number of days in `month` of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int { CalendarDay.days(year: year, month: month, day: day) }

    /// The day number (days since 1970-01-01, negative before it) of the proleptic Gregorian
    /// date `year`-`month`-`day`, any year (H. Hinnant's days_from_civil); `month` 1-12, `day`
    /// as the caller checked it.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    /// Orders by date.
    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    /// The day `days` after (before, when negative) this one.
    public func adding(days: Int) -> CalendarDay {
        CalendarDay(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// The day number (days since 1970-01-01, negative before it) of the day that holds the
    /// second `seconds` after 1970-01-01T00:00 of the same clock: a floor division, so that the
    /// seconds before 1970 fall on the day before, not on day 0.
    public static func days(holdingSecond seconds: Int) -> Int {
        seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    /// The day `days` days after 1970-01-01 (before it, when negative): the inverse of
    /// `daysSinceEpoch` (H. Hinnant's civil_from_days). Held to the range: a day before
    /// 1 January 1900 gives that day, one after 31 December 9999 that day. Arithmetic near the
    /// ends (the day after a contract ending 31/12/9999, a warning before one ending 01/01/1900)
    /// then stays a day, where it used to stop the process.
    public init(daysSinceEpoch given: Int) {
        let (year, month, day) = CalendarDay.civil(fromDays: min(max(given, -25_567), 2_932_896))   // 1900-01-01 ... 9999-12-31
        self.init(year: year, month: month, day: day)!
    }

    /// The proleptic Gregorian date `days` days after 1970-01-01 (before it, when negative),
    /// any year: H. Hinnant's civil_from_days, for dates outside `CalendarDay`'s range too.
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, doy - (153 * mp + 2) / 5 + 1)
    }
}
