import Articles
import DurableFiles
import SystemPackage

extension StoreVerifier {
    /// Checks the changes feed against the records: every record has exactly one `stored` entry
    /// (with the key of the input that stored it), every such entry names a record, closed
    /// segments read as consecutive entries. Repair builds a missing feed, appends the entries of
    /// dead writers' intents and of records that lack one, and cuts off a torn tail.
    mutating func checkFeed() throws(StoreError) {
        let feed = store.feed
        let layout = store.layout
        let store = self.store
        guard feed.exists else {
            problem(layout.feed, .missingFeed, "the store has no changes feed (it was made by an earlier release)") {
                () throws(FileSystemError) in
                do { try store.prepareFeed(progress: { _ in }) } catch {
                    throw FileSystemError("build the feed in", layout.feed, .ioError)
                }
                return "built from the records, sightings and rejections"
            }
            return
        }
        if repair {
            do throws(FileSystemError) { try feed.recoverIntents(quarantine: layout.quarantine) } catch {
                throw .fileSystem(error)
            }
        }
        var storedKeys: [ContentID: [String]] = [:]
        var reader = FeedReader(storeRoot: layout.root, after: 0)
        do {
            try reader.read { line in
                report.checked.feedEntries += 1
                if line.event == .stored, let id = line.string("id").flatMap(ContentID.init) {
                    storedKeys[id, default: []].append(line.string("key") ?? "")
                }
                return true
            }
        } catch let error as FeedError {
            problem(layout.feed, .damagedFeed, "\(error)")
            return
        } catch {
            throw .fileSystem(error as? FileSystemError ?? FileSystemError("read", layout.feed, .ioError))
        }
        try checkTornTail()
        var missing: [FeedEntry] = []
        for (id, entry) in expectedEntries {
            let keys = storedKeys[id, default: []].filter { $0 == entry.key }
            if keys.isEmpty {
                missing.append(entry)
            } else if keys.count > 1 {
                problem(
                    layout.record(id), .duplicateFeedEntry, "the record has \(keys.count) stored entries")
            }
        }
        for (id, keys) in storedKeys where expectedEntries[id] == nil {
            problem(
                layout.feed, .feedEntryWithoutRecord,
                "\(keys.count) stored \(keys.count == 1 ? "entry names" : "entries name") \(id), which has no record",
                warning: true)
        }
        missing.sort { ($0.at, $0.key) < ($1.at, $1.key) }
        for entry in missing {
            problem(layout.record(entry.id!), .missingFeedEntry, "the record has no stored entry in the changes feed")
        }
        if repair, !missing.isEmpty {
            do {
                _ = try feed.append(missing)
            } catch {
                for index in report.problems.indices where report.problems[index].kind == .missingFeedEntry {
                    report.problems[index].message += "; repair failed: \(error)"
                }
                return
            }
            for index in report.problems.indices where report.problems[index].kind == .missingFeedEntry {
                report.problems[index].repair = "appended"
            }
        }
    }

    /// Reports bytes after the newest segment's last entry; repair cuts them off (under the lock,
    /// where no live writer can be in the middle of an append).
    private mutating func checkTornTail() throws(StoreError) {
        let feed = store.feed
        do throws(FileSystemError) {
            guard let end = try FeedEnd.read(feedFolder: feed.folder), let newest = end.segments.last else { return }
            let fd = try FileSystem.open(newest.path, .readOnly)
            defer { _ = try? fd.close() }
            let scan = try FeedSegmentScan(
                fd, path: newest.path, from: 0, expectedSeq: newest.first, limit: end.newestSize)
            guard scan.end < end.newestSize else { return }
            problem(
                newest.path, .tornFeedTail,
                "\(end.newestSize - scan.end) bytes after seq \(scan.lastSeq) are not a complete entry (an append cut short)",
                warning: true
            ) { () throws(FileSystemError) in
                try feed.withExclusiveLock { _ throws(FileSystemError) in }
                return "cut off"
            }
        } catch {
            throw .fileSystem(error)
        }
    }
}
