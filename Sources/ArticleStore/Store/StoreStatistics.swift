/// Counts of a store's contents, as `newsdrop stats` prints them.
public struct StoreStatistics: Sendable, Equatable, Codable {
    /// Stored articles (distinct contents).
    public var articles: Int
    /// All sightings: one per stored article plus every later sighting.
    public var sightings: Int
    /// Sightings of content that was already stored.
    public var duplicates: Int
    /// Rejected inputs in the ledger.
    public var rejected: Int
    /// Rejected inputs by reason code.
    public var rejectedByReason: [String: Int]
    /// Bytes in the store's files (`nil` unless the files were walked: `stats --sizes`).
    public var bytes: Int64?
    /// Bytes the store's files take on disk (allocated blocks), when walked.
    public var diskBytes: Int64?
    /// The seq of the feed's newest entry, when the counts come from the feed.
    public var feedHead: Int?

    /// Creates statistics.
    public init(
        articles: Int, sightings: Int, duplicates: Int, rejected: Int, rejectedByReason: [String: Int], bytes: Int64?,
        diskBytes: Int64?, feedHead: Int? = nil
    ) {
        self.articles = articles
        self.sightings = sightings
        self.duplicates = duplicates
        self.rejected = rejected
        self.rejectedByReason = rejectedByReason
        self.bytes = bytes
        self.diskBytes = diskBytes
        self.feedHead = feedHead
    }

    enum CodingKeys: String, CodingKey {
        case articles, sightings, duplicates, rejected, bytes
        case rejectedByReason = "rejected_by_reason"
        case diskBytes = "disk_bytes"
        case feedHead = "feed_head"
    }
}
