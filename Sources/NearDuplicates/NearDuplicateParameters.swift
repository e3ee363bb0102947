/// How near-duplicates are found: word shingles, MinHash signatures cut into LSH bands (`BandLayout`),
/// and the exact Jaccard similarity that confirms a candidate.
///
/// Two articles are *candidates* when any band of their MinHash signatures is equal (probability
/// `1 - (1 - s^rows)^bands` for Jaccard similarity `s`); a candidate is a *near-duplicate* when the
/// exact Jaccard similarity of their shingle sets is at least `threshold`. The band layout follows
/// from the threshold (`BandLayout.chosen(for:)`, `init(threshold:)`).
public struct NearDuplicateParameters: Sendable, Equatable, Codable {
    /// Words per shingle (word n-grams over normalised tokens).
    public var shingleWords: Int
    /// Bands, rows and signature length.
    public var layout: BandLayout
    /// The least exact Jaccard similarity of two shingle sets that makes them near-duplicates.
    public var threshold: Double
    /// Whether the title's words take part in the shingles (the body's always do).
    public var includesTitle: Bool

    /// LSH bands: the number of band keys per article, and so of index entries.
    public var bands: Int {
        get { layout.bands }
        set {
            layout = BandLayout(
                bands: newValue, rows: layout.rows, permutations: max(layout.permutations, newValue * layout.rows))
        }
    }

    /// MinHash values per band.
    public var rows: Int {
        get { layout.rows }
        set {
            layout = BandLayout(
                bands: layout.bands, rows: newValue, permutations: max(layout.permutations, layout.bands * newValue))
        }
    }

    /// The number of MinHash values (one-permutation hashing bins) in a signature and its sketch.
    public var permutations: Int { layout.permutations }

    /// The parameters chosen by the labelled evaluation (`Scripts/eval-near-dup`): word 2-grams over
    /// title and body; confirmed at Jaccard ≥ 0.6, in the gap between the corpus's most similar
    /// distinct stories (0.49) and the least similar derived edit keeping 80% of a text (0.70; natural
    /// republications ≥ 0.73). Its layout, `BandLayout.chosen(for: 0.6)`, is 16 bands of 4 rows of 64
    /// values, which makes a pair at 0.7 a candidate with probability 0.99 and at 0.8 with 0.9998.
    public static let standard = NearDuplicateParameters(threshold: 0.6)

    /// Creates the standard parameters for a threshold: word 2-grams over title and body, the band
    /// layout chosen for the threshold (`BandLayout.chosen(for:)`).
    ///
    /// - Parameter threshold: the confirming Jaccard similarity, in 0...1.
    public init(threshold: Double) {
        self.init(shingleWords: 2, layout: BandLayout.chosen(for: threshold), threshold: threshold)
    }

    /// Creates parameters.
    ///
    /// - Parameters:
    ///   - shingleWords: words per shingle, at least 1.
    ///   - layout: bands, rows and signature length.
    ///   - threshold: the confirming Jaccard similarity, in 0...1.
    ///   - includesTitle: whether the title's words are shingled with the body.
    public init(shingleWords: Int, layout: BandLayout, threshold: Double, includesTitle: Bool = true) {
        precondition(shingleWords >= 1, "shingleWords must be positive")
        precondition((0...1).contains(threshold), "threshold must be in 0...1")
        self.shingleWords = shingleWords
        self.layout = layout
        self.threshold = threshold
        self.includesTitle = includesTitle
    }

    /// Creates parameters whose signature is exactly `bands * rows` values long.
    ///
    /// - Parameters:
    ///   - shingleWords: words per shingle, at least 1.
    ///   - bands: LSH bands, at least 1.
    ///   - rows: MinHash values per band, at least 1.
    ///   - threshold: the confirming Jaccard similarity, in 0...1.
    ///   - includesTitle: whether the title's words are shingled with the body.
    public init(shingleWords: Int, bands: Int, rows: Int, threshold: Double, includesTitle: Bool = true) {
        self.init(
            shingleWords: shingleWords, layout: BandLayout(bands: bands, rows: rows), threshold: threshold,
            includesTitle: includesTitle)
    }

    /// The probability that two articles with Jaccard similarity `similarity` share a band key.
    ///
    /// - Parameter similarity: the Jaccard similarity of the two shingle sets.
    /// - Returns: `1 - (1 - similarity^rows)^bands`.
    public func candidateProbability(similarity: Double) -> Double {
        layout.candidateProbability(similarity: similarity)
    }

    /// How far below the threshold a candidate's sketch estimate (`Similarity.estimate`) may be
    /// and the candidate still be confirmed with the exact Jaccard: 3.3 standard errors of the
    /// sketch's estimate at a similarity equal to the threshold, so a candidate at the threshold is
    /// screened out with a chance of about 1 in 2,000 (normal approximation of the binomial tail).
    /// About 0.2 from 0.3 to 0.6 (0.203 at 0.6); 0.164 at 0.7 and 0.139 at 0.8, whose signatures are
    /// longer (85 and 91 values).
    public var sketchMargin: Double {
        let positions = Double(permutations)
        let chance = 1.0 / 256
        let agreeing = threshold + (1 - threshold) * chance
        return 3.3 * (agreeing * (1 - agreeing) / positions).squareRoot() / (1 - chance)
    }

    /// Whether two parameter sets make the same shingles and band keys (they may differ in threshold).
    public func makesSameFingerprints(as other: NearDuplicateParameters) -> Bool {
        shingleWords == other.shingleWords && layout == other.layout && includesTitle == other.includesTitle
    }

    private enum CodingKeys: String, CodingKey {
        case shingleWords = "shingle_words"
        case bands, rows, permutations, threshold
        case includesTitle = "includes_title"
    }

    /// Decodes parameters, also as written before layouts had a signature length of their own.
    ///
    /// - Throws: `DecodingError`, also for values no fingerprinter could use.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let bands = try container.decode(Int.self, forKey: .bands)
        let rows = try container.decode(Int.self, forKey: .rows)
        // Written before layouts had their own signature length: exactly bands × rows values.
        let permutations = try container.decodeIfPresent(Int.self, forKey: .permutations) ?? bands * rows
        let shingleWords = try container.decode(Int.self, forKey: .shingleWords)
        let threshold = try container.decode(Double.self, forKey: .threshold)
        guard bands >= 1, rows >= 1, permutations >= bands * rows, shingleWords >= 1, (0...1).contains(threshold) else {
            throw DecodingError.dataCorruptedError(
                forKey: .permutations, in: container,
                debugDescription:
                    "not valid parameters: \(shingleWords)-word shingles, \(bands) × \(rows) of \(permutations), threshold \(threshold)"
            )
        }
        self.init(
            shingleWords: shingleWords, layout: BandLayout(bands: bands, rows: rows, permutations: permutations),
            threshold: threshold, includesTitle: try container.decode(Bool.self, forKey: .includesTitle))
    }

    /// Encodes the parameters with snake-case keys, the layout's three numbers at the top level.
    ///
    /// - Throws: `EncodingError`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(shingleWords, forKey: .shingleWords)
        try container.encode(layout.bands, forKey: .bands)
        try container.encode(layout.rows, forKey: .rows)
        try container.encode(layout.permutations, forKey: .permutations)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(includesTitle, forKey: .includesTitle)
    }
}
