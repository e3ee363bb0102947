/// What to do with an article that is a near-duplicate of a stored one.
public enum NearDuplicatePolicy: String, Sendable, CaseIterable, Codable {
    /// Store it, linked both ways to the articles it resembles (the default).
    case keep
    /// Do not store it: record a sighting on the most similar stored article, as for a duplicate.
    case divert
    /// No near-duplicate detection at all.
    case off
}
