import DurableFiles

/// Reads a segment's pairs in order, a chunk at a time: what merging two segments streams through.
struct SegmentCursor {
    /// The segment; holding it keeps its descriptor open while the cursor reads.
    private let segment: IndexSegment
    private var buffer = [UInt8](repeating: 0, count: chunkPairs * IndexSegment.pairSize)
    private var bufferFirst = 0
    private var bufferPairs = 0
    private var position = 0

    private static let chunkPairs = 16 * 1024

    init(segment: IndexSegment) {
        self.segment = segment
    }

    /// The next pair, or `nil` at the end.
    ///
    /// - Throws: `FileSystemError` when the file cannot be read.
    mutating func next() throws(FileSystemError) -> IndexPair? {
        guard position < segment.count else { return nil }
        if position >= bufferFirst + bufferPairs {
            bufferPairs = try segment.readPairs(from: position, count: min(Self.chunkPairs, segment.count - position), into: &buffer)
            bufferFirst = position
        }
        position += 1
        return IndexSegment.pair(at: position - 1 - bufferFirst, in: buffer)
    }
}
