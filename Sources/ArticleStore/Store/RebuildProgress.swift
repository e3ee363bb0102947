/// How far a rebuild of a store's derived data has come, as `FileArticleStore.open` reports it.
public struct RebuildProgress: Sendable, Equatable {
    /// What is rebuilt.
    public enum What: String, Sendable {
        /// The near-duplicate index (missing, or of an earlier release).
        case nearDuplicateIndex = "near-duplicate index"
        /// The changes feed of a store made before it existed.
        case changesFeed = "changes feed"
    }

    /// What is rebuilt.
    public let what: What
    /// Records read so far: 0 as the rebuild starts.
    public let records: Int

    /// Creates a progress report.
    public init(what: What, records: Int) {
        self.what = what
        self.records = records
    }
}
