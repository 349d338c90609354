import Desk
import Foundation
import Testing

@Suite("The run's now (--now, IDDESK_NOW)")
struct InstantTests {
    @Test("--now wins over IDDESK_NOW, which wins over the clock")
    func precedence() throws {
        let clock = { Date(timeIntervalSince1970: 0) }
        let env = ["IDDESK_NOW": "2026-11-24T10:15:00+05:30"]
        #expect(try Instant.resolve(option: "2026-11-24T04:45:00Z", environment: [:], clock: clock)
                == Date(timeIntervalSince1970: 1_795_495_500))
        #expect(try Instant.resolve(option: nil, environment: env, clock: clock)
                == Date(timeIntervalSince1970: 1_795_495_500))
        #expect(try Instant.resolve(option: nil, environment: [:], clock: clock) == Date(timeIntervalSince1970: 0))
        #expect(try Instant.resolve(option: "2026-11-24T04:45:00.250Z", environment: [:], clock: clock)
                == Date(timeIntervalSince1970: 1_795_495_500.25))
    }

    @Test("a time without an offset, or not a time, is refused naming its origin", arguments: [
        "2026-11-24T10:15:00", "2026-11-24", "tomorrow", "24/11/2026 10:15",
    ])
    func refuses(text: String) {
        #expect(throws: Instant.Failure(origin: "--now", seen: text)) {
            try Instant.resolve(option: text, environment: [:])
        }
        #expect(throws: Instant.Failure(origin: "IDDESK_NOW", seen: text)) {
            try Instant.resolve(option: nil, environment: ["IDDESK_NOW": text])
        }
    }

    @Test("recorded times are UTC with Z")
    func utc() {
        #expect(Instant.utcString(Date(timeIntervalSince1970: 1_795_495_500)) == "2026-11-24T04:45:00Z")
    }
}
