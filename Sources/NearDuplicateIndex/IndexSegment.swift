import DurableFiles
import SystemPackage

/// An immutable, sorted file of index pairs `(band key, id)` — 12 bytes each, little-endian, sorted by
/// key then id — followed by its fences: the first key of every block of `blockEntries` pairs.
///
/// Only the fences live in memory (4 bytes per 256 pairs, that is per 16 articles); a lookup reads
/// the one or two blocks that can hold the key with `pread`, so a segment of millions of articles
/// costs kilobytes of memory and a couple of page-cache reads per key.
final class IndexSegment: Sendable {
    /// Pairs per block: 3 KiB, within one or two pages.
    static let blockEntries = 256
    /// Bytes per pair.
    static let pairSize = 12

    /// The file's name in the index folder.
    let name: String
    /// The number of pairs.
    let count: Int
    private let fd: FileDescriptor
    private let path: FilePath
    private let fences: [UInt32]

    /// Opens a segment of `count` pairs.
    ///
    /// - Throws: `FileSystemError`, or `EBADMSG`-style corruption when the file is too short.
    init(folder: FilePath, name: String, count: Int) throws(FileSystemError) {
        let path = folder.appending(name)
        let fd = try FileSystem.open(path, .readOnly)
        let blocks = Self.blockCount(count)
        var fences = [UInt32](repeating: 0, count: blocks)
        do {
            let read = try fences.withUnsafeMutableBytes { buffer in
                try fd.read(fromAbsoluteOffset: Int64(count * Self.pairSize), into: buffer)
            }
            guard read == blocks * 4 else { throw Errno.badMessage }
        } catch {
            _ = try? fd.close()
            throw FileSystemError("read the index segment", path, error as? Errno ?? .ioError)
        }
        self.name = name
        self.count = count
        self.fd = fd
        self.path = path
        self.fences = fences.map { UInt32(littleEndian: $0) }
    }

    deinit { _ = try? fd.close() }

    static func blockCount(_ count: Int) -> Int { (count + blockEntries - 1) / blockEntries }

    /// The ids paired with `key`, at most `limit` of them.
    ///
    /// - Throws: `FileSystemError` when a block cannot be read.
    func ids(for key: UInt32, limit: Int, into result: inout [UInt64]) throws(FileSystemError) {
        guard !fences.isEmpty else { return }
        // The run of `key` starts in the last block whose first key is below it (or at block 0).
        var low = 0, high = fences.count
        while low < high {
            let middle = (low + high) / 2
            if fences[middle] < key { low = middle + 1 } else { high = middle }
        }
        var block = max(0, low - 1)
        guard fences[block] <= key else { return }
        var found = 0
        var buffer = [UInt8](repeating: 0, count: Self.blockEntries * Self.pairSize)
        while block < fences.count, fences[block] <= key {
            let first = block * Self.blockEntries
            let pairs = try readPairs(from: first, count: min(Self.blockEntries, count - first), into: &buffer)
            for index in 0..<pairs {
                let pair = Self.pair(at: index, in: buffer)
                if pair.key < key { continue }
                guard pair.key == key, found < limit else { return }
                result.append(pair.id)
                found += 1
            }
            block += 1
        }
    }

    /// Reads `count` pairs starting at pair `first` into the start of `buffer` (which must hold them).
    ///
    /// - Returns: `count`.
    /// - Throws: `FileSystemError`, also for a file shorter than its manifest says.
    func readPairs(from first: Int, count: Int, into buffer: inout [UInt8]) throws(FileSystemError) -> Int {
        let wanted = count * Self.pairSize
        do {
            let read = try buffer.withUnsafeMutableBytes { raw in
                try fd.read(fromAbsoluteOffset: Int64(first * Self.pairSize), into: UnsafeMutableRawBufferPointer(rebasing: raw[..<wanted]))
            }
            guard read == wanted else { throw Errno.badMessage }
        } catch {
            throw FileSystemError("read the index segment", path, error as? Errno ?? .ioError)
        }
        return count
    }

    /// The pair at position `index` of a buffer filled by `readPairs`.
    static func pair(at index: Int, in buffer: [UInt8]) -> (key: UInt32, id: UInt64) {
        buffer.withUnsafeBytes { raw in
            (
                UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * pairSize, as: UInt32.self)),
                UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * pairSize + 4, as: UInt64.self))
            )
        }
    }

    /// A reader of every pair in order, for merging.
    func cursor() -> SegmentCursor { SegmentCursor(segment: self) }
}
