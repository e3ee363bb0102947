import Articles

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
    /// The input file.
    public let source: SourceFile

    /// Creates a submission.
    public init(_ content: Content, source: SourceFile) {
        self.content = content
        self.source = source
    }
}

/// What became of one submission once its outcome is durable.
public enum CommitOutcome: Sendable, Equatable {
    /// A new content: its record is stored.
    case stored(ContentID)
    /// A content already stored: a sighting is recorded on it.
    case duplicate(ContentID)
    /// Not stored: the rejection is filed in the ledger.
    case rejected(Rejection)
}
