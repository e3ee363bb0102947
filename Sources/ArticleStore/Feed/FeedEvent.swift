/// What a changes-feed entry reports: one kind per outcome that changes what the store holds.
///
/// The raw values are part of the store format (`docs/store-format.md`); never rename one.
public enum FeedEvent: String, Sendable, Codable, CaseIterable {
    /// A new record (a new content, near-duplicates included when kept).
    case stored
    /// A sighting of stored content.
    case duplicate
    /// A near-duplicate recorded as a sighting of the most similar stored article (policy `divert`).
    case diverted
    /// A rejected input, filed in the ledger.
    case rejected
}
