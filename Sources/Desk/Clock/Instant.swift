import Foundation

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

    /// Parses an ISO 8601 date-time with a `Z` or `±HH:MM` offset and optional fractional
    /// seconds (RFC 3339 §5.6). Returns nil for anything else: a time without an offset is
    /// ambiguous and is never guessed.
    public static func parseISO8601(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        func withFraction() -> Date? {
            let fractional = ISO8601DateFormatter()
            fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return fractional.date(from: text)
        }
        guard let date = plain.date(from: text) ?? withFraction() else { return nil }
        // Foundation rolls an impossible day over (30 February is 2 March) and takes any
        // offset: a time that does not write back the same, or an offset beyond ±14:00
        // (RFC 3339's real ones), is a typing slip, not a time.
        let offsetText = text.hasSuffix("Z") || text.hasSuffix("z") ? "+00:00" : String(text.suffix(6))
        let sign: Int = offsetText.hasPrefix("-") ? -1 : 1
        let parts = offsetText.dropFirst().split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, parts[0] * 60 + parts[1] <= 14 * 60, parts[1] < 60,
              let zone = TimeZone(secondsFromGMT: sign * (parts[0] * 3600 + parts[1] * 60)) else { return nil }
        let check = ISO8601DateFormatter()
        check.formatOptions = [.withInternetDateTime]
        check.timeZone = zone
        guard check.string(from: date).prefix(19) == text.prefix(19) else { return nil }
        return date
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
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
