import DurableFiles
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a segment's lines in order, checking each (`FeedLine`) and that seqs follow one another
/// without a gap, and stops at the first line that is incomplete or not well-formed: a torn tail
/// is where the valid part of a segment ends, never something to misread.
struct FeedSegmentScan {
    /// Where the valid lines end (the offset just past the last one's line feed).
    private(set) var end: Int
    /// The seq of the last valid line, or the one before `expectedFirst` when there is none.
    private(set) var lastSeq: Int
    /// How many valid lines were read.
    private(set) var count = 0
    /// Whether reading stopped at bytes that are not a valid next line (a torn tail), rather than
    /// at `limit`.
    private(set) var stoppedEarly = false

    /// Reads `fd` from `offset` up to `limit` bytes in, calling `body` with each valid line until
    /// it returns `false`.
    ///
    /// - Parameters:
    ///   - expectedSeq: the seq the line at `offset` must have.
    ///   - limit: how far to read (the durable size the reader saw); `nil` for the file's size.
    /// - Throws: `FileSystemError`.
    init(
        _ fd: FileDescriptor, path: FilePath, from offset: Int, expectedSeq: Int, limit: Int? = nil,
        chunk: Int = 1 << 20, _ body: (FeedLine, _ end: Int) -> Bool = { _, _ in true }
    ) throws(FileSystemError) {
        self.end = offset
        self.lastSeq = expectedSeq - 1
        let size: Int
        if let limit {
            size = limit
        } else {
            do { size = Int(try fd.stat().size) } catch { throw FileSystemError("stat", path, caught: error) }
        }
        var buffer = [UInt8](repeating: 0, count: chunk)
        var filled = 0  // bytes in `buffer` starting at file offset `self.end`
        var readOffset = offset
        var stopped = false
        while !stopped, readOffset < size {
            if filled == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
            let want = min(buffer.count - filled, size - readOffset)
            let got: Int
            do {
                got = try buffer.withUnsafeMutableBytes { raw in
                    try fd.read(
                        fromAbsoluteOffset: Int64(readOffset),
                        into: UnsafeMutableRawBufferPointer(rebasing: raw[filled..<filled + want]))
                }
            } catch {
                throw FileSystemError("read", path, caught: error)
            }
            if got == 0 { break }
            readOffset += got
            filled += got
            var consumed = 0
            buffer.withUnsafeBytes { raw in
                while consumed < filled {
                    let rest = UnsafeRawBufferPointer(rebasing: raw[consumed..<filled])
                    guard let newline = memchr(rest.baseAddress!, 0x0A, rest.count) else { break }
                    let length = rest.baseAddress!.distance(to: UnsafeRawPointer(newline))
                    guard let line = FeedLine(UnsafeRawBufferPointer(rebasing: rest[..<length])),
                        line.seq == lastSeq + 1
                    else {
                        stoppedEarly = true
                        stopped = true
                        return
                    }
                    consumed += length + 1
                    lastSeq = line.seq
                    count += 1
                    if !body(line, end + consumed) {
                        stopped = true
                        return
                    }
                }
            }
            end += consumed
            buffer.withUnsafeMutableBytes { raw in
                raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[consumed..<filled]))
            }
            filled -= consumed
        }
        // Bytes after the last line feed: a line still being written, or torn by a crash.
        if !stopped, filled > 0 { stoppedEarly = true }
    }
}
