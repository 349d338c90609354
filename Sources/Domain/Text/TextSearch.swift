/// Substring search and replacement on UTF-8 bytes, for the request grammar's hot paths.
///
/// With Foundation imported, `String.contains(String)` and `replacingOccurrences(of:with:)`
/// go through `NSString` and UTF-16 and were a third of the grammar's time in
/// `Benchmarks/apply.sh`. The grammar compares labels and words that it has already lowered
/// and that its own tables spell in NFC, so byte equality is the comparison it means.
extension StringProtocol {
    /// True when `needle`'s UTF-8 bytes occur in this text's (an empty needle always does).
    /// Byte comparison: canonically equivalent spellings in other normal forms do not match.
    public func includes(_ needle: some StringProtocol) -> Bool {
        let pattern = Array(needle.utf8)
        if let found = utf8.withContiguousStorageIfAvailable({ TextSearch.firstIndex(of: pattern, in: $0, from: 0) != nil }) {
            return found
        }
        return Array(utf8).withUnsafeBufferPointer { TextSearch.firstIndex(of: pattern, in: $0, from: 0) != nil }
    }

    /// This text with every non-overlapping occurrence of `target` (searched left to right, by
    /// UTF-8 bytes) replaced by `replacement`; the text itself when `target` does not occur.
    public func replacingAll(_ target: some StringProtocol, with replacement: some StringProtocol) -> String {
        let bytes = Array(self.utf8)
        let pattern = Array(target.utf8)
        guard !pattern.isEmpty else { return String(self) }
        return bytes.withUnsafeBufferPointer { buffer -> String in
            guard var found = TextSearch.firstIndex(of: pattern, in: buffer, from: 0) else { return String(self) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var start = 0
            let insert = Array(replacement.utf8)
            while true {
                out.append(contentsOf: buffer[start..<found])
                out.append(contentsOf: insert)
                start = found + pattern.count
                guard let next = TextSearch.firstIndex(of: pattern, in: buffer, from: start) else { break }
                found = next
            }
            out.append(contentsOf: buffer[start...])
            // Whole characters were replaced by whole characters, so the bytes stay valid UTF-8.
            return String(decoding: out, as: UTF8.self)
        }
    }
}

enum TextSearch {
    /// The offset of the first occurrence of `pattern` in `buffer` at or after `from`.
    static func firstIndex(of pattern: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let n = buffer.count, m = pattern.count
        if m == 0 { return from <= n ? from : nil }
        guard n - from >= m, let first = pattern.first else { return nil }
        var i = from
        let last = n - m
        while i <= last {
            if buffer[i] == first {
                var j = 1
                while j < m, buffer[i + j] == pattern[j] { j += 1 }
                if j == m { return i }
            }
            i += 1
        }
        return nil
    }
}
