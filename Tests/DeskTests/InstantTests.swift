import Desk
import Domain
import Foundation
import Testing

@Suite("The run's now (--now, IDDESK_NOW)")
struct InstantTests {
    @Test("--now wins over IDDESK_NOW, which wins over the clock")
    func precedence() throws {
        let clock = { Date(timeIntervalSince1970: 1_000_000_000) }
        let env = ["IDDESK_NOW": "2026-11-24T10:15:00+05:30"]
        #expect(try Instant.resolve(option: "2026-11-24T04:45:00Z", environment: [:], clock: clock)
                == Date(timeIntervalSince1970: 1_795_495_500))
        #expect(try Instant.resolve(option: nil, environment: env, clock: clock)
                == Date(timeIntervalSince1970: 1_795_495_500))
        #expect(try Instant.resolve(option: nil, environment: [:], clock: clock) == Date(timeIntervalSince1970: 1_000_000_000))
        #expect(try Instant.resolve(option: "2026-11-24T04:45:00.250Z", environment: [:], clock: clock)
                == Date(timeIntervalSince1970: 1_795_495_500.25))
    }

    @Test("a time without an offset, or not a time, is refused naming its origin", arguments: [
        "2026-11-24T10:15:00", "2026-11-24", "tomorrow", "24/11/2026 10:15",
        "2026-02-30T10:00:00Z", "2026-11-24T25:00:00+05:30", "2026-11-24T10:15:00+99:00", "2026-11-24T10:15:00+05:75",
    ])
    func refuses(text: String) {
        #expect(throws: Instant.Failure(origin: "--now", seen: text)) {
            try Instant.resolve(option: text, environment: [:])
        }
        #expect(throws: Instant.Failure(origin: "IDDESK_NOW", seen: text)) {
            try Instant.resolve(option: nil, environment: ["IDDESK_NOW": text])
        }
    }

    @Test("a time outside 2000-9998 is refused, whether given or read from the clock", arguments: [
        "1850-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "9999-12-31T23:00:00Z", "9999-01-01T00:00:00Z",
    ])
    func outsideWindow(text: String) {
        #expect(throws: Instant.Failure(origin: "--now", seen: text, expected: Instant.windowText)) {
            try Instant.resolve(option: text, environment: [:])
        }
        #expect(throws: Instant.Failure(origin: "IDDESK_NOW", seen: text, expected: Instant.windowText)) {
            try Instant.resolve(option: nil, environment: ["IDDESK_NOW": text])
        }
    }

    @Test("a clock that lost its setting stops the run with the time it read; the window's ends are inside")
    func clockOutsideWindow() throws {
        #expect(throws: Instant.Failure(origin: "the system clock", seen: "1970-01-01T00:00:00Z", expected: Instant.windowText)) {
            try Instant.resolve(option: nil, environment: [:], clock: { Date(timeIntervalSince1970: 0) })
        }
        #expect(try Instant.resolve(option: "2000-01-01T00:00:00Z", environment: [:]) == Date(timeIntervalSince1970: 946_684_800))
        #expect(try Instant.resolve(option: "9998-12-31T23:59:59Z", environment: [:]) == Date(timeIntervalSince1970: 253_370_764_799))
    }

    @Test("real times in any real offset, with or without fractions, are read")
    func reads() throws {
        #expect(Instant.parseISO8601("2026-11-24T10:15:00+05:30") == Date(timeIntervalSince1970: 1_795_495_500))
        #expect(Instant.parseISO8601("2026-11-24T04:45:00Z") == Date(timeIntervalSince1970: 1_795_495_500))
        #expect(Instant.parseISO8601("2026-11-23T23:15:00-05:30") == Date(timeIntervalSince1970: 1_795_495_500))
        #expect(Instant.parseISO8601("2028-02-29T10:15:00.250+05:30") != nil)
        #expect(Instant.parseISO8601("2026-11-24T10:15:00+14:00") != nil)
    }

    @Test("read by hand, times agree with Foundation's ISO 8601 reader over the years, offsets and fractions")
    func agreesWithFoundation() {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SystemRandomNumberGenerator()
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        for _ in 0..<3_000 {
            let year = Int.random(in: 1900...9998, using: &random), month = Int.random(in: 1...12, using: &random)
            let day = Int.random(in: 1...CalendarDay.daysIn(month: month, year: year), using: &random)
            let offset = Int.random(in: -14 * 4...14 * 4, using: &random) * 15
            let zone = offset == 0 && Bool.random(using: &random) ? "Z"
                : (offset < 0 ? "-" : "+") + two(abs(offset) / 60) + ":" + two(abs(offset) % 60)
            let time = "\(year)-\(two(month))-\(two(day))T\(two(Int.random(in: 0...23, using: &random))):"
                + "\(two(Int.random(in: 0...59, using: &random))):\(two(Int.random(in: 0...59, using: &random)))"
            #expect(Instant.parseISO8601(time + zone) == reference.date(from: time + zone), "\(time + zone)")
            let withFraction = time + ".\(Int.random(in: 100...999, using: &random))" + zone
            let hand = Instant.parseISO8601(withFraction)?.timeIntervalSince1970
            let foundation = fractional.date(from: withFraction)?.timeIntervalSince1970
            #expect(hand != nil && foundation != nil && abs(hand! - foundation!) < 0.001, "\(withFraction)")
        }
    }

    @Test("near misses of the form are refused", arguments: [
        "2026-11-24 10:15:00Z", "2026-11-24T10:15:00+0530", "2026-11-24T10:15:60Z", "2026-11-24T10:15:00.Z",
        "2026-11-24T10:15Z", "2026-13-01T10:15:00Z", "2026-00-10T10:15:00Z", "2026-11-00T10:15:00Z",
        "2027-02-29T10:15:00Z", "2026-11-24T10:15:00+05:30 ", " 2026-11-24T10:15:00Z", "2026-11-24T10:15:00+14:01",
        "2026-11-24T10:15:00ZZ", "2026-1a-24T10:15:00Z", "+2026-11-24T10:15:00Z", "2026-11-24T10:15:00-5:30",
    ])
    func nearMisses(text: String) {
        #expect(Instant.parseISO8601(text) == nil)
    }

    @Test("recorded times are UTC with Z, as Foundation writes them")
    func utcAgrees() {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime]
        reference.timeZone = TimeZone(identifier: "UTC")
        for seconds in stride(from: -2_208_988_800.0, to: 253_370_764_800, by: 7_777_777.7) + [0, 946_684_799.5, 1_795_495_500] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Instant.utcString(date) == reference.string(from: date))
        }
    }

    @Test("recorded times are UTC with Z")
    func utc() {
        #expect(Instant.utcString(Date(timeIntervalSince1970: 1_795_495_500)) == "2026-11-24T04:45:00Z")
    }
}
