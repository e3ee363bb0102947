import DurableFiles
import SystemPackage

/// How far a feed is durable at one moment: its segments and the newest one's size, as a reader
/// sees them under the shared lock (no writer is between its write and its `fsync` then).
public struct FeedEnd: Sendable {
    /// The segments, oldest first.
    public let segments: [FeedSegment]
    /// The newest segment's durable size.
    public let newestSize: Int

    /// Looks under the shared lock.
    ///
    /// - Parameter folder: the feed folder.
    /// - Returns: the end, or `nil` when the store has no feed.
    /// - Throws: `FileSystemError`.
    public static func read(feedFolder folder: FilePath) throws(FileSystemError) -> FeedEnd? {
        let lockPath = folder.appending("lock")
        let lock: FileDescriptor
        do {
            lock = try FileSystem.open(lockPath, .readOnly)
        } catch let error where error.errno == .noSuchFileOrDirectory {
            return nil
        }
        defer { _ = try? lock.close() }
        try FileLock.lock(lock, exclusive: false, path: lockPath)
        defer { FileLock.unlock(lock) }
        let segments = try FeedSegment.all(in: folder)
        guard let newest = segments.last else { return FeedEnd(segments: [], newestSize: 0) }
        let fd = try FileSystem.open(newest.path, .readOnly)
        defer { _ = try? fd.close() }
        do {
            return FeedEnd(segments: segments, newestSize: Int(try fd.stat().size))
        } catch {
            throw FileSystemError("stat", newest.path, caught: error)
        }
    }

    /// The size to read a segment up to: the durable size for the newest, the whole file for
    /// closed ones.
    func limit(of segment: FeedSegment) -> Int? {
        segment == segments.last ? newestSize : nil
    }
}
