import Articles
import DurableFiles
import FoundationEssentials
import SystemPackage

extension FileArticleStore {
    /// The newest `count` `stored` entries, oldest first, read from the feed's newest segments
    /// only (milliseconds at any store size).
    ///
    /// - Throws: `FeedError`, `FileSystemError`.
    public func newestStored(_ count: Int) throws -> [FeedEntry] {
        guard count > 0 else { return [] }
        guard let end = try FeedEnd.read(feedFolder: layout.feed) else { throw FeedError.noFeed(layout.feed) }
        var newestFirst: [[[UInt8]]] = []
        var found = 0
        for segment in end.segments.reversed() {
            var lines: [[UInt8]] = []
            let fd = try FileSystem.open(segment.path, .readOnly)
            defer { _ = try? fd.close() }
            _ = try FeedSegmentScan(
                fd, path: segment.path, from: 0, expectedSeq: segment.first, limit: end.limit(of: segment)
            ) {
                line, _ in
                if line.event == .stored { lines.append(Array(line.bytes)) }
                return true
            }
            newestFirst.append(lines)
            found += lines.count
            if found >= count { break }
        }
        let lines = newestFirst.reversed().joined().suffix(count)
        return try lines.map { line in try line.withUnsafeBytes { try FeedEntry.decode($0) } }
    }

    /// Calls `body` with each `stored` entry after seq `after` (or at or after time `from`), in
    /// feed order, without holding them all.
    ///
    /// - Parameters:
    ///   - after: only entries with larger seqs.
    ///   - from: only entries whose time is at or after this (ISO 8601, as the entries write it).
    /// - Throws: `FeedError`, `FileSystemError`, or what `body` throws.
    public func forEachStored(after: Int = 0, from: String? = nil, _ body: (FeedEntry) throws -> Void) throws {
        var reader = FeedReader(storeRoot: layout.root, after: after)
        try reader.read { line in
            guard line.event == .stored else { return true }
            if let from, let at = line.string("at"), at < from { return true }
            try body(try line.decode())
            return true
        }
    }

    /// How many times an article was seen: its record's input and every later sighting file.
    ///
    /// - Throws: `StoreError`.
    public func sightingCount(of id: ContentID) throws(StoreError) -> Int {
        var count = 1
        for entry in try visibleEntries(of: layout.sightingShard(id)) where StoreLayout.sightingID(entry.text) == id {
            count += 1
        }
        return count
    }

    /// Later sightings (duplicates and diverted near-duplicates) per id, from the feed.
    ///
    /// - Throws: `FeedError`, `FileSystemError`.
    public func laterSightingsFromFeed() throws -> [ContentID: Int] {
        var counts: [ContentID: Int] = [:]
        var reader = FeedReader(storeRoot: layout.root, after: 0)
        try reader.read { line in
            if line.event == .duplicate || line.event == .diverted, let id = line.string("id").flatMap(ContentID.init) {
                counts[id, default: 0] += 1
            }
            return true
        }
        return counts
    }

    /// Counts from the feed: `totals.json` for the closed segments, then the entries after it
    /// (milliseconds at any store size). Sizes are not included (`statistics()` walks for them).
    ///
    /// - Throws: `FeedError`, `FileSystemError`.
    public func feedStatistics() throws -> StoreStatistics {
        var totals = feed.readTotals() ?? FeedTotals()
        var reader = FeedReader(storeRoot: layout.root, after: totals.through)
        try reader.read { line in
            totals.add(line)
            return true
        }
        let duplicates = totals.count(.duplicate) + totals.count(.diverted)
        return StoreStatistics(
            articles: totals.count(.stored), sightings: totals.count(.stored) + duplicates, duplicates: duplicates,
            rejected: totals.count(.rejected), rejectedByReason: totals.reasons, bytes: nil, diskBytes: nil,
            feedHead: totals.through)
    }
}
