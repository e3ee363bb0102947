import Articles
import DurableFiles
import Foundation
import NearDuplicateIndex
import NearDuplicates
import SystemPackage
import TestSupport
import Testing

/// The on-disk LSH index: entries appended to the log are found after a refresh, survive flushes,
/// merges and reopening, are shared between processes, and a torn tail does not derail it.
@Suite struct NearDuplicateIndexTests {
    let folder: TemporaryDirectory
    let parameters = NearDuplicateParameters.standard

    init() throws {
        folder = try TemporaryDirectory()
    }

    private var indexFolder: FilePath { folder.path("near-index") }

    private func open(flushThreshold: Int = 16_384) throws -> NearDuplicateIndex {
        try NearDuplicateIndex(folder: indexFolder, parameters: parameters, flushThreshold: flushThreshold)
    }

    /// Deterministic, distinct band keys for article `number`.
    private func keys(_ number: Int) -> [UInt32] {
        (0..<parameters.bands).map { band in
            UInt32(truncatingIfNeeded: (number &* 2_654_435_761) ^ (band &* 40_503) &+ band)
        }
    }

    /// A deterministic, non-zero sketch for article `number`.
    private func sketch(_ number: Int) -> [UInt8] {
        (0..<parameters.permutations).map { UInt8(truncatingIfNeeded: number &* 31 &+ $0 &* 7) | 1 }
    }

    /// The content id whose bits are `bits` (article `n` is `id(1_000 + n)`).
    private func id(_ bits: UInt64) -> ContentID { ContentID(bits: bits) }

    private func articles(_ range: Range<Int>) -> [(id: ContentID, bandKeys: [UInt32], sketch: [UInt8])] {
        range.map { (id(UInt64(1_000 + $0)), keys($0), sketch($0)) }
    }

    private func ids(_ candidates: [NearDuplicateIndex.Candidate]) -> [UInt64] { candidates.map(\.id.bits) }

    @Test func appendedEntriesAreFoundByAnyOfTheirBandKeys() throws {
        let index = try open()
        try index.append(articles(0..<10), sync: true)
        try index.refresh()
        var query = keys(9999)
        query[7] = keys(3)[7]
        #expect(try ids(index.candidates(for: query, excluding: id(0))) == [1_003])
        #expect(try index.candidates(for: keys(4), excluding: id(1_004)).isEmpty)
        #expect(try index.candidates(for: keys(9999), excluding: id(0)).isEmpty)
    }

    @Test func flushedAndMergedSegmentsKeepEveryEntryAcrossReopening() throws {
        do {
            let index = try open(flushThreshold: 8)
            for start in stride(from: 0, to: 200, by: 5) {
                try index.append(articles(start..<(start + 5)), sync: false)
                try index.refresh()
            }
            try index.waitForMerges()  // they run in the background
            let counts = index.counts
            #expect(counts.segmentPairs + counts.tail * parameters.bands == 200 * parameters.bands)
            // Binary-counter merging keeps about log2(200 / 8) segments, not 25.
            #expect(counts.segments <= 6)
        }
        let reopened = try open(flushThreshold: 8)
        try reopened.waitForMerges()
        for number in [0, 57, 123, 199] {
            #expect(try ids(reopened.candidates(for: keys(number), excluding: id(0))) == [UInt64(1_000 + number)])
        }
        let files = try FileSystem.entries(of: indexFolder).map(\.text).filter { $0.hasPrefix("seg-") }
        #expect(files.count == reopened.counts.segments, "merged-away segment files are removed")
    }

    @Test func twoProcessesSeeEachOthersEntriesAndFlushes() throws {
        let first = try open(flushThreshold: 16)
        let second = try open(flushThreshold: 16)
        try first.append(articles(0..<3), sync: true)
        try second.refresh()
        #expect(try ids(second.candidates(for: keys(1), excluding: id(0))) == [1_001])
        try first.append(articles(3..<40), sync: true)
        try first.refresh()  // flushes 40 entries into a segment
        #expect(first.counts.segments >= 1)
        try second.append(articles(40..<42), sync: true)
        try second.refresh()  // follows the manifest, reads the rest of the log
        for number in [2, 20, 39, 41] {
            #expect(try ids(second.candidates(for: keys(number), excluding: id(0))) == [UInt64(1_000 + number)])
        }
    }

    @Test func aTornTailIsPaddedAndLaterEntriesStayReadable() throws {
        do {
            let index = try open()
            try index.append(articles(0..<2), sync: true)
        }
        // A crash mid-append leaves part of an entry.
        let log = try FileSystem.open(indexFolder.appending("log.bin"), .writeOnly, options: [.append])
        _ = try [UInt8](repeating: 0xAB, count: 23).withUnsafeBytes { try log.writeAll($0) }
        try log.close()
        let index = try open()
        try index.append(articles(2..<4), sync: true)
        try index.refresh()
        for number in 0..<4 {
            #expect(try ids(index.candidates(for: keys(number), excluding: id(0))) == [UInt64(1_000 + number)])
        }
    }

    @Test func registeredArticlesAreFoundBeforeTheirEntriesAreReadBackAndExpireIfNeverAppended() throws {
        let index = try open()
        try index.refresh()
        let fingerprint = Fingerprint(shingles: [1, 2, 3], bandKeys: keys(5))
        index.register(id: id(1_005), fingerprint: fingerprint)
        #expect(try ids(index.candidates(for: keys(5), excluding: id(0))) == [1_005])
        #expect(index.provisionalShingles(of: id(1_005)) == [1, 2, 3])
        for _ in 0..<3 { try index.refresh() }
        #expect(try index.candidates(for: keys(5), excluding: id(0)).isEmpty, "never appended: its commit failed")
    }

    @Test func anArticleBothProvisionalAndReadBackCountsOnceAndKeepsItsShingles() throws {
        let index = try open()
        try index.refresh()
        index.register(id: id(1_006), fingerprint: Fingerprint(shingles: [4, 5], bandKeys: keys(6)))
        // Its entry is appended and read back while its record is not linked yet.
        try index.append(
            [
                (id: id(1_006), bandKeys: keys(6), sketch: sketch(6)),
                (id: id(1_007), bandKeys: keys(7), sketch: sketch(7)),
            ],
            sync: false)
        try index.refresh()
        // The query shares 7 bands with 1_006 and 9 with 1_007: counted twice, 1_006 would come first.
        let query = Array(keys(6)[0..<7]) + Array(keys(7)[7..<16])
        #expect(try ids(index.candidates(for: query, excluding: id(0))) == [1_007, 1_006])
        #expect(index.provisionalShingles(of: id(1_006)) == [4, 5], "the only shingles until the record is linked")
    }

    @Test func candidatesSharingMoreBandsComeFirst() throws {
        let index = try open()
        var close = keys(50)
        var far = keys(60)
        let query = keys(70)
        for band in 0..<9 { close[band] = query[band] }
        far[15] = query[15]
        try index.append(
            [(id: id(60), bandKeys: far, sketch: sketch(60)), (id: id(50), bandKeys: close, sketch: sketch(50))],
            sync: false)
        try index.refresh()
        #expect(try ids(index.candidates(for: query, excluding: id(0))) == [50, 60])
        #expect(try ids(index.candidates(for: query, excluding: id(0), limit: 1)) == [50])
    }

    @Test func aCrowdedBandKeyYieldsAtMostTheLimit() throws {
        let index = try open(flushThreshold: 64)
        let same = keys(1)
        try index.append((0..<200).map { (id(UInt64($0 + 1)), same, sketch($0)) }, sync: false)
        try index.refresh()
        let found = try index.candidates(for: same, excluding: id(0))
        #expect(found.count <= index.limitPerKey * 2, "one limit for the tail, one per segment")
        #expect(!found.isEmpty)
    }

    @Test func everyCandidateFromTheTailOrASegmentLeadsToItsOwnSketch() throws {
        let index = try open(flushThreshold: 16)
        try index.append(articles(0..<20), sync: false)
        try index.refresh()  // 20 entries: flushed into a segment
        try index.append(articles(20..<23), sync: false)
        try index.refresh()  // 3 more in the tail
        #expect(index.counts.segments == 1 && index.counts.tail == 3)
        for number in [0, 7, 19, 20, 22] {
            let found = try index.candidates(for: keys(number), excluding: id(0))
            #expect(found.map(\.id.bits) == [UInt64(1_000 + number)])
            #expect(found.first.flatMap { index.sketch(of: $0) } == sketch(number), "article \(number)")
        }
        // A position that is another article's entry gives no sketch.
        #expect(index.sketch(of: .init(id: id(1_003), position: 4)) == nil)
    }

    @Test func aProvisionalArticleHasNoPositionAndEntriesWithoutSketchReportNone() throws {
        let index = try open()
        try index.refresh()
        index.register(id: id(1_008), fingerprint: Fingerprint(shingles: [7], bandKeys: keys(8)))
        let provisional = try index.candidates(for: keys(8), excluding: id(0))
        #expect(provisional == [.init(id: id(1_008), position: nil)])
        #expect(index.sketch(of: provisional[0]) == nil)
        try index.append([(id: id(1_009), bandKeys: keys(9), sketch: [])], sync: false)
        try index.refresh()
        let unsketched = try index.candidates(for: keys(9), excluding: id(0))
        #expect(unsketched.first?.position != nil)
        #expect(unsketched.first.flatMap { index.sketch(of: $0) } == nil, "stored as zeros: unknown")
    }

    @Test func anIndexInAnOlderFormatIsReportedOutdatedAndNotOpened() throws {
        #expect(try NearDuplicateIndex.presence(in: indexFolder) == .missing)
        _ = try open()
        #expect(try NearDuplicateIndex.presence(in: indexFolder) == .present)
        let manifest = indexFolder.appending("manifest.json")
        let text = String(decoding: try #require(try FileSystem.readFile(at: manifest, limit: 1 << 20)), as: UTF8.self)
        #expect(text.contains(#""schema":3"#))
        try FileSystem.replaceFile(
            manifest, bytes: Array(text.replacingOccurrences(of: #""schema":3"#, with: #""schema":2"#).utf8),
            durable: false)
        #expect(try NearDuplicateIndex.presence(in: indexFolder) == .outdated)
        #expect(throws: NearIndexError.self) { try open() }
    }

    @Test func theManifestRecordsTheLayoutAndAnotherThresholdsLayoutIsReported() throws {
        _ = try open()
        let manifest = indexFolder.appending("manifest.json")
        let text = String(decoding: try #require(try FileSystem.readFile(at: manifest, limit: 1 << 20)), as: UTF8.self)
        #expect(text.contains(#""bands":16"#) && text.contains(#""rows":4"#) && text.contains(#""permutations":64"#))
        #expect(try NearDuplicateIndex.presence(in: indexFolder, for: parameters) == .present)
        // 0.58 has the same layout as 0.6: the index serves it as it is.
        #expect(
            try NearDuplicateIndex.presence(in: indexFolder, for: NearDuplicateParameters(threshold: 0.58)) == .present)
        #expect(try NearDuplicateIndex.parameters(in: indexFolder)?.layout == parameters.layout)
        let low = NearDuplicateParameters(threshold: 0.3)
        #expect(try NearDuplicateIndex.presence(in: indexFolder, for: low) == .otherLayout(parameters))
        #expect(throws: NearIndexError.self) { try NearDuplicateIndex(folder: indexFolder, parameters: low) }
    }

    @Test func entriesOfAnotherLayoutHaveTheirOwnSize() throws {
        // 20 bands of 2 rows (threshold 0.3): entries of 8 + 4 + 80 + 64 + 4 bytes, found like any other.
        let low = NearDuplicateParameters(threshold: 0.3)
        let index = try NearDuplicateIndex(folder: indexFolder, parameters: low, flushThreshold: 8)
        let keys = (0..<30).map { number in
            (0..<20).map { UInt32(truncatingIfNeeded: number &* 7_919 &+ $0 &* 104_729) }
        }
        try index.append((0..<30).map { (id(UInt64(500 + $0)), keys[$0], sketch($0)) }, sync: false)
        try index.refresh()
        let log = try FileSystem.open(indexFolder.appending("log.bin"), .readOnly)
        defer { _ = try? log.close() }
        #expect(try log.stat().size == 30 * 160)
        for number in [0, 17, 29] {
            let found = try index.candidates(for: keys[number], excluding: id(0))
            #expect(found.map(\.id.bits) == [UInt64(500 + number)])
            #expect(found.first.flatMap { index.sketch(of: $0) } == sketch(number))
        }
    }

    @Test func otherFingerprintParametersAreRefused() throws {
        _ = try open()
        var other = parameters
        other.bands = 8
        #expect(throws: NearIndexError.self) { try NearDuplicateIndex(folder: indexFolder, parameters: other) }
    }
}
