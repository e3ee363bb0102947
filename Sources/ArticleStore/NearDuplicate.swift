/// A stored article that another is a near-duplicate of, and how similar the two are.
public struct NearDuplicate: Sendable, Equatable, Codable {
    /// The other article's content id.
    public var id: String
    /// The Jaccard similarity of the two articles' shingle sets, rounded to three decimals.
    public var similarity: Double

    /// Creates a link.
    ///
    /// - Parameters:
    ///   - id: the other article's content id.
    ///   - similarity: the Jaccard similarity (rounded to three decimals here).
    public init(id: String, similarity: Double) {
        self.id = id
        self.similarity = (similarity * 1000).rounded() / 1000
    }
}

/// What to do with an article that is a near-duplicate of a stored one.
public enum NearDuplicatePolicy: String, Sendable, CaseIterable, Codable {
    /// Store it, linked both ways to the articles it resembles (the default).
    case keep
    /// Do not store it: record a sighting on the most similar stored article, as for a duplicate.
    case divert
    /// No near-duplicate detection at all.
    case off
}

/// How a store looks for near-duplicates.
public struct NearDuplicateSettings: Sendable, Equatable {
    /// Keep, divert or off.
    public var policy: NearDuplicatePolicy
    /// The least Jaccard similarity that counts.
    public var threshold: Double
    /// Most links kept per article: the most similar ones.
    public var maximumLinks: Int
    /// Articles the index keeps in memory before writing a segment.
    public var flushThreshold: Int

    /// The defaults: keep, threshold 0.6 (`NearDuplicateParameters.standard`), five links.
    public init(policy: NearDuplicatePolicy = .keep, threshold: Double = 0.6, maximumLinks: Int = 5, flushThreshold: Int = 16_384) {
        self.policy = policy
        self.threshold = threshold
        self.maximumLinks = maximumLinks
        self.flushThreshold = flushThreshold
    }
}
