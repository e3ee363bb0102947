/// MinHash signatures by one-permutation hashing with optimal densification (Shrivastava, "Optimal
/// Densification for Fast and Accurate Minwise Hashing", ICML 2017): each shingle hash lands in one
/// of `count` bins (chosen by its high 32 bits) and each bin keeps its least hash; a bin no shingle
/// reached copies the value of the first non-empty bin on a fixed pseudo-random probe sequence of its
/// own. Two sets agree in any one bin with probability equal to their Jaccard similarity, as with
/// `count` independent permutations, at the cost of one pass over the shingles instead of `count`.
///
/// The shingle hashes are already uniformly mixed 64-bit values, so the hash itself serves as the
/// random permutation; the probe sequences come from a fixed seed, so signatures are the same in every
/// process.
struct MinHasher: Sendable {
    /// The number of bins: the signature's length (`bands * rows`).
    let count: Int

    /// Creates a hasher.
    ///
    /// - Parameter count: the number of bins, at least 1.
    init(count: Int) {
        precondition(count >= 1)
        self.count = count
    }

    /// The signature of a non-empty shingle set.
    ///
    /// - Parameter shingles: shingle hashes (order and repeats do not matter), at least one.
    /// - Returns: `count` minima, one per bin.
    func signature(_ shingles: [UInt64]) -> [UInt64] {
        precondition(!shingles.isEmpty, "an empty set has no MinHash signature")
        let bins = UInt64(count)
        var minima = [UInt64](repeating: .max, count: count)
        var empty = count
        minima.withUnsafeMutableBufferPointer { minima in
            for shingle in shingles {
                let bin = Int(truncatingIfNeeded: ((shingle >> 32) &* bins) >> 32)
                if minima[bin] == .max { empty -= 1 }
                minima[bin] = Swift.min(minima[bin], shingle)
            }
        }
        guard empty > 0 else { return minima }
        let filled = minima
        for bin in 0..<count where filled[bin] == .max {
            minima[bin] = filled[probe(from: bin, in: filled)]
        }
        return minima
    }

    /// The first non-empty bin on `bin`'s probe sequence (the same sequence for every set).
    private func probe(from bin: Int, in filled: [UInt64]) -> Int {
        let bins = UInt64(count)
        var attempt: UInt64 = 1
        while attempt <= 64 * bins {
            let draw = StableHash.mix(0x5052_4F42_0000_0000 ^ UInt64(bin) << 24 ^ attempt)
            let candidate = Int(truncatingIfNeeded: ((draw >> 32) &* bins) >> 32)
            if filled[candidate] != .max { return candidate }
            attempt += 1
        }
        // Practically unreachable (every draw missed the non-empty bins): take the next one in order.
        var candidate = (bin + 1) % count
        while filled[candidate] == .max { candidate = (candidate + 1) % count }
        return candidate
    }
}
