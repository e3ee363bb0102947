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
    public init(
        policy: NearDuplicatePolicy = .keep, threshold: Double = 0.6, maximumLinks: Int = 5,
        flushThreshold: Int = 16_384
    ) {
        self.policy = policy
        self.threshold = threshold
        self.maximumLinks = maximumLinks
        self.flushThreshold = flushThreshold
    }
}
