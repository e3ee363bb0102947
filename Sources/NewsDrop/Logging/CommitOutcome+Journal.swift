import ArticleStore
import Events
import Logging
import SystemPackage

extension CommitOutcome {
    /// The most metadata an input's entry carries: the daemon's six `source_*` and
    /// `article_sha256` fields and the seven of a near-duplicate. A dictionary made this large at
    /// once is never rehashed while the entry is built.
    static let journalMetadataCapacity = 13

    /// The journal entry for this outcome of one input: its level and message, and its outcome
    /// fields (`NEWSDROP_EVENT`, `ARTICLE_ID`, …) added to `metadata` (the daemon's fields about
    /// the input), written to match the catalog's entry for the event. The fields go into the
    /// caller's dictionary rather than a new one merged into it: one dictionary per input.
    ///
    /// - Parameters:
    ///   - file: the name the producer gave the input.
    ///   - title: the article's title, when it is one.
    ///   - moved: where the input was moved; `nil` when it was deleted.
    ///   - metadata: the entry's metadata, to which the outcome's fields are added (replacing any
    ///     of the same name).
    func journalEntry(
        file: FilePath.Component, title: String?, moved: FilePath?, metadata: inout Logger.Metadata
    ) -> (level: Logger.Level, message: Logger.Message) {
        let disposedTo = moved?.string ?? "deleted"
        switch self {
        case .stored(let id):
            metadata["article_id"] = "\(id)"
            metadata["disposed_to"] = "\(disposedTo)"
            metadata.name(.stored)
            return (.info, "stored \(id) \"\(title ?? "")\" from \(file)")
        case .duplicate(let id):
            metadata["article_id"] = "\(id)"
            metadata["duplicate_of"] = "\(id)"
            metadata["disposed_to"] = "\(disposedTo)"
            metadata.name(.duplicate)
            return (.info, "\(file) is a duplicate of \(id); sighting recorded")
        case .nearDuplicate(let id, let matches), .diverted(let id, let matches):
            let kept = addsRecord
            let best = matches[0]
            let verdict = kept ? "stored \(id), linked as" : "\(file) (\(id)) not stored: diverted as"
            metadata["article_id"] = "\(id)"
            metadata["near_duplicate_of"] = "\(best.id)"
            metadata["near_duplicates"] = "\(matches.map { "\($0.id):\($0.similarity)" }.joined(separator: " "))"
            metadata["similarity"] = "\(best.similarity)"
            metadata["near_duplicate_policy"] = "\(kept ? "keep" : "divert")"
            metadata["disposed_to"] = "\(disposedTo)"
            metadata.name(.nearDuplicate)
            return (.info, "\(verdict) a near-duplicate of \(best.id) (similarity \(best.similarity)) from \(file)")
        case .rejected(let rejection):
            metadata["reject_reason"] = "\(rejection.reason.rawValue)"
            metadata["disposed_to"] = "\(moved?.string ?? "")"
            metadata.name(.rejected)
            return (.warning, "rejected \(file): \(rejection.message) (moved to \(moved?.string ?? "?"))")
        }
    }
}
