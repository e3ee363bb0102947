/// What `newsdrop ls` shows of one article.
public struct ArticleSummary: Sendable, Equatable, Codable {
    /// The content id.
    public var id: String
    /// The title.
    public var title: String
    /// When it was first seen.
    public var firstSeen: String
    /// How many times it was seen, the first included.
    public var sightings: Int

    /// Creates a summary.
    public init(id: String, title: String, firstSeen: String, sightings: Int) {
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
