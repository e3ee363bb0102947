import FoundationEssentials
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A commit's feed entries, to append once the files they name are durable, names included.
struct FeedAppend: Sendable {
    /// The store's feed.
    let feed: ChangesFeed
    /// The commit's intent, removed once every entry it lists is appended.
    let intent: FeedIntent?
    /// The entries of the submissions that succeeded, with their submission indices.
    var entries: [(index: Int, entry: FeedEntry)]
    /// Whether every submission the intent lists succeeded: else the intent stays for recovery,
    /// which appends the entries of whichever files a failed submission did publish.
    var complete: Bool

    /// Appends the entries, then removes (or leaves) the intent.
    ///
    /// - Throws: `StoreError`; the intent then stays, so nothing is lost.
    func run() throws(StoreError) {
        if Self.dieBeforeAppending { kill(getpid(), SIGKILL) }
        do {
            _ = try feed.append(entries.map(\.entry))
        } catch {
            abandon()
            throw .fileSystem(error)
        }
        if complete { intent?.finish() } else { abandon() }
    }

    /// Test hook (`NEWSDROP_TEST_DIE_BEFORE_FEED_APPEND=1`): die at the worst moment for the
    /// feed, with the commit's files durable and its entries not yet appended.
    private static let dieBeforeAppending =
        ProcessInfo.processInfo.environment["NEWSDROP_TEST_DIE_BEFORE_FEED_APPEND"] == "1"

    /// Lets go of the intent, leaving it for recovery (by this process's next commit).
    func abandon() {
        guard let intent else { return }
        intent.abandon()
        feed.recoveryDue.store(true, ordering: .relaxed)
    }
}

/// The result of `FileArticleStore.commitDeferringFlush(_:)`: the outcomes, which are not durable
/// until `ArticleStoring.completeCommit(_:)` returns, and what that still has to do.
public struct DeferredCommit: Sendable {
    /// One result per submission, in order.
    public let outcomes: [Result<CommitOutcome, StoreError>]
    /// The feed entries to append after the flush (`nil`: nothing left to do).
    let feed: FeedAppend?
    /// The folders to `fsync` for the flush, under the `fsync` policy (`nil`: one `syncfs`).
    let folders: [FilePath]?

    /// A commit that is complete already.
    public init(outcomes: [Result<CommitOutcome, StoreError>]) {
        self.outcomes = outcomes
        self.feed = nil
        self.folders = nil
    }

    init(outcomes: [Result<CommitOutcome, StoreError>], feed: FeedAppend?, folders: [FilePath]? = nil) {
        self.outcomes = outcomes
        self.feed = feed
        self.folders = folders
    }
}
