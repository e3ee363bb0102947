import DurableFiles
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Writes a segment file from pairs given in sorted order: buffered appends, the fences and block
/// filters at the end, then `fsync`, so the file is durable before a manifest names it.
struct SegmentWriter {
    private let path: FilePath
    private let fd: FileDescriptor
    private var buffer: [UInt8] = []
    private var fences: [UInt32] = []
    private var filters: [UInt64] = []
    private(set) var count = 0

    /// Creates the file (which must not exist).
    ///
    /// - Throws: `FileSystemError`.
    init(path: FilePath) throws(FileSystemError) {
        self.path = path
        self.fd = try FileSystem.open(path, .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec], permissions: [.ownerReadWrite, .groupRead, .otherRead], operation: "create")
        buffer.reserveCapacity(64 * 1024)
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
    /// - Throws: `FileSystemError`.
    mutating func finish() throws(FileSystemError) {
        defer { _ = try? fd.close() }
        for fence in fences { withUnsafeBytes(of: fence.littleEndian) { buffer.append(contentsOf: $0) } }
        for word in filters { withUnsafeBytes(of: word.littleEndian) { buffer.append(contentsOf: $0) } }
        try drain()
        do { _ = try systemCall { fsync(fd.rawValue) } } catch { throw FileSystemError("fsync", path, error) }
    }

    /// Closes and removes an unfinished file.
    func abandon() {
        _ = try? fd.close()
        try? FileSystem.removeFile(path)
    }

    private mutating func drain() throws(FileSystemError) {
        do {
            _ = try buffer.withUnsafeBytes { try fd.writeAll($0) }
        } catch {
            throw FileSystemError("write", path, error as? Errno ?? .ioError)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
