import Articles

/// What a commit does with one submission — the one rule `FileArticleStore` and
/// `MemoryArticleStore` both follow, so the twin cannot drift from the real store.
///
/// Pure: it reads nothing and writes nothing; the store looks up what it needs and then acts on
/// the decision.
public enum CommitDecision: Sendable, Equatable {
    /// A new content: write its record, linked to the submission's near-duplicates.
    case store
    /// The record is already there, written by this very input (a commit replayed after a crash):
    /// write nothing and report it stored again.
    case replay
    /// A content already stored: record a sighting on it.
    case sighting
    /// A new content resembling stored articles, under policy `divert`: record it as a sighting of
    /// `onto`, the most similar one, and store nothing.
    case divert(onto: ContentID, similarity: Double)
    /// Another text already holds this 16-digit id: reject the input.
    case collision(Rejection)
    /// Not an article: file the rejection.
    case reject(Rejection)

    /// What the store already holds under a submission's id.
    public struct Holder: Sendable, Equatable {
        /// The full SHA-256 (hex) of the held text.
        public let sha256: String
        /// The sighting key of the input that stored it (or is storing it, in the batch in hand);
        /// `nil` when unknown.
        public let firstKey: String?

        /// Describes a held record.
        public init(sha256: String, firstKey: String?) {
            self.sha256 = sha256
            self.firstKey = firstKey
        }
    }

    /// Decides what becomes of `submission`.
    ///
    /// - Parameters:
    ///   - submission: the input, with its near-duplicate matches and divert flag already set.
    ///   - holder: the record stored under the article's id, or the one an earlier submission of
    ///     this batch is storing under it; `nil` when the id is free.
    /// - Returns: the decision.
    public static func decide(_ submission: Submission, holder: Holder?) -> CommitDecision {
        let article: Article
        switch submission.content {
        case .rejected(let rejection): return .reject(rejection)
        case .article(let value): article = value
        }
        guard let holder else {
            if submission.divert, let best = submission.nearDuplicates.first {
                return .divert(onto: best.id, similarity: best.similarity)
            }
            return .store
        }
        guard holder.sha256 == article.digest.hex else {
            return .collision(
                Rejection(
                    .idCollision,
                    "its text differs from stored article \(article.id) although both hash to that 16-digit id "
                        + "(stored SHA-256 \(holder.sha256), this text \(article.digest.hex))"
                )
            )
        }
        return holder.firstKey == submission.source.key ? .replay : .sighting
    }

    /// The outcome a submission has once this decision is carried out.
    ///
    /// - Parameter submission: the submission the decision was made for.
    public func outcome(of submission: Submission) -> CommitOutcome {
        switch (self, submission.content) {
        case (.reject(let rejection), _), (.collision(let rejection), _): return .rejected(rejection)
        case (_, .rejected(let rejection)): return .rejected(rejection)
        case (.sighting, .article(let article)): return .duplicate(article.id)
        case (.divert, .article(let article)): return .diverted(article.id, onto: submission.nearDuplicates)
        case (.store, .article(let article)), (.replay, .article(let article)):
            return submission.nearDuplicates.isEmpty
                ? .stored(article.id) : .nearDuplicate(article.id, of: submission.nearDuplicates)
        }
    }
}
