import DurableFiles
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a segment file from pairs given in sorted order: buffered appends, the fences and block
/// filters at the end, then `fsync`, so the file is durable before a manifest names it.
///
/// Memory: the pairs pass through a 64 KB buffer; the fences and filters (9 bytes per article) are
/// sized up front from the expected count and written straight from their arrays, because a merge
/// of large segments otherwise held them twice or three times over (array growth, then a copy into
/// the buffer) and left tens of MB in malloc's arenas.
struct SegmentWriter {
    private let path: FilePath
    private let fd: FileDescriptor
    private var buffer: [UInt8] = []
    private var fences: [UInt32] = []
    private var filters: [UInt64] = []
    private(set) var count = 0
    /// Bytes written so far.
    private(set) var written: Int64 = 0
    /// How many of them were written back to the disk before the final `fsync`.
    private(set) var writtenBack: Int64 = 0
    /// Whether `fd` is still open (`finish` closes it): a descriptor is never closed twice, as its
    /// number may by then belong to another file of another thread.
    private var isOpen = true

    /// Creates the file (which must not exist).
    ///
    /// - Parameter expectedPairs: how many pairs will be appended, if known (sizes the fences and
    ///   filters once).
    /// - Throws: `FileSystemError`.
    init(path: FilePath, expectedPairs: Int = 0) throws(FileSystemError) {
        self.path = path
        self.fd = try FileSystem.open(
            path, .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec],
            permissions: [.ownerReadWrite, .groupRead, .otherRead], operation: "create")
        buffer.reserveCapacity(64 * 1024)
        let blocks = IndexSegment.blockCount(expectedPairs)
        fences.reserveCapacity(blocks)
        filters.reserveCapacity(blocks * BlockFilter.wordsPerBlock)
    }

    /// Appends one pair; pairs must come sorted.
    ///
    /// - Throws: `FileSystemError`.
    mutating func append(_ pair: IndexPair) throws(FileSystemError) {
        if count % IndexSegment.blockEntries == 0 {
            fences.append(pair.key)
            filters.append(contentsOf: repeatElement(0, count: BlockFilter.wordsPerBlock))
        }
        BlockFilter.insert(pair.key, block: fences.count - 1, into: &filters)
        withUnsafeBytes(of: pair.key.littleEndian) { buffer.append(contentsOf: $0) }
        withUnsafeBytes(of: pair.id.littleEndian) { buffer.append(contentsOf: $0) }
        withUnsafeBytes(of: pair.position.littleEndian) { buffer.append(contentsOf: $0) }
        count += 1
        if buffer.count >= 60 * 1024 { try drain() }
    }

    /// Writes the fences and the block filters, syncs and closes the file.
    ///
    /// - Returns: the fences and filters, handed over (the writer keeps none): what an
    ///   `IndexSegment` of this file holds, without reading them back.
    /// - Throws: `FileSystemError`.
    mutating func finish() throws(FileSystemError) -> SegmentFences {
        defer {
            _ = try? fd.close()
            isOpen = false
        }
        try drain()
        // Converted in place and back (both no-ops on a little-endian machine), never copied.
        for index in fences.indices { fences[index] = fences[index].littleEndian }
        for index in filters.indices { filters[index] = filters[index].littleEndian }
        try write(fences)
        try write(filters)
        for index in fences.indices { fences[index] = UInt32(littleEndian: fences[index]) }
        for index in filters.indices { filters[index] = UInt64(littleEndian: filters[index]) }
        do { _ = try systemCall { fsync(fd.rawValue) } } catch { throw FileSystemError("fsync", path, error) }
        defer {
            fences = []
            filters = []
        }
        return SegmentFences(fences: fences, filters: filters)
    }

    /// Closes (unless `finish` did) and removes the file: unfinished, or finished but not wanted.
    mutating func abandon() {
        if isOpen { _ = try? fd.close() }
        isOpen = false
        try? FileSystem.removeFile(path)
    }

    /// How much a writer leaves dirty before it writes it back itself.
    static let writeBackChunk: Int64 = 8 << 20

    private mutating func drain() throws(FileSystemError) {
        try write(buffer)
        buffer.removeAll(keepingCapacity: true)
        // A merge writes hundreds of MB, and the daemon's group commit is a `syncfs`, which would
        // otherwise write back whatever of it is dirty: a batch then waited for the merge's output
        // (gaps of 300-500 ms between outcomes during large merges of a million-file drop). Written
        // back here, on the merge's own thread, at most one chunk is left for a `syncfs` to find.
        if written - writtenBack >= Self.writeBackChunk {
            try FileSystem.writeBack(fd, offset: writtenBack, length: written - writtenBack, path: path)
            writtenBack = written
        }
    }

    private mutating func write<Element>(_ elements: [Element]) throws(FileSystemError) {
        do {
            written += Int64(try elements.withUnsafeBytes { try fd.writeAll($0) })
        } catch {
            throw FileSystemError("write", path, caught: error)
        }
    }
}
