import ArticleStore
import Articles
import DurableFiles
import Foundation
import SystemPackage
import TestSupport
import Testing

@Suite struct FileArticleStoreTests {
    let folder: TemporaryDirectory
    let store: FileArticleStore

    init() throws {
        folder = try TemporaryDirectory()
        store = try FileArticleStore.open(at: folder.path("store"), create: true, clock: FixedClock())
    }

    @Test func newContentIsStoredAsOneJSONRecordNamedByItsId() throws {
        let submitted = try submission(sampleText)
        guard case .article(let article) = submitted.content else {
            Issue.record()
            return
        }
        #expect(try outcomes(store.commit([submitted])) == [.stored(article.id)])
        let path = folder.url.appendingPathComponent("store/articles/\(article.id.shard)/\(article.id.hex).json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any]
        #expect(json?["schema"] as? Int == 1)
        #expect(json?["id"] as? String == article.id.hex)
        #expect(json?["sha256"] as? String == article.digest.hex)
        #expect(json?["title"] as? String == "Markets rally")
        #expect(
            json?["canonical_text"] as? String == "Markets rally Shares rose on Tuesday as investors cheered the news.")
        #expect(json?["first_seen"] as? String == "2026-09-21T14:13:20.000Z")
        let first = json?["first_source"] as? [String: Any]
        #expect(first?["source_seq"] as? Int == 0)
        #expect(first?["source_hash"] as? String == "2a12523330ba2c24")
    }

    /// On a distributed file system a record another client just linked can be unreadable here for
    /// a moment. A dangling symbolic link at the record's name behaves the same: `link` says the
    /// name is taken, reading it says there is nothing. Each retry lost the race again and recursed
    /// until the stack overflowed (seen as a segfault under GlusterFS); now the commit fails
    /// transiently after a few rounds and leaves the name alone.
    @Test func aRecordNameThatStaysUnreadableFailsTransientlyInsteadOfRecursing() throws {
        let submitted = try submission(sampleText)
        guard case .article(let article) = submitted.content else {
            Issue.record()
            return
        }
        let shard = folder.url.appendingPathComponent("store/articles/\(article.id.shard)")
        try FileManager.default.createDirectory(at: shard, withIntermediateDirectories: true)
        let record = shard.appendingPathComponent("\(article.id.hex).json")
        try FileManager.default.createSymbolicLink(atPath: record.path, withDestinationPath: "nowhere")
        let results = store.commit([submitted])
        guard case .failure(.fileSystem(let error)) = results.first else {
            Issue.record("expected a transient file-system failure, got \(results)")
            return
        }
        #expect(error.errno == .staleNFSFileHandle)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: record.path) == "nowhere")
    }

    @Test func duplicateContentIsRecordedAsSighting() throws {
        let first = try submission(sampleText, name: "001_aaaaaaaaaaaaaaaa.txt")
        let again = try submission(
            "Markets  rally\r\n\r\nShares rose on Tuesday as investors cheered the news.\r\n",
            name: "002_bbbbbbbbbbbbbbbb.txt")
        let stored = try outcomes(store.commit([first]))
        guard case .stored(let id) = stored[0] else {
            Issue.record("not stored: \(stored)")
            return
        }
        #expect(try outcomes(store.commit([again])) == [.duplicate(id)])
        let sightings = try store.sightings(of: id)
        #expect(sightings.map(\.source.file) == ["001_aaaaaaaaaaaaaaaa.txt", "002_bbbbbbbbbbbbbbbb.txt"])
        #expect(sightings.map(\.source.sourceSeq) == [1, 2])
        #expect(try store.summaries().map(\.sightings) == [2])
    }

    @Test func sameContentTwiceInOneBatchIsStoredOnce() throws {
        let results = try outcomes(
            store.commit([submission(sampleText), submission(otherText), submission(sampleText + "\n")]))
        guard case .stored(let id) = results[0], case .stored = results[1] else {
            Issue.record("\(results)")
            return
        }
        #expect(results[2] == .duplicate(id))
        #expect(try store.statistics().articles == 2)
        #expect(try store.sightings(of: id).count == 2)
    }

    @Test func committingTheSameKeyAgainChangesNothing() throws {
        let first = try submission(sampleText, key: "claim-1")
        let second = try submission(sampleText, key: "claim-2")
        #expect(try outcomes(store.commit([first])) == outcomes(store.commit([first])))
        let duplicate = try outcomes(store.commit([second]))
        #expect(try outcomes(store.commit([second])) == duplicate)
        #expect(try store.statistics().sightings == 2)
        let rejected = rejectedSubmission(.binary, key: "claim-3")
        _ = store.commit([rejected])
        _ = store.commit([rejected])
        #expect(try store.statistics().rejected == 1)
    }

    @Test func differentTextUnderAnExistingIdIsRejectedAsCollision() throws {
        let submitted = try submission(sampleText)
        guard case .article(let article) = submitted.content else {
            Issue.record()
            return
        }
        // Plant a record with this id but another text's digest: what a real 64-bit collision looks like.
        var planted = ArticleRecord(
            article: try Article(bytes: Array(otherText.utf8)), source: submitted.source,
            seen: "2026-01-01T00:00:00.000Z")
        planted.id = article.id
        let shard = folder.url.appendingPathComponent("store/articles/\(article.id.shard)")
        try FileManager.default.createDirectory(at: shard, withIntermediateDirectories: true)
        try Data(planted.jsonBytes).write(to: shard.appendingPathComponent("\(article.id.hex).json"))

        let result = try outcomes(store.commit([submitted]))
        guard case .rejected(let rejection) = result.first else {
            Issue.record("\(result)")
            return
        }
        #expect(rejection.reason == .idCollision)
        #expect(try store.record(article.id)?.sha256 == planted.sha256)  // the first is never overwritten
        #expect(try store.statistics().rejectedByReason == ["id-collision": 1])
    }

    @Test func groupCommitAndSingleCommitGiveTheSameOutcomes() throws {
        let other = try TemporaryDirectory()
        let single = try FileArticleStore.open(at: other.path("store"), create: true, clock: FixedClock())
        let texts = [sampleText, otherText, sampleText, "Third\n\nStory.", otherText]
        let batch = try outcomes(store.commit(texts.map { try submission($0) }))
        let oneByOne = try texts.flatMap { try outcomes(single.commit([submission($0)])) }
        #expect(batch == oneByOne)
        #expect(try store.statistics().articles == 3)
        #expect(try single.statistics().duplicates == 2)
    }

    @Test func damagedRecordIsQuarantinedAndStoredAfresh() throws {
        let submitted = try submission(sampleText)
        guard case .article(let article) = submitted.content else {
            Issue.record()
            return
        }
        _ = store.commit([submitted])
        let record = folder.url.appendingPathComponent("store/articles/\(article.id.shard)/\(article.id.hex).json")
        try Data("{\"schema\":1,\"id\":\"tru".utf8).write(to: record)
        #expect(try outcomes(store.commit([submission(sampleText)])) == [.stored(article.id)])
        #expect(try store.record(article.id)?.sha256 == article.digest.hex)
        let quarantined = try FileManager.default.contentsOfDirectory(
            atPath: folder.url.appendingPathComponent("store/quarantine").path)
        #expect(quarantined.count == 1)
    }

    @Test func recordCutOffAfterItsHeadIsQuarantinedToo() throws {
        let submitted = try submission(sampleText)
        guard case .article(let article) = submitted.content else {
            Issue.record()
            return
        }
        _ = store.commit([submitted])
        let record = folder.url.appendingPathComponent("store/articles/\(article.id.shard)/\(article.id.hex).json")
        let whole = try String(contentsOf: record, encoding: .utf8)
        let head = try #require(whole.range(of: "\"paragraphs\""))
        try Data(whole[..<head.lowerBound].utf8).write(to: record)  // sha256 and first_source intact, the rest gone
        #expect(try outcomes(store.commit([submission(sampleText)])) == [.stored(article.id)])
        #expect(try store.record(article.id)?.canonicalText == article.canonical.string)
    }

    @Test func rejectionsGoToTheLedger() throws {
        _ = store.commit([rejectedSubmission(.binary), rejectedSubmission(.empty), rejectedSubmission(.empty)])
        let stats = try store.statistics()
        #expect(stats.rejected == 3)
        #expect(stats.rejectedByReason == ["binary": 1, "empty": 2])
        let day = folder.url.appendingPathComponent("store/rejections/2026-09-21")
        #expect(try FileManager.default.contentsOfDirectory(atPath: day.path).count == 3)
    }

    @Test func idPrefixesResolve() throws {
        let results = try outcomes(store.commit([submission(sampleText), submission(otherText)]))
        guard case .stored(let id) = results[0] else {
            Issue.record()
            return
        }
        #expect(try store.ids(withPrefix: String(id.hex.prefix(6))) == [id])
        #expect(try store.ids(withPrefix: "").count == 2)
        #expect(try store.ids(withPrefix: String(id.hex.prefix(2)).uppercased()).contains(id))
    }

    @Test func openingRefusesMissingStoresAndForeignFolders() throws {
        #expect(throws: StoreError.missing(folder.path("nothing"))) {
            try FileArticleStore.open(at: folder.path("nothing"), create: false)
        }
        try folder.write("foreign/notes.txt", "hello")
        #expect(throws: StoreError.notAStore(folder.path("foreign"))) {
            try FileArticleStore.open(at: folder.path("foreign"), create: true)
        }
        #expect(throws: Never.self) { try FileArticleStore.open(at: folder.path("store"), create: false) }
    }
}
