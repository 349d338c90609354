#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The operating system's cryptographic random numbers, drawn 512 bytes at a time (two
/// `getentropy` calls).
///
/// `SystemRandomNumberGenerator` makes one system call (`getrandom`) for every 8 bytes: a
/// Message-ID took two and an action code eight, some 24 calls for each allocation mail. The
/// bytes are the same kernel's, only fetched in bulk; each is handed out once. Safe to use
/// from any thread. Used for Message-IDs, action codes, MIME boundaries and maildir names.
public struct PooledRandom: RandomNumberGenerator {
    /// A generator over the process's shared pool.
    public init() {}

    /// The next 64 random bits.
    public mutating func next() -> UInt64 { RandomPool.shared.next() }
}

/// The shared pool behind `PooledRandom`.
private final class RandomPool: @unchecked Sendable {
    static let shared = RandomPool()

    // Guarded by `lock`.
    private let lock = NSLock()
    private var words = [UInt64](repeating: 0, count: 64)
    private var used = 64

    func next() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        if used == words.count {
            refill()
            used = 0
        }
        defer { used += 1 }
        return words[used]
    }

    /// Fills the pool from the kernel; falls back to the standard library's generator only if
    /// the kernel call fails (it does not for 512 bytes, short of a kernel without getrandom).
    private func refill() {
        let count = words.count * MemoryLayout<UInt64>.size
        let filled: Bool = words.withUnsafeMutableBytes { buffer in
            #if canImport(Glibc)
            // getentropy(3): the getrandom system call, at most 256 bytes a call.
            var offset = 0
            while offset < count {
                let n = min(256, count - offset)
                guard getentropy(buffer.baseAddress! + offset, n) == 0 else { return false }
                offset += n
            }
            return true
            #else
            arc4random_buf(buffer.baseAddress!, count)
            return true
            #endif
        }
        if !filled {
            var system = SystemRandomNumberGenerator()
            for i in words.indices { words[i] = system.next() }
        }
    }
}
