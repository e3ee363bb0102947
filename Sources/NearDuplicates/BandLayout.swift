/// How an article's MinHash signature is cut into LSH bands: `bands` bands of `rows` values each,
/// taken from the start of a signature of `permutations` values (`bands * rows ≤ permutations`;
/// all of them make the sketch). Two articles of Jaccard similarity `s` share a band with
/// probability `1 - (1 - s^rows)^bands` — the S-curve.
///
/// The layout is chosen from the threshold the way datasketch's `MinHashLSH` chooses it
/// (`_optimal_param`): the `(bands, rows)` that minimise the weighted sum of the false-positive
/// area (the S-curve's integral below the threshold) and the false-negative area (one minus it,
/// above the threshold), first minimum in datasketch's search order. newsdrop then widens it
/// where that leaves a pair at the threshold too likely missed (`chosen(for:)`).
public struct BandLayout: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Bands: band keys per article.
    public var bands: Int
    /// MinHash values per band.
    public var rows: Int
    /// MinHash values in the signature (one-permutation hashing bins); at least `bands * rows`.
    public var permutations: Int

    /// Creates a layout.
    ///
    /// - Parameters:
    ///   - bands: at least 1.
    ///   - rows: at least 1.
    ///   - permutations: at least `bands * rows`; `bands * rows` when omitted.
    public init(bands: Int, rows: Int, permutations: Int? = nil) {
        precondition(bands >= 1 && rows >= 1, "bands and rows must be positive")
        precondition(
            (permutations ?? bands * rows) >= bands * rows, "the bands need more values than the signature has")
        self.bands = bands
        self.rows = rows
        self.permutations = permutations ?? bands * rows
    }

    /// `16×4 of 64`.
    public var description: String { "\(bands)×\(rows) of \(permutations)" }

    /// The probability that two articles of Jaccard similarity `similarity` share a band.
    ///
    /// - Parameter similarity: in 0...1.
    /// - Returns: `1 - (1 - similarity^rows)^bands`.
    public func candidateProbability(similarity: Double) -> Double {
        1 - Self.power(1 - Self.power(similarity, rows), bands)
    }

    // MARK: Choosing a layout

    /// The weights newsdrop gives the two areas: a false negative (a near-duplicate never looked at)
    /// nine times a false positive (a candidate below the threshold), because every candidate is
    /// screened by its sketch and confirmed by the exact Jaccard, so a false positive costs a sketch
    /// comparison, not a wrong link. datasketch's default is 0.5 and 0.5; with it the S-curve
    /// crosses one half near the threshold, and at 0.6 a light edit of similarity 0.7 would be a
    /// candidate with probability 0.71 (10 × 6 of 64) — the labelled evaluation prints what that
    /// costs (`Scripts/eval-near-dup`).
    public static let falsePositiveWeight = 0.1
    /// See `falsePositiveWeight`.
    public static let falseNegativeWeight = 0.9
    /// The signature length the optimum is sought over: the values' low bytes are the sketch in the
    /// index log. A layout widened past 64 values (`widened(toReach:at:)`) has a longer signature.
    public static let standardPermutations = 64
    /// The most bands an index may have: the on-disk budget of 500 bytes per article
    /// (`indexBudget`) holds 16 bytes of id, writer and checksum, the 64-byte sketch, and per band 4
    /// bytes of band key in the log and a 16-byte pair in a segment (16.56 with its share of fences
    /// and filters).
    public static let maximumBands = 20

    /// The least probability that a pair right at the threshold becomes a candidate, where the index
    /// budget allows it (`chosen(for:)`): at 0.95 one near-duplicate in twenty at the threshold goes
    /// unlooked-at, and fewer above it.
    public static let minimumCandidateProbability = 0.95
    /// The index's budget on disk per article, in bytes (`indexBytesPerArticle`).
    public static let indexBudget = 500.0

    /// The index's bytes on disk per article with this layout: the log entry (id 8, writer 4, a
    /// 4-byte key per band, a one-byte sketch value per MinHash value, checksum 4) and per band a
    /// 16-byte pair in a segment, 16.56 with its share of fences and filters (measured at a
    /// million articles).
    public var indexBytesPerArticle: Double {
        Double(8 + 4 + 4 * bands + permutations + 4) + 16.56 * Double(bands)
    }

    /// The layout newsdrop uses for a threshold: `optimal` with newsdrop's weights, 64 values and
    /// at most 20 bands, then `widened` to `minimumCandidateProbability` where the index budget
    /// allows.
    ///
    /// - Parameter threshold: the confirming Jaccard similarity, in 0...1.
    /// - Returns: the layout; 16 × 4 of 64 at 0.6.
    public static func chosen(for threshold: Double) -> BandLayout {
        let optimum = optimal(
            threshold: threshold, permutations: standardPermutations, falsePositiveWeight: falsePositiveWeight,
            falseNegativeWeight: falseNegativeWeight, maximumBands: maximumBands)
        return optimum.widened(toReach: minimumCandidateProbability, at: threshold)
    }

    /// More bands of the same rows, so that a pair at `threshold` is a candidate with probability
    /// at least `probability`: the fewest that do, the signature lengthened to `bands * rows` values
    /// where 64 do not hold them, within `maximumBands` and `indexBudget`. The rows stay because
    /// they set what the layout costs at scale: an unrelated pair of similarity `s` shares a band
    /// with probability about `bands * s^rows`, so bands add candidates in proportion, while one row
    /// fewer multiplies them by `1 / s` — tens to hundreds for unrelated articles. When no layout of
    /// these rows within the budget reaches `probability`, the layout stays as it is: the optimum
    /// of the weighted areas is kept rather than an index larger for a target it still misses.
    ///
    /// - Parameters:
    ///   - probability: the candidate probability wanted at the threshold, in 0...1.
    ///   - threshold: the Jaccard similarity the index is for, in 0...1.
    /// - Returns: the widened layout, or this one.
    public func widened(toReach probability: Double, at threshold: Double) -> BandLayout {
        guard candidateProbability(similarity: threshold) < probability, bands < Self.maximumBands else { return self }
        for more in (bands + 1)...Self.maximumBands {
            let wider = BandLayout(bands: more, rows: rows, permutations: Swift.max(permutations, more * rows))
            guard wider.indexBytesPerArticle <= Self.indexBudget else { return self }
            if wider.candidateProbability(similarity: threshold) >= probability { return wider }
        }
        return self
    }

    /// datasketch's `_optimal_param`: over `bands` in `1...permutations` and `rows` in
    /// `1...(permutations / bands)`, the first layout whose weighted error is smallest.
    ///
    /// - Parameters:
    ///   - threshold: the Jaccard similarity the index is for, in 0...1.
    ///   - permutations: the signature length.
    ///   - falsePositiveWeight: the weight of the area under the S-curve below the threshold.
    ///   - falseNegativeWeight: the weight of the area above it, over the S-curve.
    ///   - maximumBands: the most bands considered (datasketch has no such bound: `.max`).
    /// - Returns: the layout over `permutations` values.
    public static func optimal(
        threshold: Double, permutations: Int, falsePositiveWeight: Double = 0.5, falseNegativeWeight: Double = 0.5,
        maximumBands: Int = .max
    ) -> BandLayout {
        precondition((0...1).contains(threshold) && permutations >= 1)
        let below = Quadrature(from: 0, to: threshold)
        let above = Quadrature(from: threshold, to: 1)
        // `1 - s^rows` at every point, by rows: the same for every band count. The integrands are
        // `candidateProbability`'s expression on these, so each sum is the one a closure over
        // `candidateProbability` gives, bit for bit, with half the powers.
        let belowMisses = (1...permutations).map { rows in below.points.map { 1 - power($0, rows) } }
        let aboveMisses = (1...permutations).map { rows in above.points.map { 1 - power($0, rows) } }
        var best = (error: Double.infinity, bands: 1, rows: 1)
        for bands in 1...min(permutations, maximumBands) {
            for rows in 1...(permutations / bands) {
                let (missedBelow, missedAbove) = (belowMisses[rows - 1], aboveMisses[rows - 1])
                let falsePositive = below.integral { 1 - power(missedBelow[$0], bands) }
                let falseNegative = above.integral { 1 - (1 - power(missedAbove[$0], bands)) }
                let error = falsePositive * falsePositiveWeight + falseNegative * falseNegativeWeight
                if error < best.error { best = (error, bands, rows) }
            }
        }
        return BandLayout(bands: best.bands, rows: best.rows, permutations: permutations)
    }

    /// ∫ over [a, b] by 10-point Gauss–Legendre on 64 equal pieces: the S-curve is a polynomial of
    /// degree `bands * rows` ≤ a few hundred, integrated to about 1e-13, closer than datasketch's
    /// adaptive quadrature (scipy `quad`, tolerance 1.5e-8) needs to pick the same minimum. The
    /// points and weights are computed once for the many functions `optimal` integrates there.
    struct Quadrature {
        /// Where the integrand is evaluated: two points (either side of a piece's middle) per node
        /// and piece, in the order their values are summed; none when the interval is empty.
        let points: [Double]
        /// The weight of each pair of points.
        private let weights: [Double]
        private let width: Double

        /// The rule on [a, b].
        init(from a: Double, to b: Double) {
            let pieces = 64
            width = (b - a) / Double(pieces)
            var points: [Double] = []
            var weights: [Double] = []
            if b > a {
                for piece in 0..<pieces {
                    let middle = a + (Double(piece) + 0.5) * width
                    for (node, weight) in zip(Self.nodes, Self.weights) {
                        points += [middle - node * width / 2, middle + node * width / 2]
                        weights.append(weight)
                    }
                }
            }
            self.points = points
            self.weights = weights
        }

        /// The integral of the function whose value at `points[i]` is `value(i)`.
        func integral(_ value: (Int) -> Double) -> Double {
            guard !weights.isEmpty else { return 0 }
            var sum = 0.0
            for pair in weights.indices {
                sum += weights[pair] * (value(2 * pair) + value(2 * pair + 1))
            }
            return sum * width / 2
        }

        /// The positive nodes of 10-point Gauss–Legendre quadrature on [-1, 1] and their weights.
        private static let nodes = [
            0.148_874_338_981_631_2, 0.433_395_394_129_247_2, 0.679_409_568_299_024_4, 0.865_063_366_688_984_5,
            0.973_906_528_517_171_7,
        ]
        private static let weights = [
            0.295_524_224_714_752_9, 0.269_266_719_309_996_4, 0.219_086_362_515_982_0, 0.149_451_349_150_580_6,
            0.066_671_344_308_688_1,
        ]
    }

    /// `base` to a non-negative integer power, by squaring.
    static func power(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        var factor = base
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result *= factor }
            factor *= factor
            remaining >>= 1
        }
        return result
    }
}
