import Articles
import Dispatch
import DurableFiles
import Foundation
import NearDuplicates
import Synchronization
import SystemPackage
import TestSupport
import Testing

@testable import NearDuplicateIndex

/// Merges run in the background: while one streams, appends, refreshes (flushes too) and lookups of
/// this and other instances go on; its result is published only if the manifest still lists its
/// inputs; lookups find the same articles before, during and after; closing stops it cleanly, and
/// what a dead merger leaves behind is removed at open unless a live one claims it.
@Suite struct BackgroundMergeTests {
    let folder: TemporaryDirectory
    let parameters = NearDuplicateParameters.standard

    init() throws {
        folder = try TemporaryDirectory()
    }

    private var indexFolder: FilePath { folder.path("near-index") }

    private func open(flushThreshold: Int = 8) throws -> NearDuplicateIndex {
        try NearDuplicateIndex(folder: indexFolder, parameters: parameters, flushThreshold: flushThreshold)
    }

    /// Band keys for article `number`: band 0 is shared by groups of four articles (0–3, 4–7, …; so
    /// a lookup finds several), the others are the article's own.
    private func keys(_ number: Int) -> [UInt32] {
        (0..<parameters.bands).map { band in
            band == 0
                ? UInt32(number / 4) : UInt32(truncatingIfNeeded: (number &* 2_654_435_761) ^ (band &* 40_503) &+ band)
        }
    }

    private func articles(_ range: Range<Int>) -> [(id: ContentID, bandKeys: [UInt32], sketch: [UInt8])] {
        range.map { (ContentID(bits: UInt64(1_000 + $0)), keys($0), [UInt8](repeating: 1, count: 64)) }
    }

    /// What a lookup of each article's keys finds: ids and log positions.
    private func lookups(_ index: NearDuplicateIndex, _ range: Range<Int>) throws -> [[NearDuplicateIndex.Candidate]] {
        try Self.lookups(index, range.map(keys))
    }

    private static func lookups(
        _ index: NearDuplicateIndex, _ queries: [[UInt32]]
    ) throws -> [[NearDuplicateIndex.Candidate]] {
        try queries.map { try index.candidates(for: $0, excluding: ContentID(bits: 0)) }
    }

    /// Whether a lookup of each article finds it (first: it shares every band with itself).
    private func findsEach(_ index: NearDuplicateIndex, _ range: Range<Int>) throws -> Bool {
        try zip(range, lookups(index, range)).allSatisfy { $0.1.first?.id.bits == UInt64(1_000 + $0.0) }
    }

    private func manifest() throws -> IndexManifest {
        try #require(try NearDuplicateIndex.readManifest(indexFolder.appending("manifest.json")))
    }

    private func segmentFiles() throws -> Set<String> {
        Set(try FileSystem.entries(of: indexFolder).map(\.text).filter { $0.hasPrefix("seg-") })
    }

    @Test func aRefreshThatAdoptsTheMergersManifestFirstTakesTheOfferedSegment() throws {
        let index = try open()
        try index.append(articles(0..<8), sync: false)
        try index.refresh()  // one segment of 8 articles
        try index.waitForMerges()
        var listed = try manifest()
        let flushed = try #require(listed.segments.first)
        // Stands in for a merge's output: a copy of the segment under a new name, offered open with
        // its fences and filters in memory, then listed in its place.
        let copy = "seg-000099.bin"
        try FileSystem.createFile(
            at: indexFolder.appending(copy),
            bytes: try #require(try FileSystem.readFile(at: indexFolder.appending(flushed.name), limit: 1 << 20)),
            sync: true)
        let read = try IndexSegment(folder: indexFolder, name: flushed.name, count: flushed.pairs)
        let offered = try IndexSegment(
            folder: indexFolder, name: copy, count: flushed.pairs,
            handed: SegmentFences(fences: read.fences, filters: read.filters))
        index.offer(offered)
        listed.segments = [.init(name: copy, pairs: flushed.pairs)]
        try NearDuplicateIndex.writeManifest(listed, folder: indexFolder)

        try index.refresh()
        #expect(index.state.withLock { $0.segments.map(ObjectIdentifier.init) } == [ObjectIdentifier(offered)])
        #expect(try findsEach(index, 0..<8))
        index.followPublishedManifest(withdrawing: offered)
        #expect(index.state.withLock { $0.offered.isEmpty })
    }

    @Test func aMergeInProgressBlocksNoAppendRefreshOrLookup() throws {
        let index = try open()
        let gate = MergeGate()
        index.setMergeHook(gate.hook)
        try index.append(articles(0..<8), sync: false)
        try index.refresh()  // a segment of 8 articles
        try index.append(articles(8..<16), sync: false)
        try index.refresh()  // a second one of the same size: a merge is due, and pauses once reserved
        let beforeMerge = try lookups(index, 0..<16)  // from the two inputs: nothing is published yet
        try #require(gate.waitUntilReserved(), "no merge was started")

        let paused = try manifest()
        #expect(paused.segments.count == 2, "not published while it streams")
        let output = NearDuplicateIndex.segmentName(paused.nextSegment - 1)
        #expect(try segmentFiles() == Set(paused.segments.map(\.name) + [output]), "the reserved output is written")
        // On another thread, so that a call waiting for the merge fails the test instead of hanging it.
        let during = Mutex<Result<[[NearDuplicateIndex.Candidate]], any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let more = articles(16..<24)
        let queries = (0..<24).map(keys)
        DispatchQueue.global().async {
            let result = Result { () throws -> [[NearDuplicateIndex.Candidate]] in
                try index.append(more, sync: true)  // the exclusive lock
                try index.refresh()  // flushes a third segment, under the exclusive lock too
                return try Self.lookups(index, queries)  // the state mutex
            }
            during.withLock { $0 = result }
            done.signal()
        }
        let completed = done.wait(timeout: .now() + 120) == .success
        #expect(completed, "append, refresh or candidates waited for the merge")
        gate.release()
        if !completed { done.wait() }
        let found = try #require(try during.withLock { try $0?.get() })
        #expect(Array(found[0..<16]) == beforeMerge, "the same candidates while merging")
        #expect(try findsEach(index, 0..<24))

        try index.waitForMerges()
        let merged = try manifest()
        // The merge of the first two, then (chained) of it and the third: one segment of everything.
        #expect(merged.segments.count == 1)
        #expect(merged.segments.first?.pairs == 24 * parameters.bands)
        #expect(!paused.segments.contains { merged.segments.contains($0) }, "the inputs are replaced")
        #expect(try segmentFiles() == Set(merged.segments.map(\.name)), "the inputs' files are removed")
        #expect(index.counts.segments == 1, "adopted by the index")
        #expect(try lookups(index, 0..<16) == beforeMerge, "the same candidates after merging")
        #expect(try lookups(index, 0..<24) == found)
        #expect(try findsEach(index, 0..<24))
        #expect(try findsEach(open(), 0..<24), "and after reopening")
    }

    @Test(arguments: [true, false])
    func twoInstancesMergingTheSameSegmentEndConsistent(firstPublishesFirst: Bool) throws {
        let first = try open()
        let second = try open()
        let firstGate = MergeGate()
        let secondGate = MergeGate()
        first.setMergeHook(firstGate.hook)
        second.setMergeHook(secondGate.hook)
        try first.append(articles(0..<8), sync: false)
        try first.refresh()
        try first.append(articles(8..<16), sync: false)
        try first.refresh()
        try #require(firstGate.waitUntilReserved())  // segments 1 and 2 into 3
        try second.append(articles(16..<24), sync: false)
        try second.refresh()  // flushes segment 4; segments 2 and 4 into 5 (segment 2 is in both)
        try #require(secondGate.waitUntilReserved())
        #expect(try segmentFiles().count == 5)

        let (winner, loser, winnerGate, loserGate) =
            firstPublishesFirst ? (first, second, firstGate, secondGate) : (second, first, secondGate, firstGate)
        winnerGate.release()
        try winner.waitForMerges()  // published, then chained into one segment
        #expect(try manifest().segments.count == 1)
        loserGate.release()
        try loser.waitForMerges()  // its inputs are no longer side by side: its output is removed

        let final = try manifest()
        #expect(final.segments.count == 1)
        #expect(final.segments.first?.pairs == 24 * parameters.bands)
        #expect(try segmentFiles() == Set(final.segments.map(\.name)), "no file left unlisted")
        for index in [first, second] {
            try index.refresh()
            #expect(index.counts.segments == 1)
            #expect(try findsEach(index, 0..<24))
        }
        #expect(try findsEach(open(), 0..<24))
    }

    @Test func twoInstancesAppendingAndMergingAtOnceKeepEveryArticle() throws {
        let instances = [try open(), try open()]
        let rounds = 40
        let perRound = 5
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            do {
                for round in 0..<rounds {
                    let start = (round * 2 + writer) * perRound
                    try instances[writer].append(articles(start..<(start + perRound)), sync: false)
                    try instances[writer].refresh()
                    _ = try lookups(instances[writer], start..<(start + perRound))
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        for index in instances { try index.waitForMerges() }
        let total = rounds * 2 * perRound
        let final = try manifest()
        #expect(try segmentFiles() == Set(final.segments.map(\.name)), "every segment file is listed")
        // Each segment has more than twice the pairs of the next, and at least 8 articles' worth.
        #expect(final.segments.count <= 6, "merged: about log2(\(total) / 8) segments, not \(total / 8)")
        for index in instances {
            try index.refresh()
            #expect(try findsEach(index, 0..<total))
        }
        #expect(try findsEach(open(), 0..<total))
    }

    @Test func closingTheIndexStopsAMergeAndRemovesItsOutput() throws {
        // Two segments of 65,536 pairs: the merge looks at the stop flag after the first 65,536.
        var index: NearDuplicateIndex? = try open(flushThreshold: 4_096)
        let gate = MergeGate()
        index?.setMergeHook(gate.hook)
        try index?.append(articles(0..<4_096), sync: false)
        try index?.refresh()
        try index?.append(articles(4_096..<8_192), sync: false)
        try index?.refresh()
        try #require(gate.waitUntilReserved())
        let inputs = try manifest().segments
        index?.merger.cancel()  // what closing does first; then it waits for the merge to end
        gate.release()
        index = nil
        #expect(try manifest().segments == inputs, "nothing published")
        #expect(try segmentFiles() == Set(inputs.map(\.name)), "the unfinished output is removed")
        let reopened = try open(flushThreshold: 4_096)
        try reopened.waitForMerges()  // asked for at open: the pair still qualifies
        #expect(try manifest().segments.map(\.pairs) == [8_192 * parameters.bands])
        #expect(try findsEach(reopened, 0..<8_192))
    }

    @Test func openingRemovesOnlyUnlistedSegmentsNoLiveMergeClaims() throws {
        do {
            let index = try open()
            try index.append(articles(0..<8), sync: false)
            try index.refresh()
        }
        // A dead writer's segment (never listed), and one a live merge elsewhere still writes.
        let dead = indexFolder.appending(NearDuplicateIndex.segmentName(90))
        let live = indexFolder.appending(NearDuplicateIndex.segmentName(91))
        try FileSystem.createFile(at: dead, bytes: [1, 2, 3], sync: false)
        try FileSystem.createFile(at: live, bytes: [4, 5, 6], sync: false)
        let claim = try FileSystem.open(live, .readOnly)
        defer { _ = try? claim.close() }
        #expect(try FileLock.lock(claim, exclusive: true, wait: false, path: live))

        let index = try open()
        let listed = try manifest().segments.map(\.name)
        #expect(try segmentFiles() == Set(listed + [live.lastComponent!.string]))
        #expect(try findsEach(index, 0..<8))
    }

    @Test func aFlushSkipsASegmentNumberALeftoverStillHas() throws {
        let index = try open()
        // Left by a writer that died after the manifest it read was written: it has the next number.
        let leftover = indexFolder.appending(NearDuplicateIndex.segmentName(try manifest().nextSegment))
        try FileSystem.createFile(at: leftover, bytes: [9], sync: false)
        try index.append(articles(0..<8), sync: false)
        try index.refresh()
        let listed = try manifest().segments.map(\.name)
        #expect(listed.count == 1 && listed != [leftover.lastComponent!.string])
        #expect(try findsEach(index, 0..<8))
    }

    @Test func theNewestQualifyingPairMergesFirst() {
        func segments(_ sizes: [Int]) -> [IndexManifest.Segment] {
            sizes.enumerated().map { .init(name: "\($0.offset)", pairs: $0.element) }
        }
        #expect(NearDuplicateIndex.mergeCandidate(in: segments([128])) == nil)
        #expect(NearDuplicateIndex.mergeCandidate(in: segments([256, 128])) == 0)
        #expect(NearDuplicateIndex.mergeCandidate(in: segments([512, 128])) == nil)
        #expect(NearDuplicateIndex.mergeCandidate(in: segments([512, 128, 128])) == 1)
        // Flushes went on during a merge: a pair further up the list still qualifies.
        #expect(NearDuplicateIndex.mergeCandidate(in: segments([256, 256, 16])) == 0)
    }
}

/// Pauses the first merge an index reserves until the test releases it.
final class MergeGate: Sendable {
    private let reserved = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)
    private let paused = Atomic(false)

    /// The hook to give the index: pauses only the first merge.
    var hook: @Sendable () -> Void {
        { [self] in
            guard !paused.exchange(true, ordering: .relaxed) else { return }
            reserved.signal()
            released.wait()
        }
    }

    /// Waits (at most two minutes) until a merge is reserved and paused.
    func waitUntilReserved() -> Bool {
        reserved.wait(timeout: .now() + 120) == .success
    }

    /// Lets the paused merge go on.
    func release() {
        released.signal()
    }
}
