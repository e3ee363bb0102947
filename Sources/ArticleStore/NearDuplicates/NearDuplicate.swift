import Articles

/// A stored article that another is a near-duplicate of, and how similar the two are.
public struct NearDuplicate: Sendable, Equatable, Codable {
    /// The other article's content id.
    public var id: ContentID
    /// The Jaccard similarity of the two articles' shingle sets, rounded to three decimals.
    public var similarity: Double

    /// Creates a link.
    ///
    /// - Parameters:
    ///   - id: the other article's content id.
    ///   - similarity: the Jaccard similarity (rounded to three decimals here).
    public init(id: ContentID, similarity: Double) {
        self.id = id
        self.similarity = (similarity * 1000).rounded() / 1000
    }
}
