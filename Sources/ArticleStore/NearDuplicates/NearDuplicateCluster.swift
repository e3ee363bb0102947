/// A group of stored articles linked by near-duplicate relations, as `newsdrop clusters` lists it.
public struct NearDuplicateCluster: Sendable, Equatable, Codable {
    /// The members, oldest first.
    public var articles: [ArticleSummary]
    /// The lowest similarity of the links that join the group.
    public var lowestSimilarity: Double

    enum CodingKeys: String, CodingKey {
        case articles
        case lowestSimilarity = "lowest_similarity"
    }

    /// Creates a cluster.
    public init(articles: [ArticleSummary], lowestSimilarity: Double) {
        self.articles = articles
        self.lowestSimilarity = lowestSimilarity
    }
}
