import DurableFiles
import SystemPackage

/// Reads a segment's pairs in order, a chunk at a time: what merging two segments streams through.
///
/// It opens the file itself rather than through an `IndexSegment`, which would load the segment's
/// fences and filters (9 bytes per article) only for the merge to ignore them.
struct SegmentCursor: ~Copyable {
    private let fd: FileDescriptor
    private let path: FilePath
    private let count: Int
    private var buffer = [UInt8](repeating: 0, count: chunkPairs * IndexSegment.pairSize)
    private var bufferFirst = 0
    private var bufferPairs = 0
    private var position = 0

    private static let chunkPairs = 16 * 1024

    /// Opens the segment `name` of `count` pairs in `folder`.
    ///
    /// - Throws: `FileSystemError`.
    init(folder: FilePath, name: String, count: Int) throws(FileSystemError) {
        path = folder.appending(name)
        fd = try FileSystem.open(path, .readOnly)
        self.count = count
    }

    deinit { _ = try? fd.close() }

    /// The next pair, or `nil` at the end.
    ///
    /// - Throws: `FileSystemError` when the file cannot be read.
    mutating func next() throws(FileSystemError) -> IndexPair? {
        guard position < count else { return nil }
        if position >= bufferFirst + bufferPairs {
            bufferPairs = try IndexSegment.readPairs(
                of: fd, path: path, from: position, count: min(Self.chunkPairs, count - position), into: &buffer)
            bufferFirst = position
        }
        position += 1
        return IndexSegment.pair(at: position - 1 - bufferFirst, in: buffer)
    }
}
