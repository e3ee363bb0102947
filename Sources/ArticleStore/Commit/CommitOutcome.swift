import Articles

/// What became of one submission once its outcome is durable: one case per outcome.
public enum CommitOutcome: Sendable, Equatable {
    /// A new content: its record is stored.
    case stored(ContentID)
    /// A content already stored: a sighting is recorded on it.
    case duplicate(ContentID)
    /// A new content that resembles stored articles: stored, and linked both ways to them.
    case nearDuplicate(ContentID, of: [NearDuplicate])
    /// A new content that resembles stored articles, not stored (policy `divert`): recorded as a
    /// sighting of the most similar one, `onto[0]`.
    case diverted(ContentID, onto: [NearDuplicate])
    /// Not stored: the rejection is filed in the ledger.
    case rejected(Rejection)

    /// The content id the input carried; `nil` for a rejection.
    public var id: ContentID? {
        switch self {
        case .stored(let id), .duplicate(let id), .nearDuplicate(let id, _), .diverted(let id, _): id
        case .rejected: nil
        }
    }

    /// Whether the outcome added a record to the store (the input goes to `processed/`).
    public var addsRecord: Bool {
        switch self {
        case .stored, .nearDuplicate: true
        case .duplicate, .diverted, .rejected: false
        }
    }

    /// Whether the outcome recorded a sighting of stored content (the input goes to `duplicates/`).
    public var recordsSighting: Bool {
        switch self {
        case .duplicate, .diverted: true
        case .stored, .nearDuplicate, .rejected: false
        }
    }

    /// The stored articles it resembles, most similar first; empty unless a near-duplicate.
    public var nearDuplicates: [NearDuplicate] {
        switch self {
        case .nearDuplicate(_, let matches), .diverted(_, let matches): matches
        case .stored, .duplicate, .rejected: []
        }
    }

    /// The rejection, when the input was rejected.
    public var rejection: Rejection? {
        if case .rejected(let rejection) = self { return rejection }
        return nil
    }

    /// `stored`, `duplicate`, `near-duplicate` (kept or diverted) or `rejected`: the word the CLI
    /// prints and the journal's `NEWSDROP_EVENT`.
    public var label: String {
        switch self {
        case .stored: "stored"
        case .duplicate: "duplicate"
        case .nearDuplicate, .diverted: "near-duplicate"
        case .rejected: "rejected"
        }
    }
}
