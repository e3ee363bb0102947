import DurableFiles
import SystemPackage
import TestSupport
import Testing

@testable import NearDuplicateIndex

/// A segment writer writes its file back to the disk as it grows, so that a large merge leaves
/// little dirty data for the daemon's `syncfs` to wait on.
@Suite struct SegmentWriteBackTests {
    @Test func aLargeSegmentIsWrittenBackAChunkAtATime() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("seg-000001.bin")
        // 20 MB of pairs: two chunks written back while writing, the rest left to the fsync.
        let count = 20 * 1024 * 1024 / IndexSegment.pairSize
        var writer = try SegmentWriter(path: path, expectedPairs: count)
        var largestDirty: Int64 = 0
        for index in 0..<count {
            try writer.append(IndexPair(key: UInt32(index / 4), id: UInt64(index), position: UInt32(index)))
            largestDirty = max(largestDirty, writer.written - writer.writtenBack)
        }
        #expect(writer.writtenBack >= 2 * SegmentWriter.writeBackChunk)
        #expect(largestDirty < SegmentWriter.writeBackChunk + 64 * 1024)
        _ = try writer.finish()
        let segment = try IndexSegment(folder: folder.path, name: "seg-000001.bin", count: count)
        var found: [IndexedID] = []
        var buffer = IndexSegment.blockBuffer()
        try segment.entries(for: 300_000, limit: .max, into: &found, buffer: &buffer)
        #expect(found.map(\.id) == [1_200_000, 1_200_001, 1_200_002, 1_200_003])
    }

    @Test func aSmallSegmentIsLeftToItsFsync() throws {
        let folder = try TemporaryDirectory()
        var writer = try SegmentWriter(path: folder.path("seg-000001.bin"))
        for index in 0..<100_000 {
            try writer.append(IndexPair(key: UInt32(index), id: UInt64(index), position: UInt32(index)))
        }
        _ = try writer.finish()
        #expect(writer.writtenBack == 0)
        #expect(writer.written > 1_600_000)
    }
}
