import DurableFiles
import FoundationEssentials
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

extension ChangesFeed {
    /// Appends entries under the feed's exclusive lock, numbering them after the newest entry any
    /// writer appended, and `fsync`s the segment before the lock is released: the entries are
    /// durable when this returns. A torn tail a dead writer left is cut off first.
    ///
    /// - Parameter entries: the entries, in order (their `seq` is ignored).
    /// - Returns: the entries with their seqs.
    /// - Throws: `FileSystemError`; then nothing was appended (a later append cuts off whatever
    ///   part of these reached the disk).
    public func append(_ entries: [FeedEntry]) throws(FileSystemError) -> [FeedEntry] {
        guard !entries.isEmpty else { return [] }
        return try withExclusiveLock { state throws(FileSystemError) in try appendLocked(entries, &state) }
    }

    /// `append(_:)`'s work, under the lock.
    func appendLocked(_ entries: [FeedEntry], _ state: inout State) throws(FileSystemError) -> [FeedEntry] {
        guard !entries.isEmpty else { return [] }
        if state.count >= FeedSegment.capacity { try startSegment(after: state.lastSeq, &state) }
        var numbered = entries
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 400)
        for index in numbered.indices {
            numbered[index].seq = state.lastSeq + 1 + index
            bytes += numbered[index].jsonLine
        }
        let segment = state.segment!
        let fd = state.descriptor!
        do {
            _ = try bytes.withUnsafeBytes { try fd.writeAll(toAbsoluteOffset: Int64(state.size), $0) }
        } catch {
            throw FileSystemError("append to", segment.path, caught: error)
        }
        do { try systemCall { fsync(fd.rawValue) } } catch { throw FileSystemError("fsync", segment.path, error) }
        state.size += bytes.count
        state.lastSeq += numbered.count
        state.count += numbered.count
        return numbered
    }

    /// The seq of the newest entry, as this process last saw it under the lock (0 before it has
    /// looked): every entry appended later has a larger seq.
    public var knownHead: Int {
        state.withLock { $0.lastSeq }
    }

    /// Runs `body` holding the feed's exclusive lock (and this process's mutex), with the newest
    /// segment open, checked and its torn tail (if any) cut off.
    func withExclusiveLock<T>(
        _ body: (inout State) throws(FileSystemError) -> T
    ) throws(FileSystemError) -> T {
        try state.withLock { state throws(FileSystemError) in
            let lock = try lockDescriptor(&state)
            try FileLock.lock(lock, exclusive: true, path: lockPath)
            defer { FileLock.unlock(lock) }
            try refresh(&state)
            return try body(&state)
        }
    }

    /// The lock file, opened (and the feed folder created) on first use.
    func lockDescriptor(_ state: inout State) throws(FileSystemError) -> FileDescriptor {
        if let lock = state.lock { return lock }
        let lock: FileDescriptor
        do {
            lock = try FileSystem.open(
                lockPath, .readWrite, options: [.create, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch let error where error.errno == .noSuchFileOrDirectory {
            try FileSystem.makeDirectories(folder)
            try FileSystem.syncDirectory(folder.removingLastComponent())
            lock = try FileSystem.open(
                lockPath, .readWrite, options: [.create, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        }
        state.lock = lock
        return lock
    }

    /// Brings `state` up to date with the newest segment: what other writers appended since this
    /// process last looked, and a torn tail cut off. Call under the exclusive lock.
    private func refresh(_ state: inout State) throws(FileSystemError) {
        guard let newest = try FeedSegment.all(in: folder).last else {
            try startSegment(after: 0, &state)
            return
        }
        var current = newest == state.segment
        if current { current = try isOpen(newest, as: state.descriptor) }
        if !current {
            _ = try? state.descriptor?.close()
            state.descriptor = try FileSystem.open(newest.path, .readWrite)
            state.segment = newest
            state.size = 0
            state.lastSeq = newest.first - 1
            state.count = 0
        }
        let fd = state.descriptor!
        // The size from the file system, not from the attribute cache: on a FUSE mount `fstat`
        // could still show the size before another host's last append (measured on GlusterFS:
        // 200 of 200 times right after it), and this append would overwrite those entries.
        let size = try FileSystem.freshSize(of: fd, path: newest.path)
        if size == state.size { return }
        if size < state.size {
            // Cut back by another writer: only ever a torn tail, which this process never counted.
            (state.size, state.lastSeq, state.count) = (0, newest.first - 1, 0)
        }
        let scan = try FeedSegmentScan(fd, path: newest.path, from: state.size, expectedSeq: state.lastSeq + 1)
        state.size = scan.end
        state.lastSeq = scan.lastSeq
        state.count += scan.count
        if scan.end < size {
            // Bytes after the last valid line: a writer died while appending. Nobody acted on them
            // (its entries are appended again from its intent), so they go.
            do { try systemCall { ftruncate(fd.rawValue, off_t(scan.end)) } } catch {
                throw FileSystemError("cut the torn tail of", newest.path, error)
            }
        }
    }

    /// Whether `descriptor` is open on the file `segment` names now (not on one renamed over since).
    private func isOpen(_ segment: FeedSegment, as descriptor: FileDescriptor?) throws(FileSystemError) -> Bool {
        guard let descriptor else { return false }
        return try FileSystem.isStillNamed(descriptor, at: segment.path)
    }

    /// Closes the newest segment (counting it into `totals.json`) and starts the next one.
    private func startSegment(after lastSeq: Int, _ state: inout State) throws(FileSystemError) {
        let next = FeedSegment(first: lastSeq + 1, in: folder)
        let fd: FileDescriptor
        do {
            fd = try FileSystem.open(
                next.path, .readWrite, options: [.create, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch let error where error.errno == .noSuchFileOrDirectory {
            try FileSystem.makeDirectory(folder)
            fd = try FileSystem.open(
                next.path, .readWrite, options: [.create, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        }
        // The name must be durable before entries in it are: otherwise a crash could keep the
        // entries' successors and lose these.
        try FileSystem.syncDirectory(folder)
        _ = try? state.descriptor?.close()
        if let closed = state.segment { try? updateTotals(through: closed) }
        state.descriptor = fd
        state.segment = next
        (state.size, state.lastSeq, state.count) = (0, lastSeq, 0)
    }

    /// Counts the closed segments up to and including `closed` into `totals.json` (derived data:
    /// written without a flush; a lost or stale file only makes `stats` read more).
    private func updateTotals(through closed: FeedSegment) throws(FileSystemError) {
        var totals = readTotals() ?? FeedTotals()
        let segments = try FeedSegment.all(in: folder).filter { $0.first <= closed.first }
        for (index, segment) in segments.enumerated() {
            // A segment whose successor starts at or before `through + 1` is counted already.
            if index + 1 < segments.count, segments[index + 1].first <= totals.through + 1 { continue }
            let fd = try FileSystem.open(segment.path, .readOnly)
            defer { _ = try? fd.close() }
            // Seqs before `totals.through` are counted already.
            _ = try FeedSegmentScan(fd, path: segment.path, from: 0, expectedSeq: segment.first) { line, _ in
                if line.seq > totals.through { totals.add(line) }
                return true
            }
        }
        try FileSystem.replaceFile(totalsPath, bytes: totals.jsonBytes, durable: false)
    }

    /// `totals.json`, or `nil` when it is missing or unreadable.
    func readTotals() -> FeedTotals? {
        guard let bytes = try? FileSystem.readFile(at: totalsPath, limit: 1 << 20) else { return nil }
        return try? JSONDecoder().decode(FeedTotals.self, from: Data(bytes))
    }
}
