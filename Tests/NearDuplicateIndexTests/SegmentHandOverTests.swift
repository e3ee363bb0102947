import DurableFiles
import SystemPackage
import TestSupport
import Testing

@testable import NearDuplicateIndex

/// What a flush does to save memory: the tail's hash table is taken apart while its pairs are
/// sorted (and put back if the flush fails), and the segment's writer hands its fences and filters
/// to the index, which then reads none of them back.
@Suite struct SegmentHandOverTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    /// Sorted pairs with runs of equal keys, some longer than a block.
    private func pairs(_ count: Int) -> [IndexPair] {
        var generator = SystemRandomNumberGenerator()
        var keys: [UInt32] = []
        while keys.count < count {
            let key = UInt32.random(in: 0...5_000, using: &generator)
            let run = keys.count % 7 == 0 ? 80 : Int.random(in: 1...3, using: &generator)
            keys.append(contentsOf: repeatElement(key, count: min(run, count - keys.count)))
        }
        return keys.enumerated().map { IndexPair(key: $1, id: UInt64($0) &* 11, position: UInt32($0)) }.sorted()
    }

    @Test func theHandedFencesAndFiltersAreWhatTheFileHolds() throws {
        let pairs = pairs(10_000)
        var writer = try SegmentWriter(path: folder.path("seg-000001.bin"), expectedPairs: pairs.count)
        for pair in pairs { try writer.append(pair) }
        let handed = try writer.finish()
        #expect(handed.fences.count == IndexSegment.blockCount(pairs.count))

        let read = try IndexSegment(folder: folder.path, name: "seg-000001.bin", count: pairs.count)
        let adopted = try IndexSegment(folder: folder.path, name: "seg-000001.bin", count: pairs.count, handed: handed)
        #expect(adopted.fences == read.fences)
        #expect(adopted.filters == read.filters)

        var buffer = IndexSegment.blockBuffer()
        for key in Set(pairs.map(\.key)).sorted().prefix(500) + [5_001, 9_999] {
            var fromFile: [IndexedID] = []
            var fromHanded: [IndexedID] = []
            try read.entries(for: key, limit: .max, into: &fromFile, buffer: &buffer)
            try adopted.entries(for: key, limit: .max, into: &fromHanded, buffer: &buffer)
            #expect(fromHanded == fromFile)
            #expect(fromHanded.count == pairs.filter { $0.key == key }.count)
        }
    }

    @Test func fencesForAnotherCountAreRefused() throws {
        let pairs = pairs(1_000)
        var writer = try SegmentWriter(path: folder.path("seg-000002.bin"))
        for pair in pairs { try writer.append(pair) }
        let handed = try writer.finish()
        #expect(throws: FileSystemError.self) {
            try IndexSegment(folder: folder.path, name: "seg-000002.bin", count: 5_000, handed: handed)
        }
    }

    @Test func theTailAnswersAsBeforeOnceItsLookupsAreRestored() {
        let bands = 4
        var table = DeltaTable(bands: bands)
        for article in 0..<3_000 {
            // Every 10th article shares its band keys with the one before: chains longer than one.
            let base = article % 10 == 0 && article > 0 ? article - 1 : article
            let keys = (0..<bands).map { UInt32(truncatingIfNeeded: (base &* 2_654_435_761) ^ ($0 &* 40_503)) }
            table.insert(id: UInt64(article), position: UInt32(article), bandKeys: keys)
        }
        let probes = (0..<3_000).map { UInt32(truncatingIfNeeded: ($0 &* 2_654_435_761) ^ (2 &* 40_503)) }
        let before = probes.map { key -> [IndexedID] in
            var found: [IndexedID] = []
            table.entries(for: key, band: 2, limit: .max, into: &found)
            return found
        }
        #expect(before.filter { $0.count == 2 }.count == 299)

        let slots = table.takeSortedSlots()
        #expect(slots.count == 3_000 * bands)
        table.restoreLookups()
        let after = probes.map { key -> [IndexedID] in
            var found: [IndexedID] = []
            table.entries(for: key, band: 2, limit: .max, into: &found)
            return found
        }
        #expect(after == before)
        table.insert(id: 9_999, position: 9_999, bandKeys: [1, 2, 3, 4])
        var found: [IndexedID] = []
        table.entries(for: 3, band: 2, limit: .max, into: &found)
        #expect(found == [IndexedID(id: 9_999, position: 9_999)])
    }
}
