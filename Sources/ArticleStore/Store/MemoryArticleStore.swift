import Articles
import Synchronization
import SystemPackage

/// The in-memory twin of `FileArticleStore`: the same outcomes and the same records, kept in a
/// dictionary. For tests of code that uses a store and does not care about files.
public final class MemoryArticleStore: ArticleStoring {
    private struct State {
        var records: [ContentID: ArticleRecord] = [:]
        var laterSightings: [ContentID: [String: Sighting]] = [:]
        var rejections: [String: RejectionRecord] = [:]
        var feed: [FeedEntry] = []

        /// Adds a sighting unless this input's sighting is already recorded (a replay).
        ///
        /// - Returns: whether it was added.
        mutating func recordSighting(_ sighting: Sighting, of id: ContentID) -> Bool {
            guard laterSightings[id]?[sighting.source.key] == nil else { return false }
            laterSightings[id, default: [:]][sighting.source.key] = sighting
            return true
        }

        /// Files a rejection unless this input's is already filed (a replay).
        ///
        /// - Returns: whether it was filed.
        mutating func file(_ rejection: RejectionRecord) -> Bool {
            guard rejections[rejection.source.key] == nil else { return false }
            rejections[rejection.source.key] = rejection
            return true
        }
    }

    /// The layout the feed entries' paths follow (as in a file store).
    private static let layout = StoreLayout(root: FilePath("/"))

    private let state = Mutex(State())
    private let clock: any WallClock

    /// Creates an empty store.
    ///
    /// - Parameter clock: the clock for timestamps.
    public init(clock: any WallClock = SystemWallClock()) {
        self.clock = clock
    }

    public func commit(_ submissions: [Submission]) -> [Result<CommitOutcome, StoreError>] {
        let seen = Timestamp.string(from: clock.now())
        return state.withLock { state in
            submissions.map { submission in .success(Self.commit(submission, seen: seen, into: &state)) }
        }
    }

    /// Carries out `CommitDecision` for one submission, as `FileArticleStore` does on disk.
    private static func commit(_ submission: Submission, seen: String, into state: inout State) -> CommitOutcome {
        let source = submission.source
        var holder: CommitDecision.Holder?
        if case .article(let article) = submission.content, let existing = state.records[article.id] {
            holder = CommitDecision.Holder(sha256: existing.sha256, firstKey: existing.firstSource.key)
        }
        let decision = CommitDecision.decide(submission, holder: holder)
        let recorded: Bool
        switch (decision, submission.content) {
        case (.reject(let rejection), _):
            recorded = state.file(RejectionRecord(rejection: rejection, seen: seen, source: source))
        case (.collision(let rejection), .article(let article)):
            recorded = state.file(RejectionRecord(rejection: rejection, seen: seen, source: source, article: article))
        case (.store, .article(let article)):
            state.records[article.id] = ArticleRecord(
                article: article, source: source, seen: seen, nearDuplicates: submission.nearDuplicates)
            recorded = true
        case (.sighting, .article(let article)):
            recorded = state.recordSighting(Sighting(id: article.id, seen: seen, source: source), of: article.id)
        case (.divert(let target, let similarity), .article(let article)):
            let diverted = NearDuplicate(id: article.id, similarity: similarity)
            recorded = state.recordSighting(
                Sighting(id: target, seen: seen, source: source, nearDuplicate: diverted), of: target)
        case (.replay, _), (_, .rejected):
            recorded = false
        }
        if recorded, var entry = FeedEntry.describing(decision, of: submission, at: seen, in: layout) {
            entry.seq = state.feed.count + 1
            entry.writer = "memory"
            entry.batch = "memory"
            state.feed.append(entry)
        }
        return decision.outcome(of: submission)
    }

    public func changes(after seq: Int, limit: Int) -> [FeedEntry] {
        state.withLock { Array($0.feed.dropFirst(max(0, seq)).prefix(limit)) }
    }

    public func record(_ id: ContentID) -> ArticleRecord? {
        state.withLock { $0.records[id] }
    }

    public func sightings(of id: ContentID) -> [Sighting] {
        state.withLock { state in
            guard let record = state.records[id] else { return [] }
            let later = state.laterSightings[id, default: [:]].values.sorted {
                ($0.seen, $0.source.key) < ($1.seen, $1.source.key)
            }
            return [record.firstSighting] + later
        }
    }

    public func ids(withPrefix prefix: String) -> [ContentID] {
        state.withLock { $0.records.keys.filter { $0.hex.hasPrefix(prefix.lowercased()) }.sorted() }
    }

    public func summaries() -> [ArticleSummary] {
        state.withLock { state in
            state.records.values.map { record in
                let later = state.laterSightings[record.id]?.count ?? 0
                return ArticleSummary(
                    id: record.id, title: record.title, firstSeen: record.firstSeen, sightings: 1 + later)
            }
            .sorted { ($0.firstSeen, $0.id) < ($1.firstSeen, $1.id) }
        }
    }

    public func statistics() -> StoreStatistics {
        state.withLock { state in
            let duplicates = state.laterSightings.values.reduce(0) { $0 + $1.count }
            var byReason: [String: Int] = [:]
            for rejection in state.rejections.values { byReason[rejection.reason.rawValue, default: 0] += 1 }
            let bytes = state.records.values.reduce(0) { $0 + Int64($1.jsonBytes.count) }
            return StoreStatistics(
                articles: state.records.count, sightings: state.records.count + duplicates, duplicates: duplicates,
                rejected: state.rejections.count, rejectedByReason: byReason, bytes: bytes, diskBytes: bytes
            )
        }
    }
}
