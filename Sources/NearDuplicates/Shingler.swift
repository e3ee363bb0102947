/// Word shingles: the hashes of every run of `width` consecutive tokens.
enum Shingler {
    /// The sorted unique shingle hashes of a token sequence.
    ///
    /// - Parameters:
    ///   - tokens: token hashes in text order.
    ///   - width: words per shingle; a text shorter than that (but not empty) is one shingle.
    /// - Returns: the shingle hashes, sorted ascending, each once.
    static func shingles(_ tokens: [UInt64], width: Int) -> [UInt64] {
        guard !tokens.isEmpty else { return [] }
        let span = min(width, tokens.count)
        var shingles: [UInt64] = []
        shingles.reserveCapacity(tokens.count - span + 1)
        tokens.withUnsafeBufferPointer { tokens in
            for start in 0...(tokens.count - span) {
                var state = UInt64(truncatingIfNeeded: span)
                for index in start..<(start + span) { state = StableHash.combine(state, tokens[index]) }
                shingles.append(state)
            }
        }
        return uniqued(RadixSort.sorted(shingles))
    }

    /// Removes adjacent repeats from a sorted array.
    private static func uniqued(_ sorted: [UInt64]) -> [UInt64] {
        var result = sorted
        let count = result.withUnsafeMutableBufferPointer { values -> Int in
            guard !values.isEmpty else { return 0 }
            var write = 1
            for read in 1..<values.count where values[read] != values[write - 1] {
                values[write] = values[read]
                write += 1
            }
            return write
        }
        result.removeLast(result.count - count)
        return result
    }
}
