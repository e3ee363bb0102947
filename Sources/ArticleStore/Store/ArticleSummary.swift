import Articles

/// What `newsdrop ls` shows of one article.
public struct ArticleSummary: Sendable, Equatable, Codable {
    /// The content id: 16 hex digits of SHA-256 over the canonical text.
    public var id: ContentID
    /// The title the parser found (the first line of the article).
    public var title: String
    /// When it was first seen.
    public var firstSeen: String
    /// How many times it was seen, the first included.
    public var sightings: Int

    /// Creates a summary.
    public init(id: ContentID, title: String, firstSeen: String, sightings: Int) {
        self.id = id
        self.title = title
        self.firstSeen = firstSeen
        self.sightings = sightings
    }

    enum CodingKeys: String, CodingKey {
        case id, title, sightings
        case firstSeen = "first_seen"
    }
}
