import ArticleStore
import Articles
import TestSupport
import Testing

/// The same cases against `FileArticleStore` and its in-memory twin: both must carry out
/// `CommitDecision` alike, outcome for outcome and record for record.
@Suite struct StoreContractTests {
    enum Kind: String, CaseIterable, Sendable { case file, memory }

    private let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    private func makeStore(_ kind: Kind) throws -> any ArticleStoring {
        switch kind {
        case .file: try FileArticleStore.open(at: folder.path("store"), create: true, clock: FixedClock())
        case .memory: MemoryArticleStore(clock: FixedClock())
        }
    }

    @Test(arguments: Kind.allCases) func newContentIsStoredAndKnownContentIsASighting(_ kind: Kind) throws {
        let store = try makeStore(kind)
        let first = try outcomes(store.commit([try submission(sampleText, key: "a")]))
        let id = try #require(first[0].id)
        #expect(first == [.stored(id)])
        #expect(try outcomes(store.commit([try submission(sampleText, key: "b")])) == [.duplicate(id)])
        #expect(
            try outcomes(store.commit([try submission(sampleText, key: "a")])) == [.stored(id)],
            "a replay of the storing input")
        #expect(try store.sightings(of: id).map(\.source.key) == ["a", "b"])
        #expect(try store.statistics().duplicates == 1)
    }

    @Test(arguments: Kind.allCases) func aContentTwiceInOneBatchIsStoredOnce(_ kind: Kind) throws {
        let store = try makeStore(kind)
        let result = try outcomes(
            store.commit([try submission(sampleText, key: "a"), try submission(sampleText, key: "b")]))
        let id = try #require(result[0].id)
        #expect(result == [.stored(id), .duplicate(id)])
        #expect(try store.statistics().articles == 1)
    }

    /// A claim retried beside itself (the daemon's retry list once held an input twice) must not
    /// become a sighting of its own record.
    @Test(arguments: Kind.allCases) func theSameInputTwiceInOneBatchIsAReplayNotASightingOfItself(
        _ kind: Kind
    ) throws {
        let store = try makeStore(kind)
        let result = try outcomes(
            store.commit([try submission(sampleText, key: "a"), try submission(sampleText, key: "a")]))
        let id = try #require(result[0].id)
        #expect(result == [.stored(id), .stored(id)])
        #expect(try store.sightings(of: id).map(\.source.key) == ["a"])
        #expect(try store.statistics().duplicates == 0)
        #expect(try store.statistics().articles == 1)
    }

    @Test(arguments: Kind.allCases) func aKeptNearDuplicateIsStoredWithItsLinks(_ kind: Kind) throws {
        let store = try makeStore(kind)
        let original = try #require(try outcomes(store.commit([try submission(otherText, key: "a")]))[0].id)
        var copy = try submission(sampleText, key: "b")
        copy.nearDuplicates = [NearDuplicate(id: original, similarity: 0.75)]
        let result = try outcomes(store.commit([copy]))
        guard case .nearDuplicate(let id, let matches) = result[0] else {
            Issue.record("\(result)")
            return
        }
        #expect(matches == copy.nearDuplicates)
        #expect(try store.record(id)?.nearDuplicates == copy.nearDuplicates)
        #expect(try store.statistics().articles == 2)
    }

    @Test(arguments: Kind.allCases) func aDivertedNearDuplicateIsASightingOfTheOriginal(_ kind: Kind) throws {
        let store = try makeStore(kind)
        let original = try #require(try outcomes(store.commit([try submission(otherText, key: "a")]))[0].id)
        var copy = try submission(sampleText, key: "b")
        copy.nearDuplicates = [NearDuplicate(id: original, similarity: 0.75)]
        copy.divert = true
        let result = try outcomes(store.commit([copy]))
        guard case .diverted(let id, let matches) = result[0] else {
            Issue.record("\(result)")
            return
        }
        #expect(matches == copy.nearDuplicates)
        #expect(try store.record(id) == nil)
        let sightings = try store.sightings(of: original)
        #expect(sightings.map(\.source.key) == ["a", "b"])
        #expect(sightings.last?.nearDuplicate == NearDuplicate(id: id, similarity: 0.75))
        #expect(try store.statistics().articles == 1)
    }

    @Test(arguments: Kind.allCases) func aRejectionIsFiledAndNothingStored(_ kind: Kind) throws {
        let store = try makeStore(kind)
        let result = try outcomes(store.commit([rejectedSubmission(.empty, key: "r")]))
        #expect(result.map(\.rejection?.reason) == [.empty])
        #expect(try store.statistics().rejected == 1)
        #expect(try store.statistics().articles == 0)
    }
}

extension StoreContractTests {
    @Test(arguments: Kind.allCases) func theFeedHasOneEntryPerOutcomeAndNoneForAReplay(_ kind: Kind) throws {
        let store = try makeStore(kind)
        let original = try #require(try outcomes(store.commit([try submission(otherText, key: "a")]))[0].id)
        _ = store.commit([try submission(otherText, key: "b")])
        _ = store.commit([try submission(otherText, key: "a")])  // replay: no entry
        var copy = try submission(sampleText, key: "c")
        copy.nearDuplicates = [NearDuplicate(id: original, similarity: 0.75)]
        copy.divert = true
        _ = store.commit([copy])
        _ = store.commit([rejectedSubmission(.binary, key: "r")])
        _ = store.commit([rejectedSubmission(.binary, key: "r")])  // replay: no entry
        let entries = try store.changes(after: 0, limit: 100)
        #expect(entries.map(\.seq) == [1, 2, 3, 4])
        #expect(entries.map(\.event) == [.stored, .duplicate, .diverted, .rejected])
        #expect(entries.map(\.key) == ["a", "b", "c", "r"])
        #expect(entries.map(\.id) == [original, original, original, nil])
        #expect(entries[0].record == "articles/\(original.shard)/\(original.hex).json")
        #expect(entries[0].title == "Rates unchanged")
        #expect(entries[1].sighting == "sightings/\(original.shard)/\(original.hex).b.json")
        #expect(entries[2].nearDuplicate?.similarity == 0.75)
        #expect(entries[3].reason == "binary")
        #expect(try store.changes(after: 2, limit: 1).map(\.seq) == [3])
    }
}
