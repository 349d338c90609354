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
        var tokens: [Substring] = []
        var depth = 0
        var current = ""
        var cleaned = ""
        for c in text {
            if c == "(" { depth += 1; cleaned.append(" "); continue }
            if c == ")" { depth = max(0, depth - 1); cleaned.append(" "); continue }
            if depth == 0 { cleaned.append(c) }
        }
        current = cleaned
        tokens = current.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" || $0 == "\n" })
        // "24-Nov-2026" or "24/Nov/2026": split the date parts too.
        tokens = tokens.flatMap { t -> [Substring] in
            if !t.contains(":"), !(t.first == "+" || t.first == "-"), t.contains("-") || t.contains("/") {
                return t.split(whereSeparator: { $0 == "-" || $0 == "/" })
            }
            return [t]
        }
        var day: Int?, month: Int?, year: Int?
        var hour: Int?, minute: Int?, second = 0
        var offset: Int?
        for token in tokens {
            let lower = token.lowercased()
            if token.contains(":") {
                let parts = token.split(separator: ":")
                guard hour == nil, parts.count >= 2, let h = Int(parts[0]), let m = Int(parts[1].prefix(2)) else { continue }
                hour = h; minute = m
                if parts.count >= 3, let s = Int(parts[2].prefix(2)) { second = s }
            } else if (token.first == "+" || token.first == "-"), token.count == 5, let v = Int(token.dropFirst()) {
                let minutes = (v / 100) * 60 + v % 100
                offset = (token.first == "-" ? -1 : 1) * minutes * 60
            } else if let m = MessageDate.months.firstIndex(where: { lower.hasPrefix($0) }), lower.count >= 3, month == nil,
                      lower.allSatisfy(\.isLetter) {
                month = m + 1
            } else if let n = Int(token) {
                if day == nil, token.count <= 2, month == nil || year == nil { day = n }
                else if year == nil { year = token.count <= 2 ? (n < 50 ? 2000 + n : 1900 + n) : (token.count == 3 ? 1900 + n : n) }
                else if day == nil { day = n }
            } else if offset == nil, let hours = MessageDate.zones[lower] {
                offset = lower == "ist" ? 19_800 : hours * 3600
            }
        }
        guard let day, let month, let year, let hour, let minute,
              (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let zoneOffset = offset ?? 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let base = calendar.date(from: DateComponents(year: year, month: month, day: day,
                                                            hour: hour, minute: minute, second: min(second, 59)))
        else { return nil }
        self.instant = base.addingTimeInterval(TimeInterval(-zoneOffset))
        self.offsetSeconds = zoneOffset
    }

    /// The date as RFC 5322 §3.3 writes it, in the given offset: `Tue, 24 Nov 2026 10:15:00 +0530`.
    public static func rfc5322(_ date: Date, offsetSeconds: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offsetSeconds) ?? TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.weekday, .year, .month, .day, .hour, .minute, .second], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let sign = offsetSeconds < 0 ? "-" : "+"
        let abs = Swift.abs(offsetSeconds)
        return "\(weekdays[c.weekday! - 1]), \(c.day!) \(monthNames[c.month! - 1]) \(MessageDate.pad(c.year!, 4)) "
            + "\(MessageDate.pad(c.hour!)):\(MessageDate.pad(c.minute!)):\(MessageDate.pad(c.second!)) \(sign)\(MessageDate.pad(abs / 3600))\(MessageDate.pad(abs % 3600 / 60))"
    }
}
