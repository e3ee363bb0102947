import Articles

/// Turns an article into its near-duplicate `Fingerprint`.
///
/// 1. The title (when `parameters.includesTitle`) and the paragraphs are tokenized into normalised
///    words: case-folded, punctuation stripped, apostrophes dropped (`$100m-share` = `$100m share`).
/// 2. Sentences the `BoilerplateFilter` recognises are left out.
/// 3. Every run of `shingleWords` consecutive words is hashed to 64 bits; the set of these hashes is
///    the fingerprint's `shingles`, compared exactly by Jaccard similarity.
/// 4. A MinHash signature of `permutations` values (one-permutation hashing, see `MinHasher`) is
///    cut into `bands` bands of `rows` values (`BandLayout`, from its start); each band is hashed
///    with its number into a 32-bit key. The low byte of every value is the sketch.
///
/// The title takes part by default. The labelled evaluation measured no difference either way on
/// full-length stories (headline rewrites stay above 0.95); the title is article text, and without it
/// a brief — a headline over a one-line body — is left with almost no features.
public struct Fingerprinter: Sendable {
    /// The parameters fingerprints are made with; only fingerprints made with equal parameters (and
    /// the same boilerplate) are comparable.
    public let parameters: NearDuplicateParameters
    /// What is left out as page furniture.
    public let boilerplate: BoilerplateFilter
    private let minHasher: MinHasher

    /// Creates a fingerprinter.
    ///
    /// - Parameters:
    ///   - parameters: shingle width and band layout.
    ///   - boilerplate: the boilerplate filter; `.standard` unless lines were learned.
    public init(parameters: NearDuplicateParameters = .standard, boilerplate: BoilerplateFilter = .standard) {
        self.parameters = parameters
        self.boilerplate = boilerplate
        self.minHasher = MinHasher(count: parameters.permutations)
    }

    /// The fingerprint of an article given as title and paragraphs.
    ///
    /// - Parameters:
    ///   - title: the headline (used when `parameters.includesTitle`).
    ///   - paragraphs: the body paragraphs, in NFC (as `ArticleParser` delivers them).
    /// - Returns: the shingle set, the band keys and the sketch (none when no word is left).
    public func fingerprint(title: String, paragraphs: [String]) -> Fingerprint {
        let shingles = shingles(title: title, paragraphs: paragraphs)
        guard !shingles.isEmpty else { return Fingerprint(shingles: [], bandKeys: []) }
        let signature = minHasher.signature(shingles)
        return Fingerprint(
            shingles: shingles, bandKeys: bandKeys(signature), sketch: signature.map { UInt8(truncatingIfNeeded: $0) })
    }

    /// The fingerprint of a parsed article: its title and paragraphs.
    ///
    /// - Parameter article: the parsed article.
    /// - Returns: the fingerprint.
    public func fingerprint(_ article: ParsedArticle) -> Fingerprint {
        fingerprint(title: article.title, paragraphs: article.paragraphs)
    }

    /// The sorted unique shingle hashes of an article, without MinHash.
    ///
    /// - Parameters:
    ///   - title: the headline (used when `parameters.includesTitle`).
    ///   - paragraphs: the body paragraphs.
    /// - Returns: what `fingerprint(title:paragraphs:)` puts in `shingles`.
    public func shingles(title: String, paragraphs: [String]) -> [UInt64] {
        var text = TokenizedText(capacity: paragraphs.reduce(0) { $0 + $1.utf8.count } / 5 + 16)
        if parameters.includesTitle { text.append(title) }
        for paragraph in paragraphs { text.append(paragraph) }
        return Shingler.shingles(boilerplate.keptTokens(of: text), width: parameters.shingleWords)
    }

    /// Cuts a signature into bands and hashes each band with its number.
    private func bandKeys(_ signature: [UInt64]) -> [UInt32] {
        let rows = parameters.rows
        return (0..<parameters.bands).map { band in
            var state = StableHash.mix(0xB4D5_0000_0000_0000 ^ UInt64(band))
            for row in 0..<rows { state = StableHash.combine(state, signature[band * rows + row]) }
            return UInt32(truncatingIfNeeded: state >> 32)
        }
    }
}
