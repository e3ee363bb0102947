import DurableFiles
import SystemPackage

/// Reads a segment's pairs in order, a chunk at a time: what merging two segments streams through.
struct SegmentCursor {
    /// Keeps the segment, and so its descriptor, open while the cursor reads.
    private let owner: IndexSegment
    private let fd: FileDescriptor
    private let path: FilePath
    private let count: Int
    private var buffer: [UInt8] = []
    private var bufferFirst = 0
    private var bufferPairs = 0
    private var position = 0

    private static let chunkPairs = 16 * 1024

    init(owner: IndexSegment, fd: FileDescriptor, path: FilePath, count: Int) {
        self.owner = owner
        self.fd = fd
        self.path = path
        self.count = count
    }

    /// The next pair, or `nil` at the end.
    ///
    /// - Throws: `FileSystemError` when the file cannot be read.
    mutating func next() throws(FileSystemError) -> (key: UInt32, id: UInt64)? {
        guard position < count else { return nil }
        if position >= bufferFirst + bufferPairs { try fill() }
        let offset = (position - bufferFirst) * IndexSegment.pairSize
        position += 1
        return buffer.withUnsafeBytes { raw in
            (
                UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)),
                UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt64.self))
            )
        }
    }

    private mutating func fill() throws(FileSystemError) {
        let pairs = min(Self.chunkPairs, count - position)
        if buffer.count < pairs * IndexSegment.pairSize { buffer = [UInt8](repeating: 0, count: Self.chunkPairs * IndexSegment.pairSize) }
        do {
            let wanted = pairs * IndexSegment.pairSize
            let read = try buffer.withUnsafeMutableBytes { raw in
                try fd.read(fromAbsoluteOffset: Int64(position * IndexSegment.pairSize), into: UnsafeMutableRawBufferPointer(rebasing: raw[..<wanted]))
            }
            guard read == wanted else { throw Errno.badMessage }
        } catch {
            throw FileSystemError("read the index segment", path, error as? Errno ?? .ioError)
        }
        bufferFirst = position
        bufferPairs = pairs
    }
}
