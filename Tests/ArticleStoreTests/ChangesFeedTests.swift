import ArticleStore
import Articles
import DurableFiles
import Foundation
import SystemPackage
import TestSupport
import Testing

/// The changes feed on real files: seqs without gaps across writers, torn tails, intents of dead
/// writers, feeds built for stores made before the feed, rotation and totals.
@Suite struct ChangesFeedTests {
    private let folder: TemporaryDirectory
    private var root: FilePath { folder.path("store") }

    init() throws {
        folder = try TemporaryDirectory()
    }

    private func open() throws -> FileArticleStore {
        try FileArticleStore.open(at: root, create: true, clock: FixedClock())
    }

    private func allEntries(_ store: FileArticleStore) throws -> [FeedEntry] {
        try store.changes(after: 0, limit: .max)
    }

    /// A distinct article text per number.
    private func text(_ number: Int) -> String {
        "Story number \(number)\n\nA paragraph about event \(number) that happened on day \(number * 7)."
    }

    @Test func writersOfOneStoreShareOneGaplessSequence() throws {
        let stores = try (0..<3).map { _ in try open() }  // three writers: three locks, three states
        DispatchQueue.concurrentPerform(iterations: 3) { writer in
            for batch in 0..<10 {
                let submissions = (0..<5).map { item in
                    // Every writer stores each text once: two of every three are duplicates.
                    try! submission(text(batch * 5 + item))
                }
                _ = stores[writer].commit(submissions)
            }
        }
        let entries = try allEntries(stores[0])
        #expect(entries.map(\.seq) == Array(1...150))
        let stored = entries.filter { $0.event == .stored }
        #expect(stored.count == 50)
        #expect(Set(stored.map(\.id)).count == 50)
        #expect(entries.filter { $0.event == .duplicate }.count == 100)
        for entry in stored { #expect(try stores[0].record(entry.id!)?.firstSource.key == entry.key) }
        #expect(try StoreVerifier(store: stores[0], repair: false).run().problems.isEmpty)
    }

    @Test func aTornTailIsSkippedByReadersAndCutOffByTheNextAppend() throws {
        let store = try open()
        _ = store.commit([try submission(text(1)), try submission(text(2))])
        let segment = root.appending("feed/00000000000000000001.jsonl")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: segment.string))
        handle.seekToEndOfFile()
        // An append cut short: half a line, then the zeros a power cut can leave.
        handle.write(Data(#"{"seq":3,"event":"stored","id":"00"#.utf8) + Data(count: 100))
        try handle.close()
        #expect(try allEntries(store).map(\.seq) == [1, 2])
        let report = try StoreVerifier(store: store, repair: false).run()
        #expect(report.problems.map(\.kind) == [.tornFeedTail])
        #expect(report.isClean)  // a warning: nothing is wrong for readers

        _ = try open().commit([try submission(text(3))])
        #expect(try allEntries(store).map(\.seq) == [1, 2, 3])
        #expect(try allEntries(store).last?.event == .stored)
        #expect(try StoreVerifier(store: store, repair: false).run().problems.isEmpty)
    }

    @Test func theIntentOfADeadWriterIsAppendedOnceAndOnlyForFilesThatExist() throws {
        let store = try open()
        let stored = try #require(try outcomes(store.commit([try submission(text(1), key: "k1")]))[0].id)
        // What a writer that died after publishing and before appending leaves: its intent. Here
        // the intent names the record stored above (already appended), a sighting that exists
        // but was never appended, and a sighting whose file was never published.
        let sightingFolder = root.appending("sightings/\(stored.shard)")
        try FileSystem.makeDirectories(sightingFolder)
        try FileSystem.createFile(
            at: sightingFolder.appending("\(stored.hex).k2.json"), bytes: Array(#"{"schema":1}"#.utf8), sync: true)
        var published = FeedEntry(event: .duplicate, id: stored, at: "2026-12-03T10:00:00.000Z", key: "k2", file: "b")
        published.sighting = "sightings/\(stored.shard)/\(stored.hex).k2.json"
        var unpublished = published
        unpublished.key = "k3"
        unpublished.sighting = "sightings/\(stored.shard)/\(stored.hex).k3.json"
        var again = try allEntries(store)[0]
        again.seq = 0
        let pending = root.appending("feed/pending")
        try FileSystem.makeDirectories(pending)
        var intent = Array(#"{"schema":1,"batch":"deadhost-1.abc","after":0}"#.utf8) + [0x0A]
        for entry in [again, published, unpublished] { intent += try JSONEncoder().encode(entry) + [0x0A] }
        let intentPath = pending.appending("deadhost-1.abc.json")
        try FileSystem.createFile(at: intentPath, bytes: intent, sync: true)

        // A live writer's intent (it holds the lock) is left alone.
        let live = try FileSystem.open(intentPath, .readOnly)
        try FileLock.lock(live, exclusive: true, path: intentPath)
        #expect(try store.feed.recoverIntents(quarantine: root.appending("quarantine")) == 0)
        try live.close()

        #expect(try store.feed.recoverIntents(quarantine: root.appending("quarantine")) == 1)
        #expect(!FileSystem.itemExists(at: intentPath))
        let entries = try allEntries(store)
        #expect(entries.map(\.key) == ["k1", "k2"])
        #expect(entries.map(\.seq) == [1, 2])
        #expect(try store.feed.recoverIntents(quarantine: root.appending("quarantine")) == 0)
    }

    @Test func aStoreMadeBeforeTheFeedGetsOneBuiltInTimeOrderAtOpen() throws {
        var clock = FixedClock()
        var store = try FileArticleStore.open(at: root, create: true, clock: clock)
        _ = store.commit([try submission(text(1), key: "a")])
        clock.date += 60
        store = try FileArticleStore.open(at: root, create: true, clock: clock)
        _ = store.commit([try submission(text(1), key: "b"), rejectedSubmission(.empty, key: "r")])
        clock.date += 60
        store = try FileArticleStore.open(at: root, create: true, clock: clock)
        _ = store.commit([try submission(text(2), key: "c")])
        let before = try allEntries(store).map { [$0.event.rawValue, $0.key] }
        try FileManager.default.removeItem(atPath: root.appending("feed").string)

        var reported: [RebuildProgress] = []
        let reopened = try FileArticleStore.open(at: root, create: true, clock: clock) { reported.append($0) }
        #expect(reported.first == RebuildProgress(what: .changesFeed, records: 0))
        let rebuilt = try allEntries(reopened)
        #expect(rebuilt.map { [$0.event.rawValue, $0.key] } == before)
        #expect(rebuilt.map(\.seq) == [1, 2, 3, 4])
        #expect(try StoreVerifier(store: reopened, repair: false).run().problems.isEmpty)
    }

    @Test func aNewStoreGetsAnEmptyFeedWithoutARebuildReport() throws {
        var reported: [RebuildProgress] = []
        let store = try FileArticleStore.open(at: root, create: true, clock: FixedClock()) { reported.append($0) }
        #expect(reported.isEmpty, "a rebuild notice for a store with nothing to rebuild: \(reported)")
        #expect(FileManager.default.fileExists(atPath: root.appending("feed").string))
        #expect(try allEntries(store).isEmpty)
    }

    @Test func verifyRepairAppendsTheStoredEntryARecordLacks() throws {
        let store = try open()
        _ = store.commit([try submission(text(1)), try submission(text(2))])
        // Lose the feed's second line, as if its append had never happened.
        let segment = root.appending("feed/00000000000000000001.jsonl")
        let lines = try String(contentsOfFile: segment.string, encoding: .utf8).split(separator: "\n")
        try (lines[0] + "\n").write(toFile: segment.string, atomically: true, encoding: .utf8)
        let report = try StoreVerifier(store: store, repair: false).run()
        #expect(report.problems.map(\.kind) == [.missingFeedEntry])
        #expect(!report.isClean)
        let repaired = try StoreVerifier(store: store, repair: true).run()
        #expect(repaired.problems.map(\.repair) == ["appended"])
        #expect(try StoreVerifier(store: store, repair: false).run().problems.isEmpty)
        #expect(try allEntries(store).map(\.seq) == [1, 2])
    }

    @Test func segmentsCloseAtCapacityAndTotalsCountTheClosedOnes() throws {
        let feed = ChangesFeed(storeRoot: root)
        let entries = (0..<(FeedSegment.capacity + 10)).map { number in
            FeedEntry(
                event: number % 3 == 0 ? .rejected : .stored, id: nil, at: "2026-12-03T10:00:00.000Z",
                key: "k\(number)", file: "f")
        }
        _ = try feed.append(Array(entries[..<FeedSegment.capacity]))
        _ = try feed.append(Array(entries[FeedSegment.capacity...]))
        let names = try FileSystem.entries(of: root.appending("feed")).map(\.text).filter { $0.hasSuffix(".jsonl") }
        #expect(names.sorted() == ["00000000000000000001.jsonl", "00000000000000004097.jsonl"])
        let totals = try JSONDecoder().decode(
            FeedTotals.self, from: Data(contentsOf: URL(fileURLWithPath: root.appending("feed/totals.json").string)))
        #expect(totals.through == FeedSegment.capacity)
        #expect(totals.count(.rejected) == (FeedSegment.capacity + 2) / 3)
        var reader = FeedReader(storeRoot: root, after: FeedSegment.capacity - 2)
        var seqs: [Int] = []
        try reader.read { line in
            seqs.append(line.seq)
            return true
        }
        #expect(seqs == Array((FeedSegment.capacity - 1)...(FeedSegment.capacity + 10)))
    }
}
