/// What near-duplicate detection knows of one article: its shingle set, for the exact Jaccard
/// confirmation, its LSH band keys, for finding candidates, and a sketch of its MinHash signature,
/// for estimating a candidate's similarity without its shingles.
public struct Fingerprint: Sendable, Equatable {
    /// The 64-bit hashes of the article's shingles, sorted ascending, each once.
    public let shingles: [UInt64]
    /// One key per LSH band, already mixed with the band's number, so equal values in different bands
    /// differ. Empty when the article has no words: such an article is never a candidate.
    public let bandKeys: [UInt32]
    /// The low byte of each MinHash value (b-bit minwise hashing with b = 8): 64 bytes that
    /// estimate the Jaccard similarity to another sketch (`Similarity.estimate`). Empty when the
    /// article has no words.
    public let sketch: [UInt8]

    /// Creates a fingerprint, e.g. from stored values.
    ///
    /// - Parameters:
    ///   - shingles: sorted unique shingle hashes.
    ///   - bandKeys: one key per band (or none for an article without words).
    ///   - sketch: the signature's low bytes (or none).
    public init(shingles: [UInt64], bandKeys: [UInt32], sketch: [UInt8] = []) {
        self.shingles = shingles
        self.bandKeys = bandKeys
        self.sketch = sketch
    }

    /// Whether two fingerprints made with the same parameters share a band key — the LSH candidate test.
    ///
    /// - Parameter other: another fingerprint from the same `Fingerprinter` parameters.
    /// - Returns: `true` when some band `i` has the same key in both.
    public func sharesBand(with other: Fingerprint) -> Bool {
        zip(bandKeys, other.bandKeys).contains { $0 == $1 }
    }

    /// The exact Jaccard similarity of the two shingle sets.
    ///
    /// - Parameter other: another fingerprint from the same parameters.
    /// - Returns: |A ∩ B| / |A ∪ B|, 0 when either has no shingles.
    public func similarity(to other: Fingerprint) -> Double {
        Similarity.jaccard(shingles, other.shingles)
    }
}
