import ArticleStore
import Articles
import DurableFiles
import Foundation
import NearDuplicateIndex
import NearDuplicates
import SystemPackage
import TestSupport
import Testing

/// Near-duplicate detection through the store: links both ways, the divert policy, batches in flight,
/// an index that survives reopening and is rebuilt for a store that had none, had one in an older
/// format or laid out for another threshold, candidates screened by their sketches.
@Suite struct NearDuplicateStoreTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    static let story = """
        Council approves riverside housing plan

        The city council voted on Tuesday to approve a plan for 400 new homes on the former gasworks site beside the river.
        Supporters said the scheme would bring badly needed affordable housing to the area, with a third of the flats offered below market rent.
        Opponents warned that the roads around the site were already congested and that the flood defences had not been upgraded since the 1980s.
        The developer said work would begin next spring and the first residents could move in within two years.
        """
    static let republished = """
        Riverside homes plan gets green light from council

        The city council voted on Tuesday to approve a plan for 400 new homes on the former gasworks site beside the river.
        Supporters said the scheme would bring badly needed affordable housing to the area, with a third of the flats offered below market rent.
        Opponents warned that the roads around the site were already congested and that the flood defences had not been upgraded since the 1980s.
        The developer said work would begin next spring and the first residents could move in within two years.
        Share this story
        """
    static let unrelated = """
        Local team reaches cup final

        A late goal from the captain sent the town's football club into its first cup final in forty years on Saturday evening.
        The manager praised the players for their patience after a goalless first half in which the visitors dominated possession.
        Tickets for the final at the national stadium go on sale to season ticket holders next week.
        """

    /// The first half of `story` under another outlet's furniture: similar to it well below 0.6.
    static let firstHalf = """
        Council approves riverside housing plan

        The Evening Post | Local news | Last updated 14:02
        The city council voted on Tuesday to approve a plan for 400 new homes on the former gasworks site beside the river.
        Supporters said the scheme would bring badly needed affordable housing to the area, with a third of the flats offered below market rent.
        Have your say: send us your comments using the form below.
        """

    private func open(
        _ policy: NearDuplicatePolicy = .keep, threshold: Double = 0.6,
        rebuildProgress: (RebuildProgress) -> Void = { _ in }
    ) throws -> FileArticleStore {
        try FileArticleStore.open(
            at: folder.path("store"), create: true, clock: FixedClock(),
            nearDuplicates: NearDuplicateSettings(policy: policy, threshold: threshold),
            rebuildProgress: rebuildProgress)
    }

    /// What the pipeline does: fingerprint, match in order, commit.
    private func ingest(_ texts: [String], into store: FileArticleStore) throws -> [CommitOutcome] {
        var submissions = try texts.enumerated().map { index, text in
            var submitted = try submission(text, name: "\(index)_\(String(repeating: "a", count: 16)).txt")
            if case .article(let article) = submitted.content { submitted.fingerprint = store.fingerprint(article) }
            return submitted
        }
        try store.matchNearDuplicates(&submissions)
        return try outcomes(store.commit(submissions))
    }

    private func id(_ outcome: CommitOutcome) -> ContentID? {
        switch outcome {
        case .stored(let id), .duplicate(let id), .nearDuplicate(let id, _), .diverted(let id, _): id
        case .rejected: nil
        }
    }

    @Test func aRepublishedStoryIsStoredAndLinkedBothWays() throws {
        let store = try open()
        let first = try ingest([Self.story], into: store)
        let original = try #require(id(first[0]))
        #expect(first == [.stored(original)])
        let second = try ingest([Self.republished, Self.unrelated], into: store)
        guard case .nearDuplicate(let copy, let matches) = second[0] else {
            Issue.record("not linked: \(second)")
            return
        }
        #expect(matches.map(\.id) == [original])
        #expect(matches[0].similarity >= 0.6 && matches[0].similarity < 1)
        #expect(second[1] == .stored(try #require(id(second[1]))), "an unrelated story is not linked")

        let record = try #require(try store.record(copy))
        #expect(record.nearDuplicates == matches)
        let backLink = folder.path("store/near/\(original.shard)/\(original.hex).\(copy.hex).json")
        #expect(FileManager.default.fileExists(atPath: backLink.string))
        #expect(try store.similar(to: original).map { "\($0.id) \($0.relation)" } == ["\(copy.hex) newer"])
        #expect(try store.similar(to: copy).map { "\($0.id) \($0.relation)" } == ["\(original.hex) older"])
        let clusters = try store.nearDuplicateClusters()
        #expect(clusters.map { Set($0.articles.map(\.id)) } == [[original, copy]])
    }

    @Test func nearDuplicatesWithinOneBatchAreLinked() throws {
        let store = try open()
        let outcomes = try ingest([Self.story, Self.republished], into: store)
        guard case .stored(let original) = outcomes[0], case .nearDuplicate(_, let matches) = outcomes[1] else {
            Issue.record("\(outcomes)")
            return
        }
        #expect(matches.map(\.id) == [original])
    }

    @Test func divertRecordsASightingOfTheOriginalInsteadOfStoring() throws {
        let store = try open(.divert)
        let original = try #require(id(try ingest([Self.story], into: store)[0]))
        let outcomes = try ingest([Self.republished], into: store)
        guard case .diverted(let copy, let matches) = outcomes[0] else {
            Issue.record("\(outcomes)")
            return
        }
        #expect(matches.first?.id == original)
        #expect(try store.record(copy) == nil)
        let sightings = try store.sightings(of: original)
        #expect(sightings.count == 2)
        #expect(sightings.last?.nearDuplicate?.id == copy)
        #expect(try store.similar(to: original).map(\.relation) == [.diverted])
        #expect(try store.statistics().duplicates == 1)
    }

    @Test func theIndexSurvivesReopeningTheStore() throws {
        let original = try #require(id(try ingest([Self.story], into: try open())[0]))
        let reopened = try open()
        guard case .nearDuplicate(_, let matches) = try ingest([Self.republished], into: reopened)[0] else {
            Issue.record("not found after reopening")
            return
        }
        #expect(matches.map(\.id) == [original])
    }

    @Test func aStoreWithoutIndexGetsOneBuiltFromItsRecords() throws {
        let plain = try FileArticleStore.open(at: folder.path("store"), create: true, clock: FixedClock())
        let original = try #require(id(try ingest([Self.story], into: plain)[0]))
        #expect(!FileManager.default.fileExists(atPath: folder.path("store/near-index").string))
        guard case .nearDuplicate(_, let matches) = try ingest([Self.republished], into: try open())[0] else {
            Issue.record("the rebuilt index did not find the original")
            return
        }
        #expect(matches.map(\.id) == [original])
        #expect(try StoreVerifier(store: plain, repair: false).run().isClean)
    }

    @Test func aStoreWithAnIndexInAnOlderFormatGetsItRebuilt() throws {
        let original = try #require(id(try ingest([Self.story], into: try open())[0]))
        let manifest = folder.path("store/near-index/manifest.json")
        let text = String(decoding: try #require(try FileSystem.readFile(at: manifest, limit: 1 << 20)), as: UTF8.self)
        try FileSystem.replaceFile(
            manifest, bytes: Array(text.replacingOccurrences(of: #""schema":3"#, with: #""schema":2"#).utf8),
            durable: false)
        #expect(try NearDuplicateIndex.presence(in: folder.path("store/near-index")) == .outdated)
        guard case .nearDuplicate(_, let matches) = try ingest([Self.republished], into: try open())[0] else {
            Issue.record("the rebuilt index did not find the original")
            return
        }
        #expect(matches.map(\.id) == [original])
        #expect(try NearDuplicateIndex.presence(in: folder.path("store/near-index")) == .present)
    }

    @Test func anIndexLaidOutForAnotherThresholdIsRebuiltForTheNewOneAtOpen() throws {
        let similarity = Fingerprinter().fingerprint(try Article(bytes: Array(Self.story.utf8)).parsed).similarity(
            to: Fingerprinter().fingerprint(try Article(bytes: Array(Self.firstHalf.utf8)).parsed))
        #expect((0.35..<0.6).contains(similarity), "the pair must be a near-duplicate at 0.3 only: \(similarity)")
        var progress: [Int] = []
        let original = try #require(id(try ingest([Self.story, Self.unrelated], into: try open())[0]))
        let indexFolder = folder.path("store/near-index")
        #expect(try NearDuplicateIndex.parameters(in: indexFolder)?.layout == BandLayout(bands: 16, rows: 4))

        // Opened for 0.3: 20 bands of 2 rows, so the index of 16 × 4 is rebuilt from the records first.
        let low = try open(threshold: 0.3) { progress.append($0.records) }
        #expect(progress.first == 0 && progress.last == 2, "\(progress)")
        #expect(
            try NearDuplicateIndex.parameters(in: indexFolder)?.layout
                == BandLayout(bands: 20, rows: 2, permutations: 64))
        guard case .nearDuplicate(_, let matches) = try ingest([Self.firstHalf], into: low)[0] else {
            Issue.record("the index rebuilt for 0.3 did not find the original")
            return
        }
        #expect(matches.map(\.id) == [original])

        // Reopened at a threshold of the same layout: nothing to rebuild.
        progress = []
        _ = try open(threshold: 0.31) { progress.append($0.records) }
        #expect(progress.isEmpty)
        #expect(BandLayout.chosen(for: 0.31) == BandLayout.chosen(for: 0.3))
        // And back at 0.6 the 16 × 4 layout returns, with all three articles.
        _ = try open { progress.append($0.records) }
        #expect(progress.last == 3)
        #expect(try NearDuplicateIndex.parameters(in: indexFolder)?.layout == BandLayout(bands: 16, rows: 4))
    }

    @Test func aCandidateWhoseSketchIsFarBelowTheThresholdIsNotConfirmed() throws {
        // The same near-duplicate pair twice: once with the original's true sketch in the index,
        // once with a sketch that disagrees everywhere. Only the true sketch lets it be confirmed.
        for doctored in [false, true] {
            let root = folder.path("store-\(doctored)")
            let plain = try FileArticleStore.open(at: root, create: true, clock: FixedClock())
            let original = try #require(id(try ingest([Self.story], into: plain)[0]))
            let fingerprint = Fingerprinter().fingerprint(try Article(bytes: Array(Self.story.utf8)).parsed)
            let index = try NearDuplicateIndex(folder: root.appending("near-index"), parameters: .standard)
            let sketch = doctored ? fingerprint.sketch.map { ~$0 } : fingerprint.sketch
            try index.append([(original, fingerprint.bandKeys, sketch)], sync: true)
            let store = try FileArticleStore.open(
                at: root, create: false, clock: FixedClock(), nearDuplicates: NearDuplicateSettings(policy: .keep))
            let outcome = try ingest([Self.republished], into: store)[0]
            if doctored {
                guard case .stored = outcome else {
                    Issue.record("confirmed despite its sketch: \(outcome)")
                    continue
                }
            } else {
                guard case .nearDuplicate(_, let matches) = outcome else {
                    Issue.record("not linked: \(outcome)")
                    continue
                }
                #expect(matches.map(\.id) == [original])
            }
        }
    }

    @Test func policyOffLooksForNothing() throws {
        let store = try open(.off)
        _ = try ingest([Self.story], into: store)
        let outcomes = try ingest([Self.republished], into: store)
        guard case .stored = outcomes[0] else {
            Issue.record("\(outcomes)")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path("store/near-index").string))
    }
}
