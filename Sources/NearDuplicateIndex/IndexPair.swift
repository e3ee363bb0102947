/// An article as a segment or the log tail finds it: its id, and where its entry (with its sketch)
/// is in the log. `NearDuplicateIndex.Candidate` is what leaves the module.
struct IndexedID: Sendable, Hashable {
    /// The article's content id, as `ContentID.bits`.
    let id: UInt64
    /// Its entry's position in `log.bin` (entry number, not byte offset).
    let position: UInt32
}

/// One pair of a segment or the log tail: a band key and an article that has it, ordered by key,
/// then id (then position, for entries of one article appended twice).
struct IndexPair: Sendable, Comparable {
    // Stored with the two 4-byte fields side by side: 16 bytes a pair rather than 24 (a tail flush
    // sorts 262,144 of them).
    /// The band key.
    let key: UInt32
    /// Its entry's position in the log.
    let position: UInt32
    /// The article's id.
    let id: UInt64

    /// Creates a pair.
    init(key: UInt32, id: UInt64, position: UInt32) {
        self.key = key
        self.position = position
        self.id = id
    }

    static func < (lhs: IndexPair, rhs: IndexPair) -> Bool {
        (lhs.key, lhs.id, lhs.position) < (rhs.key, rhs.id, rhs.position)
    }

    /// The article.
    var indexed: IndexedID { IndexedID(id: id, position: position) }
}
