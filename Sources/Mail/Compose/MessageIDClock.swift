#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A process-wide count of microseconds that never goes back and never repeats: the real
/// clock (UTC, microseconds since 1970), or one more than the last value handed out when the
/// clock has not moved on or has been set back. Safe to use from any thread.
///
/// It orders the Message-IDs the desk makes (`OutgoingMessage.newMessageID`): the registry
/// keeps a unique index on every letter's Message-ID, and IDs that sort in the order they are
/// made go to the end of that index, so a commit of a thousand letters changes a few of its
/// pages, not nearly all of them. The seconds of the letter's `now` cannot order them alone:
/// a pass with `--now` pinned, or a thousand letters in one second, share the seconds, and
/// what follows them is random.
enum MessageIDClock {
    /// The one count of the process.
    private static let state = State()

    /// The next value: at least the real clock's microseconds, and above every value before.
    static func next() -> UInt64 { state.next() }

    /// The last value handed out, behind a lock.
    private final class State: @unchecked Sendable {
        // Guarded by `lock`.
        private let lock = NSLock()
        private var last: UInt64 = 0

        /// The real clock's microseconds, or one more than the last value, whichever is larger.
        func next() -> UInt64 {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            let micros = UInt64(max(0, now.tv_sec)) &* 1_000_000 &+ UInt64(max(0, now.tv_nsec / 1_000))
            lock.lock()
            defer { lock.unlock() }
            last = max(micros, last &+ 1)
            return last
        }
    }
}
