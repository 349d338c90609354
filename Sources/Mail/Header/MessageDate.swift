import Foundation

/// A `Date` field's value (RFC 5322 §3.3, with the obsolete forms of §4.3): the instant, and
/// the offset the sender wrote, so that the desk can show the date as written and compute in UTC.
public struct MessageDate: Sendable, Equatable {
    /// The instant, UTC.
    public var instant: Date
    /// The sender's offset from UTC, in seconds (+19800 for +0530).
    public var offsetSeconds: Int

    /// Makes a date from its instant and the offset to show it in.
    public init(instant: Date, offsetSeconds: Int) {
        self.instant = instant
        self.offsetSeconds = offsetSeconds
    }

    /// ISO 8601 in the sender's own offset: `2026-11-24T10:15:00+05:30` (`Z` for +00:00).
    public var iso8601: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offsetSeconds) ?? TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        let sign = offsetSeconds < 0 ? "-" : "+"
        let abs = Swift.abs(offsetSeconds)
        let zone = offsetSeconds == 0 ? "Z" : sign + MessageDate.pad(abs / 3600) + ":" + MessageDate.pad(abs % 3600 / 60)
        return MessageDate.pad(c.year!, 4) + "-" + MessageDate.pad(c.month!) + "-" + MessageDate.pad(c.day!) + "T"
            + MessageDate.pad(c.hour!) + ":" + MessageDate.pad(c.minute!) + ":" + MessageDate.pad(c.second!) + zone
    }

    /// `n` in decimal, left-padded with zeros to `width` digits.
    static func pad(_ n: Int, _ width: Int = 2) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    /// RFC 5322 §4.3 zone names, and IST, which mail from Indian offices writes for +0530.
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "edt": -4, "est": -5, "cdt": -5, "cst": -6,
        "mdt": -6, "mst": -7, "pdt": -7, "pst": -8, "ist": 5,
    ]

    /// Reads a Date field value; nil when no day, month, year and time can be found.
    /// Accepts a missing weekday, missing seconds, two- and three-digit years (§4.3: 00-49 →
    /// 20xx, 50-999 → +1900), zone names, a missing zone (read as UTC), comments such as
    /// `(IST)`, and `-` or `/` between the date's parts.
    public init?(parsing text: String) {
        // Tokens: runs of letters, runs of digits (with ':' inside a time), and signed zones.
        var day: Int?, month: Int?, year: Int?
        var hour: Int?, minute: Int?, second = 0
        var offset: Int?
        var bytes = Array(text.utf8)
        // Comments never carry the date; blank them out (a zone name in one is read below
        // only when no other zone is given).
        var depth = 0
        var commentZone: Int?
        var commentStart = 0
        for i in bytes.indices {
            if bytes[i] == UInt8(ascii: "(") { if depth == 0 { commentStart = i + 1 }; depth += 1; bytes[i] = 0x20 }
            else if bytes[i] == UInt8(ascii: ")"), depth > 0 {
                depth -= 1
                if depth == 0 {
                    let name = String(decoding: bytes[commentStart..<i], as: UTF8.self).lowercased().filter { $0 != " " }
                    if let z = MessageDate.zones[name] { commentZone = name == "ist" ? 19_800 : z * 3600 }
                }
                bytes[i] = 0x20
            } else if depth > 0 { bytes[i] = 0x20 }
        }
        var i = 0
        let n = bytes.count
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        while i < n {
            let b = bytes[i]
            if isDigit(b) {
                var j = i
                var value = 0
                while j < n, isDigit(bytes[j]) { value = value &* 10 &+ Int(bytes[j] - 0x30); j += 1 }
                let digits = j - i
                if j < n, bytes[j] == UInt8(ascii: ":"), hour == nil {
                    // hh:mm[:ss]
                    var k = j + 1
                    var m = 0, md = 0
                    while k < n, isDigit(bytes[k]), md < 2 { m = m * 10 + Int(bytes[k] - 0x30); k += 1; md += 1 }
                    hour = value; minute = m
                    if k < n, bytes[k] == UInt8(ascii: ":") {
                        var sv = 0, sd = 0
                        k += 1
                        while k < n, isDigit(bytes[k]), sd < 2 { sv = sv * 10 + Int(bytes[k] - 0x30); k += 1; sd += 1 }
                        second = sv
                    }
                    while k < n, isDigit(bytes[k]) || bytes[k] == UInt8(ascii: ".") { k += 1 }
                    i = k
                    continue
                }
                if i > 0, (bytes[i - 1] == UInt8(ascii: "+") || bytes[i - 1] == UInt8(ascii: "-")), digits == 4, hour != nil, offset == nil {
                    // A real zone is within ±14:00 with minutes under 60; anything else is
                    // read as -0000 (RFC 5322 §4.3: an unknown zone means UTC).
                    if value / 100 <= 14, value % 100 < 60 {
                        let minutes = (value / 100) * 60 + value % 100
                        offset = (bytes[i - 1] == UInt8(ascii: "-") ? -1 : 1) * minutes * 60
                    } else {
                        offset = 0
                    }
                } else if day == nil, digits <= 2, month == nil || year == nil {
                    day = value
                } else if year == nil {
                    year = digits <= 2 ? (value < 50 ? 2000 + value : 1900 + value) : (digits == 3 ? 1900 + value : value)
                } else if day == nil {
                    day = value
                }
                i = j
            } else if isLetter(b) {
                var j = i
                while j < n, isLetter(bytes[j]) { j += 1 }
                let word = String(decoding: bytes[i..<j], as: UTF8.self).lowercased()
                if month == nil, word.count >= 3, let m = MessageDate.months.firstIndex(where: { word.hasPrefix($0) }) {
                    month = m + 1
                } else if offset == nil, hour != nil, let z = MessageDate.zones[word] {
                    offset = word == "ist" ? 19_800 : z * 3600
                }
                i = j
            } else {
                i += 1
            }
        }
        guard let day, let month, let year, let hour, let minute,
              (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              (1...9999).contains(year), day <= MessageDate.daysIn(month: month, year: year)
        else { return nil }
        let zoneOffset = offset ?? commentZone ?? 0
        let days = MessageDate.daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - zoneOffset
        self.instant = Date(timeIntervalSince1970: TimeInterval(seconds))
        self.offsetSeconds = zoneOffset
    }

    /// The number of days in `month` of `year` (31 Feb is no date).
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date `days` days after 1970-01-01 (before it, when negative):
    /// the inverse of `daysFromCivil` (H. Hinnant's civil_from_days). Pure arithmetic: Foundation's
    /// `Calendar` took several microseconds a date, and every letter sent writes one. (Domain's
    /// `CalendarDay` has the same arithmetic; Mail depends on Foundation only, DESIGN.md.)
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, doy - (153 * mp + 2) / 5 + 1)
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The date as RFC 5322 §3.3 writes it, in the given offset: `Tue, 24 Nov 2026 10:15:00 +0530`
    /// (fractions of a second dropped).
    public static func rfc5322(_ date: Date, offsetSeconds: Int) -> String {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offsetSeconds
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let second = local - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let weekday = ((days + 4) % 7 + 7) % 7   // 1970-01-01 was a Thursday
        let sign = offsetSeconds < 0 ? "-" : "+"
        let abs = Swift.abs(offsetSeconds)
        return "\(weekdays[weekday]), \(day) \(monthNames[month - 1]) \(MessageDate.pad(year, 4)) "
            + "\(MessageDate.pad(second / 3600)):\(MessageDate.pad(second % 3600 / 60)):\(MessageDate.pad(second % 60)) \(sign)\(MessageDate.pad(abs / 3600))\(MessageDate.pad(abs % 3600 / 60))"
    }
}
