import ArticleStore
import Inbox

extension CommitOutcome {
    /// Where the input goes once the outcome is durable: a new record to `processed/`, a sighting
    /// (a duplicate or a diverted near-duplicate) to `duplicates/`, a rejection to `rejected/`.
    var destination: Disposer.Destination {
        if addsRecord { return .processed }
        if recordsSighting { return .duplicates }
        return .rejected
    }
}
