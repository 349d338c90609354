import Foundation
import Letters
import Testing

@Suite("OM dates (workflow.md §3)")
struct OMDateTests {
    let kolkata = TimeZone(identifier: "Asia/Kolkata")!

    @Test("the OM's own date")
    func omDate() throws {
        // 24 Nov 2021 10:00 IST.
        let date = Date(timeIntervalSince1970: 1_637_728_200)
        #expect(OMDate.format(date, timeZone: kolkata) == "24th November, 2021")
    }

    @Test("the office's calendar day, not UTC's")
    func officeDay() {
        // 2026-11-30T20:00:00Z is 1 December 01:30 in New Delhi.
        let date = Date(timeIntervalSince1970: 1_796_068_800)
        #expect(OMDate.format(date, timeZone: kolkata) == "1st December, 2026")
        #expect(OMDate.format(date, timeZone: TimeZone(identifier: "UTC")!) == "30th November, 2026")
    }

    @Test("the office's day agrees with Foundation's calendar, in zones with summer time too")
    func asCalendar() {
        var generator = SystemRandomNumberGenerator()
        let zones = ["Asia/Kolkata", "UTC", "America/New_York", "Europe/London", "Pacific/Chatham", "Pacific/Kiritimati"]
            .map { TimeZone(identifier: $0)! }
        let months = ["January", "February", "March", "April", "May", "June", "July",
                      "August", "September", "October", "November", "December"]
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: TimeInterval(Int.random(in: -2_208_988_800...7_258_118_400, using: &generator)))
            let zone = zones.randomElement(using: &generator)!
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            let expected = "\(c.day!)\(OMDate.ordinalSuffix(c.day!)) \(months[c.month! - 1]), \(c.year!)"
            #expect(OMDate.format(date, timeZone: zone) == expected, "at \(date) in \(zone.identifier)")
        }
    }

    @Test("ordinal suffixes", arguments: [
        (1, "st"), (2, "nd"), (3, "rd"), (4, "th"), (11, "th"), (12, "th"), (13, "th"),
        (21, "st"), (22, "nd"), (23, "rd"), (30, "th"), (31, "st"),
    ])
    func suffixes(day: Int, suffix: String) {
        #expect(OMDate.ordinalSuffix(day) == suffix)
    }
}
