import DurableFiles
import SystemPackage

/// An immutable, sorted file of index pairs `(band key, id, log position)` — 16 bytes each,
/// little-endian, sorted by key then id — followed by its fences: the first key of every block of
/// `blockEntries` pairs, then each block's `BlockFilter` (32 bytes). The position says where the
/// article's log entry (with its sketch) is.
///
/// Only the fences and filters live in memory (36 bytes per 64 pairs, that is 9 bytes per article);
/// a lookup reads the one or two blocks that can hold the key with `pread` unless the filter rules
/// the key out, so a segment of a million articles costs 9 MB of memory and, for most keys, no read.
final class IndexSegment: Sendable {
    /// Pairs per block: 1 KiB, so a lookup copies little (16 lookups per article and segment; the
    /// copying of 4 KiB blocks showed in profiles with a million articles stored).
    static let blockEntries = 64
    /// Bytes per pair.
    static let pairSize = 16

    /// The file's name in the index folder.
    let name: String
    /// The number of pairs.
    let count: Int
    private let fd: FileDescriptor
    private let path: FilePath
    /// The first key of every block.
    let fences: [UInt32]
    /// The blocks' filters (`BlockFilter.wordsPerBlock` words per block).
    let filters: [UInt64]

    /// Opens a segment of `count` pairs whose fences and filters its writer hands over, reading
    /// nothing from the file (`SegmentWriter.finish()`).
    ///
    /// - Throws: `FileSystemError`, also when `handed` does not fit `count` pairs.
    init(folder: FilePath, name: String, count: Int, handed: SegmentFences) throws(FileSystemError) {
        let path = folder.appending(name)
        let blocks = Self.blockCount(count)
        guard handed.fences.count == blocks, handed.filters.count == blocks * BlockFilter.wordsPerBlock else {
            throw FileSystemError("adopt the index segment", path, .badMessage)
        }
        self.fd = try FileSystem.open(path, .readOnly)
        self.name = name
        self.count = count
        self.path = path
        self.fences = handed.fences
        self.filters = handed.filters
    }

    /// Opens a segment of `count` pairs.
    ///
    /// - Throws: `FileSystemError`, or `EBADMSG`-style corruption when the file is too short.
    init(folder: FilePath, name: String, count: Int) throws(FileSystemError) {
        let path = folder.appending(name)
        let fd = try FileSystem.open(path, .readOnly)
        let blocks = Self.blockCount(count)
        var fences = [UInt32](repeating: 0, count: blocks)
        var filters = [UInt64](repeating: 0, count: blocks * BlockFilter.wordsPerBlock)
        do {
            let fencesRead = try fences.withUnsafeMutableBytes { buffer in
                try fd.read(fromAbsoluteOffset: Int64(count * Self.pairSize), into: buffer)
            }
            let filtersRead = try filters.withUnsafeMutableBytes { buffer in
                try fd.read(fromAbsoluteOffset: Int64(count * Self.pairSize + blocks * 4), into: buffer)
            }
            guard fencesRead == blocks * 4, filtersRead == filters.count * 8 else { throw Errno.badMessage }
        } catch {
            _ = try? fd.close()
            throw FileSystemError("read the index segment", path, caught: error)
        }
        self.name = name
        self.count = count
        self.fd = fd
        self.path = path
        // In place: a copy would briefly double what a large segment keeps in memory.
        for index in fences.indices { fences[index] = UInt32(littleEndian: fences[index]) }
        for index in filters.indices { filters[index] = UInt64(littleEndian: filters[index]) }
        self.fences = fences
        self.filters = filters
    }

    deinit { _ = try? fd.close() }

    static func blockCount(_ count: Int) -> Int { (count + blockEntries - 1) / blockEntries }

    /// A buffer for `entries(for:limit:into:buffer:)`, to reuse across lookups.
    static func blockBuffer() -> [UInt8] { [UInt8](repeating: 0, count: blockEntries * pairSize) }

    /// Appends the articles paired with `key` to `result`, at most `limit` of them.
    ///
    /// - Parameter buffer: scratch space from `blockBuffer()`.
    /// - Throws: `FileSystemError` when a block cannot be read.
    func entries(
        for key: UInt32, limit: Int, into result: inout [IndexedID], buffer: inout [UInt8]
    ) throws(FileSystemError) {
        guard !fences.isEmpty else { return }
        // The run of `key` starts in the last block whose first key is below it (or at block 0).
        var low = 0
        var high = fences.count
        while low < high {
            let middle = (low + high) / 2
            if fences[middle] < key { low = middle + 1 } else { high = middle }
        }
        var block = max(0, low - 1)
        guard fences[block] <= key else { return }
        // A key whose run reaches into the next block is that block's first key, so only a run
        // within this one block can be ruled out by its filter.
        let spills = block + 1 < fences.count && fences[block + 1] == key
        guard spills || BlockFilter.mayContain(key, block: block, in: filters) else { return }
        var found = 0
        while block < fences.count, fences[block] <= key {
            let first = block * Self.blockEntries
            let pairs = try readPairs(from: first, count: min(Self.blockEntries, count - first), into: &buffer)
            for index in 0..<pairs {
                let pair = Self.pair(at: index, in: buffer)
                if pair.key < key { continue }
                guard pair.key == key, found < limit else { return }
                result.append(pair.indexed)
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
        try Self.readPairs(of: fd, path: path, from: first, count: count, into: &buffer)
    }

    /// `readPairs(from:count:into:)` on the segment file open as `fd` at `path`.
    static func readPairs(
        of fd: FileDescriptor, path: FilePath, from first: Int, count: Int, into buffer: inout [UInt8]
    ) throws(FileSystemError) -> Int {
        let wanted = count * pairSize
        do {
            let read = try buffer.withUnsafeMutableBytes { raw in
                try fd.read(
                    fromAbsoluteOffset: Int64(first * pairSize),
                    into: UnsafeMutableRawBufferPointer(rebasing: raw[..<wanted]))
            }
            guard read == wanted else { throw Errno.badMessage }
        } catch {
            throw FileSystemError("read the index segment", path, caught: error)
        }
        return count
    }

    /// The pair at position `index` of a buffer filled by `readPairs`.
    static func pair(at index: Int, in buffer: [UInt8]) -> IndexPair {
        buffer.withUnsafeBytes { raw in
            IndexPair(
                key: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * pairSize, as: UInt32.self)),
                id: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * pairSize + 4, as: UInt64.self)),
                position: UInt32(
                    littleEndian: raw.loadUnaligned(fromByteOffset: index * pairSize + 12, as: UInt32.self))
            )
        }
    }
}
