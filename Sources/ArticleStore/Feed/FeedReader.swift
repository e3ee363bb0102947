import DurableFiles
import SystemPackage

/// Reads a feed in order from a position, and goes on from where it stopped on the next call:
/// what `newsdrop changes`, `ls` and `stats` read the feed with. It reads only what is durable (see
/// `FeedEnd`), checks every line, and stops at a torn tail, which it never delivers.
public struct FeedReader {
    /// The feed folder.
    public let folder: FilePath
    /// The seq of the last entry delivered (or the position it started after).
    public private(set) var lastSeq: Int
    /// The newest seq seen durable at the last read.
    public private(set) var head = 0
    private var segment: FeedSegment?
    private var offset = 0

    /// A reader that delivers the entries after `seq`.
    ///
    /// - Parameters:
    ///   - storeRoot: the store folder.
    ///   - seq: deliver entries with larger seqs (0: from the beginning).
    public init(storeRoot: FilePath, after seq: Int) {
        self.folder = storeRoot.appending("feed")
        self.lastSeq = seq
    }

    /// Calls `body` with each durable entry after the last one delivered, in order, until it
    /// returns `false` or none is left.
    ///
    /// - Returns: how many entries `body` got.
    /// - Throws: `StoreError.missing`-like `FeedError.noFeed` when the store has no feed,
    ///   `FeedError.damaged` for a damaged closed segment or a gap between segments, or what
    ///   `body` throws.
    @discardableResult
    public mutating func read(_ body: (FeedLine) throws -> Bool) throws -> Int {
        guard let end = try FeedEnd.read(feedFolder: folder) else { throw FeedError.noFeed(folder) }
        guard let newest = end.segments.last else { return 0 }
        if segment == nil || !end.segments.contains(segment!) {
            segment = end.segments.last { $0.first <= lastSeq + 1 } ?? end.segments.first
            offset = 0
        }
        var delivered = 0
        var stop = false
        while let current = segment, !stop {
            let fd = try FileSystem.open(current.path, .readOnly)
            defer { _ = try? fd.close() }
            var thrown: (any Error)?
            let expected = offset == 0 ? current.first : lastSeq + 1
            let scan = try FeedSegmentScan(
                fd, path: current.path, from: offset, expectedSeq: expected, limit: end.limit(of: current)
            ) { line, lineEnd in
                offset = lineEnd
                guard line.seq > lastSeq else { return true }
                do {
                    guard try body(line) else {
                        stop = true
                        lastSeq = line.seq
                        delivered += 1
                        return false
                    }
                } catch {
                    thrown = error
                    return false
                }
                lastSeq = line.seq
                delivered += 1
                return true
            }
            if let thrown { throw thrown }
            if current == newest {
                head = scan.lastSeq
                break
            }
            if stop { break }
            if scan.stoppedEarly {
                throw FeedError.damaged(current.path, "a line that is not a valid entry after seq \(scan.lastSeq)")
            }
            let next = end.segments.first { $0.first > current.first }!
            guard next.first == scan.lastSeq + 1 else {
                throw FeedError.damaged(next.path, "starts at seq \(next.first), after seq \(scan.lastSeq)")
            }
            segment = next
            offset = 0
        }
        if stop { head = max(head, lastSeq) }
        return delivered
    }
}

/// Why a feed cannot be read.
public enum FeedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The store has no changes feed (made by an earlier release and not opened for writing since).
    case noFeed(FilePath)
    /// A closed segment holds a line that is not a valid entry, or seqs do not follow on.
    case damaged(FilePath, String)

    public var description: String {
        switch self {
        case .noFeed(let folder):
            "the store has no changes feed yet (\(folder) is missing): it is built when the store is next opened for writing (newsdrop run, newsdrop ingest or newsdrop verify --repair)"
        case .damaged(let path, let what): "the changes feed is damaged: \(path) has \(what); run 'newsdrop verify'"
        }
    }
}

extension ChangesFeed {
    /// The seq of the newest durable entry of the store at `storeRoot` (0 for an empty feed).
    ///
    /// - Throws: `FeedError.noFeed` when the store has none, `FileSystemError`.
    public static func durableHead(storeRoot: FilePath) throws -> Int {
        let folder = storeRoot.appending("feed")
        guard let end = try FeedEnd.read(feedFolder: folder) else { throw FeedError.noFeed(folder) }
        guard let newest = end.segments.last else { return 0 }
        let fd = try FileSystem.open(newest.path, .readOnly)
        defer { _ = try? fd.close() }
        return try FeedSegmentScan(fd, path: newest.path, from: 0, expectedSeq: newest.first, limit: end.newestSize)
            .lastSeq
    }
}
