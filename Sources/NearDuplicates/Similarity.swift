/// Set similarity over sorted unique hash arrays.
public enum Similarity {
    /// The Jaccard similarity of two sets given as sorted unique arrays, by one sorted merge.
    ///
    /// - Parameters:
    ///   - a: sorted ascending, no repeats (as `Fingerprint.shingles`).
    ///   - b: sorted ascending, no repeats.
    /// - Returns: |a ∩ b| / |a ∪ b| in 0...1; 0 when either set is empty, so an article with no words
    ///   is never anyone's near-duplicate.
    public static func jaccard(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let shared = intersectionCount(a, b)
        return Double(shared) / Double(a.count + b.count - shared)
    }

    /// The number of values two sorted unique arrays have in common.
    ///
    /// - Parameters:
    ///   - a: sorted ascending, no repeats.
    ///   - b: sorted ascending, no repeats.
    /// - Returns: |a ∩ b|.
    public static func intersectionCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var i = 0
                var j = 0
                var shared = 0
                while i < a.count, j < b.count {
                    let x = a[i]
                    let y = b[j]
                    if x == y { shared += 1 }
                    i &+= x <= y ? 1 : 0
                    j &+= y <= x ? 1 : 0
                }
                return shared
            }
        }
    }

    /// The Jaccard similarity estimated from two sketches (`Fingerprint.sketch`): the share of
    /// positions whose MinHash values agree in their low byte, corrected for the 1 in 256 chance
    /// that different values agree there. With 64 positions the standard error is about 0.06 at a
    /// similarity of 0.6.
    ///
    /// - Parameters:
    ///   - a: a sketch.
    ///   - b: a sketch of the same length from the same parameters.
    /// - Returns: the estimate in 0...1; 0 when the lengths differ or a sketch is empty.
    public static func estimate(_ a: [UInt8], _ b: [UInt8]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        let agreeing = zip(a, b).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        let chance = 1.0 / 256
        return max(0, (Double(agreeing) / Double(a.count) - chance) / (1 - chance))
    }
}
