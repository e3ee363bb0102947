/// How near-duplicates are found: word shingles, MinHash signatures cut into LSH bands, and the
/// exact Jaccard similarity that confirms a candidate.
///
/// Two articles are *candidates* when any band of their MinHash signatures is equal (probability
/// `1 - (1 - s^rows)^bands` for Jaccard similarity `s`); a candidate is a *near-duplicate* when the
/// exact Jaccard similarity of their shingle sets is at least `threshold`.
public struct NearDuplicateParameters: Sendable, Equatable, Codable {
    /// Words per shingle (word n-grams over normalised tokens).
    public var shingleWords: Int
    /// LSH bands: the number of band keys per article, and so of index entries.
    public var bands: Int
    /// MinHash values per band.
    public var rows: Int
    /// The least exact Jaccard similarity of two shingle sets that makes them near-duplicates.
    public var threshold: Double
    /// Whether the title's words take part in the shingles (the body's always do).
    public var includesTitle: Bool

    /// The number of MinHash permutations: `bands * rows`.
    public var permutations: Int { bands * rows }

    /// How far below the threshold a candidate's sketch estimate (`Similarity.estimate`) may be
    /// and the candidate still be confirmed with the exact Jaccard: about 3.3 standard errors of a
    /// 64-byte sketch at a similarity of 0.6, so a candidate at the threshold is screened out with
    /// a chance of about 1 in 1,900 (binomial tail).
    public static let sketchMargin = 0.2

    /// The parameters chosen by the labelled evaluation (`Scripts/eval-near-dup`): word 2-grams over
    /// title and body; confirmed at Jaccard ≥ 0.6, in the gap between the corpus's most similar
    /// distinct stories (0.49) and the least similar derived edit keeping 80% of a text (0.70; natural
    /// republications ≥ 0.73); 16 bands of 4 rows (64 values, 64 bytes of band keys per article),
    /// which makes a pair at 0.7 a candidate with probability 0.99 and at 0.8 with 0.9998, while
    /// about one pair in a million unrelated articles shares a band.
    public static let standard = NearDuplicateParameters(
        shingleWords: 2, bands: 16, rows: 4, threshold: 0.6, includesTitle: true
    )

    /// Creates parameters.
    ///
    /// - Parameters:
    ///   - shingleWords: words per shingle, at least 1.
    ///   - bands: LSH bands, at least 1.
    ///   - rows: MinHash values per band, at least 1.
    ///   - threshold: the confirming Jaccard similarity, in 0...1.
    ///   - includesTitle: whether the title's words are shingled with the body.
    public init(shingleWords: Int, bands: Int, rows: Int, threshold: Double, includesTitle: Bool = true) {
        precondition(shingleWords >= 1 && bands >= 1 && rows >= 1, "shingleWords, bands and rows must be positive")
        precondition((0...1).contains(threshold), "threshold must be in 0...1")
        self.shingleWords = shingleWords
        self.bands = bands
        self.rows = rows
        self.threshold = threshold
        self.includesTitle = includesTitle
    }

    /// The probability that two articles with Jaccard similarity `similarity` share a band key.
    ///
    /// - Parameter similarity: the Jaccard similarity of the two shingle sets.
    /// - Returns: `1 - (1 - similarity^rows)^bands`.
    public func candidateProbability(similarity: Double) -> Double {
        1 - pow1(1 - pow1(similarity, rows), bands)
    }

    private func pow1(_ base: Double, _ exponent: Int) -> Double {
        (0..<exponent).reduce(1) { product, _ in product * base }
    }

    private enum CodingKeys: String, CodingKey {
        case shingleWords = "shingle_words"
        case bands, rows, threshold
        case includesTitle = "includes_title"
    }
}
