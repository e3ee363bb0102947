import DurableFiles
import Foundation
import NearDuplicateIndex
import NearDuplicates
import SystemPackage
import Testing
import TestSupport

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
        (0..<parameters.bands).map { band in UInt32(truncatingIfNeeded: (number &* 2_654_435_761) ^ (band &* 40_503) &+ band) }
    }

    private func articles(_ range: Range<Int>) -> [(id: UInt64, bandKeys: [UInt32])] {
        range.map { (UInt64(1_000 + $0), keys($0)) }
    }

    @Test func appendedEntriesAreFoundByAnyOfTheirBandKeys() throws {
        let index = try open()
        try index.append(articles(0..<10), sync: true)
        try index.refresh()
        var query = keys(9999)
        query[7] = keys(3)[7]
        #expect(try index.candidates(for: query, excluding: 0) == [1_003])
        #expect(try index.candidates(for: keys(4), excluding: 1_004).isEmpty)
        #expect(try index.candidates(for: keys(9999), excluding: 0).isEmpty)
    }

    @Test func flushedAndMergedSegmentsKeepEveryEntryAcrossReopening() throws {
        do {
            let index = try open(flushThreshold: 8)
            for start in stride(from: 0, to: 200, by: 5) {
                try index.append(articles(start..<(start + 5)), sync: false)
                try index.refresh()
            }
            let counts = index.counts
            #expect(counts.segmentPairs + counts.tail * parameters.bands == 200 * parameters.bands)
            // Binary-counter merging keeps about log2(200 / 8) segments, not 25.
            #expect(counts.segments <= 6)
        }
        let reopened = try open(flushThreshold: 8)
        for number in [0, 57, 123, 199] {
            #expect(try reopened.candidates(for: keys(number), excluding: 0) == [UInt64(1_000 + number)])
        }
        let files = try FileSystem.entries(of: indexFolder).map(\.text).filter { $0.hasPrefix("seg-") }
        #expect(files.count == reopened.counts.segments, "merged-away segment files are removed")
    }

    @Test func twoProcessesSeeEachOthersEntriesAndFlushes() throws {
        let first = try open(flushThreshold: 16)
        let second = try open(flushThreshold: 16)
        try first.append(articles(0..<3), sync: true)
        try second.refresh()
        #expect(try second.candidates(for: keys(1), excluding: 0) == [1_001])
        try first.append(articles(3..<40), sync: true)
        try first.refresh()  // flushes 40 entries into a segment
        #expect(first.counts.segments >= 1)
        try second.append(articles(40..<42), sync: true)
        try second.refresh()  // follows the manifest, reads the rest of the log
        for number in [2, 20, 39, 41] {
            #expect(try second.candidates(for: keys(number), excluding: 0) == [UInt64(1_000 + number)])
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
        for number in 0..<4 { #expect(try index.candidates(for: keys(number), excluding: 0) == [UInt64(1_000 + number)]) }
    }

    @Test func registeredArticlesAreFoundBeforeTheirEntriesAreReadBackAndExpireIfNeverAppended() throws {
        let index = try open()
        try index.refresh()
        let fingerprint = Fingerprint(shingles: [1, 2, 3], bandKeys: keys(5))
        index.register(id: 1_005, fingerprint: fingerprint)
        #expect(try index.candidates(for: keys(5), excluding: 0) == [1_005])
        #expect(index.provisionalShingles(of: 1_005) == [1, 2, 3])
        for _ in 0..<3 { try index.refresh() }
        #expect(try index.candidates(for: keys(5), excluding: 0).isEmpty, "never appended: its commit failed")
    }

    @Test func anArticleBothProvisionalAndReadBackCountsOnceAndKeepsItsShingles() throws {
        let index = try open()
        try index.refresh()
        index.register(id: 1_006, fingerprint: Fingerprint(shingles: [4, 5], bandKeys: keys(6)))
        // Its entry is appended and read back while its record is not linked yet.
        try index.append([(id: 1_006, bandKeys: keys(6)), (id: 1_007, bandKeys: keys(7))], sync: false)
        try index.refresh()
        // The query shares 7 bands with 1_006 and 9 with 1_007: counted twice, 1_006 would come first.
        let query = Array(keys(6)[0..<7]) + Array(keys(7)[7..<16])
        #expect(try index.candidates(for: query, excluding: 0) == [1_007, 1_006])
        #expect(index.provisionalShingles(of: 1_006) == [4, 5], "the only shingles until the record is linked")
    }

    @Test func candidatesSharingMoreBandsComeFirst() throws {
        let index = try open()
        var close = keys(50)
        var far = keys(60)
        let query = keys(70)
        for band in 0..<9 { close[band] = query[band] }
        far[15] = query[15]
        try index.append([(id: 60, bandKeys: far), (id: 50, bandKeys: close)], sync: false)
        try index.refresh()
        #expect(try index.candidates(for: query, excluding: 0) == [50, 60])
        #expect(try index.candidates(for: query, excluding: 0, limit: 1) == [50])
    }

    @Test func aCrowdedBandKeyYieldsAtMostTheLimit() throws {
        let index = try open(flushThreshold: 64)
        let same = keys(1)
        try index.append((0..<200).map { (UInt64($0 + 1), same) }, sync: false)
        try index.refresh()
        let found = try index.candidates(for: same, excluding: 0)
        #expect(found.count <= index.limitPerKey * 2, "one limit for the tail, one per segment")
        #expect(!found.isEmpty)
    }

    @Test func otherFingerprintParametersAreRefused() throws {
        _ = try open()
        var other = parameters
        other.bands = 8
        #expect(throws: NearIndexError.self) { try NearDuplicateIndex(folder: indexFolder, parameters: other) }
    }
}
