import NearDuplicates

/// Finds every pair of documents whose exact Jaccard similarity reaches a floor, without LSH: all
/// pairs are screened by 128-value MinHash agreement (SIMD), the survivors confirmed exactly.
enum PairFinder {
    /// A pair of document indices (`a < b`) and its exact Jaccard similarity.
    struct Pair {
        let a: Int
        let b: Int
        let jaccard: Double
    }

    /// The pairs with exact Jaccard ≥ `floor`.
    ///
    /// - Parameters:
    ///   - shingles: each document's sorted unique shingles.
    ///   - signatures: each document's 128 per-permutation keys (a `Fingerprinter` with 128 bands of
    ///     1 row gives them: equal keys mean equal minima).
    ///   - floor: the least similarity to report; pairs are screened at `floor / 3` estimated
    ///     agreement, which misses a pair at the floor with probability far below 10⁻⁴ at floors ≥ 0.2.
    /// - Returns: the pairs, sorted by decreasing similarity.
    static func pairs(shingles: [[UInt64]], signatures: [[UInt32]], floor: Double) -> [Pair] {
        let count = shingles.count
        let lanes = 128 / 8
        var flat: [SIMD8<UInt32>] = []
        flat.reserveCapacity(count * lanes)
        for signature in signatures {
            precondition(signature.count == 128)
            for lane in 0..<lanes { flat.append(SIMD8(signature[(lane * 8)..<(lane * 8 + 8)])) }
        }
        let screen = UInt32((floor / 3 * 128).rounded(.down))
        var found: [Pair] = []
        flat.withUnsafeBufferPointer { flat in
            for a in 0..<count {
                for b in (a + 1)..<count {
                    var agree = SIMD8<UInt32>(repeating: 0)
                    for lane in 0..<lanes {
                        agree &+= SIMD8<UInt32>(repeating: 0).replacing(
                            with: 1, where: flat[a * lanes + lane] .== flat[b * lanes + lane])
                    }
                    guard agree.wrappedSum() >= screen else { continue }
                    let jaccard = Similarity.jaccard(shingles[a], shingles[b])
                    if jaccard >= floor { found.append(Pair(a: a, b: b, jaccard: jaccard)) }
                }
            }
        }
        return found.sorted { $0.jaccard > $1.jaccard }
    }

    /// Every pair with exact Jaccard ≥ `floor`, by brute force over all pairs (for the corpus alone).
    ///
    /// - Parameters:
    ///   - shingles: each document's sorted unique shingles.
    ///   - floor: the least similarity to report.
    /// - Returns: the pairs, sorted by decreasing similarity.
    static func exhaustivePairs(shingles: [[UInt64]], floor: Double) -> [Pair] {
        var found: [Pair] = []
        for a in shingles.indices {
            for b in (a + 1)..<shingles.count {
                let jaccard = Similarity.jaccard(shingles[a], shingles[b])
                if jaccard >= floor { found.append(Pair(a: a, b: b, jaccard: jaccard)) }
            }
        }
        return found.sorted { $0.jaccard > $1.jaccard }
    }
}
