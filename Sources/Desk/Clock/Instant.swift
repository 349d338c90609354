import Domain
import Foundation
import Registry

/// Reading "now" for a run of the desk. Rules never read the clock: the command line reads
/// it once, here, from `--now`, else `IDDESK_NOW`, else the system clock, and passes it on
/// (`cli.md`; tests and demos pin it).
public enum Instant {
    /// Why a given time was refused.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        /// `--now`, `IDDESK_NOW` or `the system clock`.
        public let origin: String
        /// The text seen.
        public let seen: String
        /// What was expected instead.
        public let expected: String

        /// Makes a failure for `seen`, given through `origin`; by default, for a text that is
        /// not a time.
        public init(origin: String, seen: String, expected: String = Instant.form) {
            self.origin = origin
            self.seen = seen
            self.expected = expected
        }

        /// One line naming the option or variable, the value and what was expected.
        public var description: String { "\(origin) \"\(seen)\": expected \(expected)" }
    }

    /// The form a given time must have.
    public static let form = "an ISO 8601 time with its offset, like 2026-11-24T10:15:00+05:30 or 2026-11-24T04:45:00Z"

    /// The times a run may have, 2000-01-01T00:00:00Z up to 9999-01-01T00:00:00Z (seconds
    /// since 1970): request numbers carry a four-digit year (`REQ-YYYY-NNNNNN`), and the office
    /// day of any time in this window is a calendar day the registry can write.
    public static let window = Date(timeIntervalSince1970: 946_684_800)..<Date(timeIntervalSince1970: 253_370_764_800)

    /// What a time outside `window` is told.
    public static let windowText = "a time from 2000-01-01 to 9998-12-31 (request numbers carry a four-digit year)"

    /// Parses an RFC 3339 date-time (§5.6): `YYYY-MM-DDTHH:MM:SS`, optional fractional
    /// seconds, and a `Z` or `±HH:MM` offset (at most ±14:00, the real ones). Returns nil for
    /// anything else: a time without an offset is ambiguous and is never guessed, and an
    /// impossible day (30 February), hour or minute is a typing slip, not a time.
    ///
    /// Read by hand: Foundation's ISO8601DateFormatter cost more to make (ICU) than the rest of
    /// a short `iddesk process` run's start.
    public static func parseISO8601(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 20 else { return nil }
        func number(_ at: Int, _ width: Int) -> Int? {
            var value = 0
            for i in at..<at + width {
                guard i < b.count, b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                value = value * 10 + Int(b[i] - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), b[4] == 0x2D, let month = number(5, 2), b[7] == 0x2D, let day = number(8, 2),
              b[10] == 0x54 || b[10] == 0x74, let hour = number(11, 2), b[13] == 0x3A, let minute = number(14, 2),
              b[16] == 0x3A, let second = number(17, 2),
              (1...12).contains(month), day >= 1, day <= CalendarDay.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        var at = 19
        var fraction = 0.0
        if at < b.count, b[at] == 0x2E {
            at += 1
            var scale = 0.1
            let first = at
            while at < b.count, b[at] >= 0x30, b[at] <= 0x39 {
                fraction += Double(b[at] - 0x30) * scale
                scale /= 10
                at += 1
            }
            guard at > first else { return nil }
        }
        let offsetSeconds: Int
        if at + 1 == b.count, b[at] == 0x5A || b[at] == 0x7A {
            offsetSeconds = 0
        } else {
            guard at + 6 == b.count, b[at] == 0x2B || b[at] == 0x2D, let hours = number(at + 1, 2), b[at + 3] == 0x3A,
                  let minutes = number(at + 4, 2), minutes < 60, hours * 60 + minutes <= 14 * 60 else { return nil }
            offsetSeconds = (b[at] == 0x2D ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        let seconds = CalendarDay.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(seconds - offsetSeconds) + fraction)
    }

    /// The run's "now": `option` when given, else the environment's `IDDESK_NOW`, else `clock()`.
    ///
    /// - Throws: `Failure` when the given text is not an ISO 8601 time with an offset, or when
    ///   the time, given or read from the clock (one that lost its setting reads 1970), is
    ///   outside `window`: such a time cannot number a request, and nothing is done with it.
    public static func resolve(option: String?, environment: [String: String],
                               clock: () -> Date = Date.init) throws(Failure) -> Date {
        let (origin, seen, date): (String, String, Date)
        if let option {
            guard let given = parseISO8601(option) else { throw Failure(origin: "--now", seen: option) }
            (origin, seen, date) = ("--now", option, given)
        } else if let value = environment["IDDESK_NOW"], !value.isEmpty {
            guard let given = parseISO8601(value) else { throw Failure(origin: "IDDESK_NOW", seen: value) }
            (origin, seen, date) = ("IDDESK_NOW", value, given)
        } else {
            let read = clock()
            (origin, seen, date) = ("the system clock", utcString(read), read)
        }
        guard window.contains(date) else { throw Failure(origin: origin, seen: seen, expected: windowText) }
        return date
    }

    /// `date` as ISO 8601 in UTC with `Z` (`2026-11-24T04:45:00Z`), the form the desk records.
    public static func utcString(_ date: Date) -> String {
        RegistryTransaction.utc(date)
    }
}
