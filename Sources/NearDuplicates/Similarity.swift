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
                var i = 0, j = 0, shared = 0
                while i < a.count, j < b.count {
                    let x = a[i], y = b[j]
                    if x == y { shared += 1 }
                    i &+= x <= y ? 1 : 0
                    j &+= y <= x ? 1 : 0
                }
                return shared
            }
        }
    }
}
