import Foundation
import Mail
import Testing

@Suite("Random numbers drawn in bulk from the kernel")
struct PooledRandomTests {
    @Test("every word is handed out once, across refills and from several threads at a time")
    func distinct() async {
        // 4 threads × 5,000 words: 312 refills of the 64-word pool. 64-bit words from the
        // kernel repeat with a chance of about 1 in 10^10 here; a word handed out twice, or a
        // pool not refilled, repeats at once.
        let words = await withTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var generator = PooledRandom()
                    return (0..<5_000).map { _ in generator.next() }
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(words.count == 20_000)
        #expect(Set(words).count == 20_000)
    }

    @Test("the bits are balanced: each of the 64 is set in about half of 20,000 words")
    func balanced() {
        var generator = PooledRandom()
        var counts = [Int](repeating: 0, count: 64)
        for _ in 0..<20_000 {
            let word = generator.next()
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { counts[bit] += 1 }
        }
        // Binomial(20,000, 1/2): the standard deviation is about 71; 9,500-10,500 is 7 of them.
        #expect(counts.allSatisfy { (9_500...10_500).contains($0) }, "\(counts)")
    }
}
