import Articles

/// One near-duplicate of an article, as `newsdrop similar` lists it.
public struct SimilarArticle: Sendable, Equatable, Codable {
    /// How the two are related.
    public enum Relation: String, Sendable, Codable {
        /// Stored before this one; this one's record links to it.
        case older
        /// Stored after this one, linked back to it.
        case newer
        /// Seen after this one and diverted onto it as a sighting (not stored).
        case diverted
    }

    /// The other article's content id.
    public var id: ContentID
    /// Its title, when it is stored.
    public var title: String?
    /// The Jaccard similarity.
    public var similarity: Double
    /// Older, newer or diverted.
    public var relation: Relation

    /// Creates an entry.
    public init(id: ContentID, title: String?, similarity: Double, relation: Relation) {
        self.id = id
        self.title = title
        self.similarity = similarity
        self.relation = relation
    }
}
