import ArticleStore
import Events
import Logging
import SystemPackage

/// The outcomes of one batch's inputs, gathered for the single journal entry `log_outcomes:
/// batch` writes in place of one per input (event `batch`): one `OUTCOME` field per input
/// (`stored 2a12523330ba2c24 000_x.txt`) and one `ARTICLE_ID` field per content id, so that
/// `journalctl ARTICLE_ID=…` still finds it. Rejections are not gathered: they keep an entry each.
struct BatchOutcomes {
    /// `outcome id file` per input, in order.
    private(set) var outcomes: [String] = []
    private var ids: [String] = []
    private var seen: Set<String> = []
    private var counts: [String: Int] = [:]

    /// Nothing gathered yet.
    init() {}

    /// Whether nothing was gathered.
    var isEmpty: Bool { outcomes.isEmpty }

    /// Adds one input's outcome.
    ///
    /// - Parameters:
    ///   - outcome: what became of it (not a rejection).
    ///   - file: the name the producer gave it.
    mutating func add(_ outcome: CommitOutcome, file: FilePath.Component) {
        let id = outcome.id.map { "\($0)" } ?? "-"
        outcomes.append("\(outcome.label) \(id) \(file)")
        counts[outcome.label, default: 0] += 1
        if outcome.id != nil, seen.insert(id).inserted { ids.append(id) }
    }

    /// The batch's journal entry: its level, message and fields.
    func journalEntry() -> (level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata) {
        let stored = counts["stored", default: 0]
        let duplicates = counts["duplicate", default: 0]
        let near = counts["near-duplicate", default: 0]
        return (
            .info,
            "batch of \(outcomes.count) inputs: \(stored) stored, \(duplicates) duplicates, \(near) near-duplicates",
            .event(
                .batch,
                [
                    "batch_size": "\(outcomes.count)", "stored_count": "\(stored)",
                    "duplicate_count": "\(duplicates)", "near_duplicate_count": "\(near)",
                    "outcome": .array(outcomes.map { .string($0) }), "article_id": .array(ids.map { .string($0) }),
                ])
        )
    }
}
