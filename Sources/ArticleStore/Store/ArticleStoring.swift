import Articles
import NearDuplicates

/// A store of articles keyed by content id. `FileArticleStore` is the real one;
/// `MemoryArticleStore` is its in-memory twin for tests of code that uses a store.
public protocol ArticleStoring: Sendable {
    /// Stores a batch of submissions and returns once every outcome is durable.
    ///
    /// New contents become records, known contents become sightings, rejections go to the ledger.
    /// Submitting the same `SourceFile.key` again (after a crash, say) changes nothing and reports
    /// the same outcome. Results are in submission order; one failing does not fail the others.
    /// - Parameter submissions: the batch; a batch of one is made durable at once on its own.
    func commit(_ submissions: [Submission]) -> [Result<CommitOutcome, StoreError>]

    /// Like `commit(_:)`, except that a batch of more than one returns once its files are durable
    /// and published but before their names are (and before their changes-feed entries are
    /// appended): the caller must call `completeCommit(_:)` before it relies on the outcomes
    /// (moves the inputs aside, say). A daemon committing batch after batch runs that completion
    /// beside the next batch's commit instead of in its path.
    func commitDeferringFlush(_ submissions: [Submission]) -> DeferredCommit

    /// Makes a deferred commit's outcomes durable, names included (one `syncfs`, or under the
    /// `fsync` flush policy an `fsync` of each folder the commit touched), then appends
    /// its changes-feed entries.
    ///
    /// - Throws: `StoreError` when that fails; the commit's outcomes are then unknown (committing
    ///   the same submissions again is safe: it changes nothing that was done).
    func completeCommit(_ commit: DeferredCommit) throws(StoreError)

    /// The changes-feed entries after `seq`, oldest first, at most `limit`.
    ///
    /// - Throws: `StoreError`, or `FeedError` when the feed cannot be read.
    func changes(after seq: Int, limit: Int) throws -> [FeedEntry]

    /// The near-duplicate fingerprint of an article, or `nil` when the store does not look for
    /// near-duplicates. Thread-safe.
    func fingerprint(_ article: Article) -> Fingerprint?

    /// Finds the near-duplicates of a batch's articles (in order, so later ones see earlier ones)
    /// and sets `nearDuplicates` and `divert` on their submissions. Call before `commit(_:)`.
    ///
    /// - Throws: `StoreError` when the index cannot be read (the batch should be retried).
    func matchNearDuplicates(_ submissions: inout [Submission]) throws(StoreError)

    /// The record of an id, or `nil` when it is not stored.
    ///
    /// - Throws: `StoreError`.
    func record(_ id: ContentID) throws(StoreError) -> ArticleRecord?

    /// Every sighting of an id, the first (from the record) included, oldest first.
    ///
    /// - Throws: `StoreError`.
    func sightings(of id: ContentID) throws(StoreError) -> [Sighting]

    /// The stored ids that start with `prefix` (lowercase hex).
    ///
    /// - Throws: `StoreError`.
    func ids(withPrefix prefix: String) throws(StoreError) -> [ContentID]

    /// One line per stored article, oldest first.
    ///
    /// - Throws: `StoreError`.
    func summaries() throws(StoreError) -> [ArticleSummary]

    /// Counts of everything in the store.
    ///
    /// - Throws: `StoreError`.
    func statistics() throws(StoreError) -> StoreStatistics
}

extension ArticleStoring {
    /// A store without deferred flushes commits durably at once.
    public func commitDeferringFlush(_ submissions: [Submission]) -> DeferredCommit {
        DeferredCommit(outcomes: commit(submissions))
    }

    /// A store without deferred flushes has nothing left to do.
    public func completeCommit(_ commit: DeferredCommit) throws(StoreError) {}

    /// No near-duplicate detection unless a store implements it.
    public func fingerprint(_ article: Article) -> Fingerprint? { nil }

    /// No near-duplicate detection unless a store implements it.
    public func matchNearDuplicates(_ submissions: inout [Submission]) throws(StoreError) {}
}
