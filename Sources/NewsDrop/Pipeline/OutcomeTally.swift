import ArticleStore

/// Counts of outcomes, kept by one rule for the one-shot summary and the daemon's status.
public protocol OutcomeTally {
    /// New contents stored (near-duplicates kept included).
    var stored: Int { get set }
    /// Inputs recorded as sightings of stored content (diverted near-duplicates included).
    var duplicates: Int { get set }
    /// New contents that resemble stored articles, kept or diverted.
    var nearDuplicates: Int { get set }
    /// Rejected inputs.
    var rejected: Int { get set }
}

extension OutcomeTally {
    /// Counts one durable outcome.
    public mutating func count(_ outcome: CommitOutcome) {
        if outcome.addsRecord { stored += 1 }
        if outcome.recordsSighting { duplicates += 1 }
        if !outcome.nearDuplicates.isEmpty { nearDuplicates += 1 }
        if outcome.rejection != nil { rejected += 1 }
    }
}
