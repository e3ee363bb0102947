import DurableFiles
import FoundationEssentials
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

extension ChangesFeed {
    /// Appends what the intents of dead writers list and the feed lacks: an entry is appended when
    /// the file it names exists (and, for a record, was stored by that very input) and no entry
    /// with its input's key follows the intent's `after` seq. Intents whose writer still holds
    /// them are left alone. Safe to run at any time, by any number of processes.
    ///
    /// - Parameter quarantine: where an intent that cannot be read is moved.
    /// - Returns: how many entries were appended.
    /// - Throws: `FileSystemError`.
    @discardableResult
    public func recoverIntents(quarantine: FilePath) throws(FileSystemError) -> Int {
        let names: [String]
        do {
            names = try FileSystem.entries(of: pendingFolder).filter { !$0.isHidden }.map(\.text)
        } catch let error where error.errno == .noSuchFileOrDirectory {
            return 0
        }
        var appended = 0
        for name in names where name.hasSuffix(".json") {
            appended += try recover(pendingFolder.appending(name), quarantine: quarantine)
        }
        return appended
    }

    private func recover(_ path: FilePath, quarantine: FilePath) throws(FileSystemError) -> Int {
        let fd: FileDescriptor
        do {
            fd = try FileSystem.open(path, .readOnly)
        } catch let error where error.errno == .noSuchFileOrDirectory {
            return 0  // recovered by another process meanwhile
        }
        defer { _ = try? fd.close() }
        guard try FileLock.lock(fd, exclusive: true, wait: false, path: path) else { return 0 }  // alive
        // Removed after its writer appended (or another process recovered it) while this one waited.
        guard let links = try? fd.stat().linkCount, links > 0 else { return 0 }
        guard let bytes = try FileSystem.readAll(fd, path: path, limit: 64 << 20),
            let (header, entries) = Self.parseIntent(bytes)
        else {
            // Damaged only when a crash cut its commit's flush short, before any of its files was
            // published: nothing to append. Kept for inspection.
            try FileSystem.makeDirectory(quarantine)
            try FileSystem.rename(path, to: quarantine.appending((path.lastComponent?.string ?? "intent") + ".damaged"))
            return 0
        }
        let keys = Set(entries.map(\.key))
        let appended = try withExclusiveLock { state throws(FileSystemError) -> Int in
            let present = try keysAppended(after: header.after, among: keys)
            let missing = entries.filter { !present.contains($0.key) && artifactExists($0) }
            return try appendLocked(missing, &state).count
        }
        try FileSystem.removeFile(path)
        return appended
    }

    static func parseIntent(_ bytes: [UInt8]) -> (FeedIntent.Header, [FeedEntry])? {
        let lines = bytes.split(separator: 0x0A)
        guard bytes.last == 0x0A, let first = lines.first,
            let header = try? JSONDecoder().decode(FeedIntent.Header.self, from: Data(first))
        else { return nil }
        var entries: [FeedEntry] = []
        for line in lines.dropFirst() {
            guard let entry = try? JSONDecoder().decode(FeedEntry.self, from: Data(line)) else { return nil }
            entries.append(entry)
        }
        return (header, entries)
    }

    /// Which of `keys` entries after seq `after` carry. Call under the lock.
    private func keysAppended(after: Int, among keys: Set<String>) throws(FileSystemError) -> Set<String> {
        var present: Set<String> = []
        let segments = try FeedSegment.all(in: folder)
        let start = segments.lastIndex { $0.first <= after + 1 } ?? 0
        for segment in segments[start...] {
            let fd = try FileSystem.open(segment.path, .readOnly)
            defer { _ = try? fd.close() }
            _ = try FeedSegmentScan(fd, path: segment.path, from: 0, expectedSeq: segment.first) { line, _ in
                if line.seq > after, let key = line.string("key"), keys.contains(key) { present.insert(key) }
                return true
            }
        }
        return present
    }

    /// Whether the file an entry names exists (a record: stored by the entry's input).
    private func artifactExists(_ entry: FeedEntry) -> Bool {
        let relative: String?
        switch entry.event {
        case .stored: relative = entry.record
        case .duplicate, .diverted: relative = entry.sighting
        case .rejected: relative = entry.rejection
        }
        guard let relative else { return false }
        let path = storeRoot.appending(relative)
        guard entry.event == .stored else {
            return (try? FileSystem.open(path, .readOnly)).map { fd in
                _ = try? fd.close()
                return true
            } ?? false
        }
        guard let bytes = try? FileSystem.readFile(at: path, limit: 64 << 20), let scanner = RecordScanner(bytes)
        else { return false }
        return scanner.string(#"first_source":{"key"#) == entry.key
    }
}
