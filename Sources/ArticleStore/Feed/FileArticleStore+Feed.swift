import Articles
import DurableFiles
import FoundationEssentials
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

extension FileArticleStore {
    public func changes(after seq: Int, limit: Int) throws -> [FeedEntry] {
        var reader = FeedReader(storeRoot: layout.root, after: seq)
        var entries: [FeedEntry] = []
        try reader.read { line in
            entries.append(try line.decode())
            return entries.count < limit
        }
        return entries
    }

    /// Builds the feed when the store has none (made before the feed existed), then appends what
    /// dead writers' intents list and the feed lacks.
    ///
    /// - Throws: `StoreError`.
    func prepareFeed(progress: (RebuildProgress) -> Void) throws(StoreError) {
        do {
            if !feed.exists { try buildFeed(progress: progress) }
            try feed.recoverIntents(quarantine: layout.quarantine)
            // Learn the head now: the intents of this process's first commits then say how little
            // of the feed a recovery would have to read.
            try feed.withExclusiveLock { _ throws(FileSystemError) in }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .fileSystem(error as? FileSystemError ?? FileSystemError("build the feed in", layout.feed, .ioError))
        }
    }

    /// Builds the feed of a store made before it existed from its records, sightings and
    /// rejections, in the order of their times, and puts it in place. Concurrent openers wait on
    /// the marker's lock and build it once.
    private func buildFeed(progress: (RebuildProgress) -> Void) throws {
        let marker = try FileSystem.open(layout.marker, .readOnly)
        defer { _ = try? marker.close() }
        try FileLock.lock(marker, exclusive: true, path: layout.marker)
        defer { FileLock.unlock(marker) }
        guard !feed.exists else { return }
        // The first report (records: 0) comes with the first thing found: a new, empty store gets its
        // empty feed without a notice of a rebuild.
        var entries = try historicalEntries { progress(RebuildProgress(what: .changesFeed, records: $0)) }
        // A record before the sightings of its content that share its time.
        entries.sort { ($0.at, $0.event == .stored ? 0 : 1, $0.key) < ($1.at, $1.event == .stored ? 0 : 1, $1.key) }
        let fresh = layout.root.appending(".feed.build-\(Self.randomToken())")
        do {
            try FileSystem.makeDirectory(fresh)
            let building = ChangesFeed(storeRoot: layout.root, folder: fresh)
            for start in stride(from: 0, to: entries.count, by: FeedSegment.capacity) {
                _ = try building.append(Array(entries[start..<min(entries.count, start + FeedSegment.capacity)]))
            }
            _ = try building.withExclusiveLock { _ throws(FileSystemError) in }  // creates lock and segment 1
            try FileSystem.syncDirectory(fresh)
            try FileSystem.rename(fresh, to: layout.feed)
            try FileSystem.syncDirectory(layout.root)
        } catch {
            Self.removeFolder(fresh)
            throw error
        }
    }

    /// One entry per record, sighting and rejection in the store, unordered.
    private func historicalEntries(progress: (Int) -> Void) throws -> [FeedEntry] {
        var entries: [FeedEntry] = []
        let writer = feed.writer
        var read = 0
        func note(_ entry: FeedEntry) {
            var entry = entry
            entry.writer = writer
            entry.batch = "rebuilt"
            if read == 0 { progress(0) }
            entries.append(entry)
            read += 1
            if read % 4096 == 0 { progress(read) }
        }
        for shard in try shardNames(in: layout.articles) {
            let folder = layout.articles.appending(shard)
            for item in try visibleEntries(of: folder) {
                guard Self.recordID(item.text) != nil,
                    let record = try? decode(ArticleRecord.self, at: folder.appending(item.name))
                else { continue }
                let id = record.id
                var entry = FeedEntry(
                    event: .stored, id: id, at: record.firstSeen, key: record.firstSource.key,
                    file: record.firstSource.file)
                entry.title = record.title
                entry.record = layout.relative(folder.appending(item.name))
                entry.nearDuplicates = record.nearDuplicates?.isEmpty == false ? record.nearDuplicates : nil
                note(entry)
            }
        }
        for shard in try shardNames(in: layout.sightings) {
            let folder = layout.sightings.appending(shard)
            for item in try visibleEntries(of: folder) {
                guard let sighting = try? decode(Sighting.self, at: folder.appending(item.name)) else { continue }
                let id = sighting.id
                var entry = FeedEntry(
                    event: sighting.nearDuplicate == nil ? .duplicate : .diverted, id: id, at: sighting.seen,
                    key: sighting.source.key, file: sighting.source.file)
                entry.record = layout.relative(layout.record(id))
                entry.sighting = layout.relative(folder.appending(item.name))
                entry.nearDuplicate = sighting.nearDuplicate
                note(entry)
            }
        }
        for day in try visibleEntries(of: layout.rejections) {
            let folder = layout.rejections.appending(day.name)
            for item in try visibleEntries(of: folder) {
                guard let rejection = try? decode(RejectionRecord.self, at: folder.appending(item.name)) else {
                    continue
                }
                var entry = FeedEntry(
                    event: .rejected, id: rejection.id, at: rejection.seen,
                    key: rejection.source.key, file: rejection.source.file)
                entry.rejection = layout.relative(folder.appending(item.name))
                entry.reason = rejection.reason.rawValue
                entry.message = rejection.message
                note(entry)
            }
        }
        return entries
    }
}
