import ArticleStore
import Events
import Logging
import SystemPackage

extension CommitOutcome {
    /// The journal entry for this outcome of one input: its level, message and outcome fields
    /// (`NEWSDROP_EVENT`, `ARTICLE_ID`, …), written to match the catalog's entry for the event.
    ///
    /// - Parameters:
    ///   - file: the name the producer gave the input.
    ///   - title: the article's title, when it is one.
    ///   - moved: where the input was moved; `nil` when it was deleted.
    func journalEntry(
        file: FilePath.Component, title: String?, moved: FilePath?
    ) -> (level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata) {
        let disposedTo = moved?.string ?? "deleted"
        switch self {
        case .stored(let id):
            return (
                .info, "stored \(id) \"\(title ?? "")\" from \(file)",
                .event(
                    .stored,
                    [
                        "article_id": "\(id)", "disposed_to": "\(disposedTo)",
                    ])
            )
        case .duplicate(let id):
            return (
                .info, "\(file) is a duplicate of \(id); sighting recorded",
                .event(
                    .duplicate,
                    [
                        "article_id": "\(id)", "duplicate_of": "\(id)", "disposed_to": "\(disposedTo)",
                    ])
            )
        case .nearDuplicate(let id, let matches), .diverted(let id, let matches):
            let kept = addsRecord
            let best = matches[0]
            let verdict = kept ? "stored \(id), linked as" : "\(file) (\(id)) not stored: diverted as"
            return (
                .info, "\(verdict) a near-duplicate of \(best.id) (similarity \(best.similarity)) from \(file)",
                .event(
                    .nearDuplicate,
                    [
                        "article_id": "\(id)", "near_duplicate_of": "\(best.id)",
                        "near_duplicates": "\(matches.map { "\($0.id):\($0.similarity)" }.joined(separator: " "))",
                        "similarity": "\(best.similarity)", "near_duplicate_policy": "\(kept ? "keep" : "divert")",
                        "disposed_to": "\(disposedTo)",
                    ])
            )
        case .rejected(let rejection):
            return (
                .warning, "rejected \(file): \(rejection.message) (moved to \(moved?.string ?? "?"))",
                .event(
                    .rejected,
                    [
                        "reject_reason": "\(rejection.reason.rawValue)", "disposed_to": "\(moved?.string ?? "")",
                    ])
            )
        }
    }
}
