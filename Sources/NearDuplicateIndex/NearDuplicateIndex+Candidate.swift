import Articles

extension NearDuplicateIndex {
    /// An article found by `candidates(for:excluding:limit:)`.
    ///
    /// It holds the id as the index stores it (`ContentID.bits`), so that finding, comparing and
    /// screening candidates makes no strings; `id` makes the `ContentID` when it is asked for.
    public struct Candidate: Sendable, Equatable {
        /// The content id as the index stores it.
        let bits: UInt64
        /// Its log entry's position, where its sketch is; `nil` for an article known only
        /// provisionally (its shingles are at hand: `provisionalShingles(of:)`).
        public let position: UInt32?

        /// Its content id (made on each access from the 64 bits the index holds).
        public var id: ContentID { ContentID(bits: bits) }

        /// Creates a candidate.
        ///
        /// - Parameters:
        ///   - id: the article's content id.
        ///   - position: its log entry's position; `nil` when known only provisionally.
        public init(id: ContentID, position: UInt32?) {
            self.init(bits: id.bits, position: position)
        }

        /// Creates a candidate from the id as the index stores it.
        init(bits: UInt64, position: UInt32?) {
            self.bits = bits
            self.position = position
        }
    }
}
