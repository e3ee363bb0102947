import Articles
import NearDuplicates

/// One input handed to the store: either an understood article or the reason it is not one.
public struct Submission: Sendable {
    /// What the input turned out to be.
    public enum Content: Sendable {
        /// A valid article, to be stored or recorded as a sighting.
        case article(Article)
        /// Not an article; the store files the rejection in its ledger.
        case rejected(Rejection)
    }

    /// What the input turned out to be.
    public let content: Content
    /// The input file: its name, path, size, host and sighting key, recorded with the outcome.
    public let source: SourceFile
    /// The article's near-duplicate fingerprint, when the store looks for near-duplicates.
    public var fingerprint: Fingerprint?
    /// Stored articles this one resembles, most similar first (set by `matchNearDuplicates`).
    public var nearDuplicates: [NearDuplicate] = []
    /// Record it as a sighting of `nearDuplicates[0]` instead of storing it (policy `divert`).
    public var divert = false

    /// Creates a submission.
    public init(_ content: Content, source: SourceFile, fingerprint: Fingerprint? = nil) {
        self.content = content
        self.source = source
        self.fingerprint = fingerprint
    }
}
