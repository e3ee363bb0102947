import Dispatch
import DurableFiles
import NearDuplicates
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Merges an index's segments in the background, one merge at a time, so that no append, refresh
/// or lookup — of this process or another — waits while a merge streams millions of pairs.
///
/// A merge (`MergeJob`) is reserved under the exclusive index lock (the pair to merge, the output's
/// name bumped past in the manifest, the files opened), streamed holding no lock at all, and
/// published under the exclusive lock again, following the manifest as it is by then: only if both
/// inputs are still listed side by side are they replaced by the output; otherwise another process
/// merged or flushed them first and the output is removed. Merges chain: after one, the newest
/// adjacent pair that qualifies is merged next, until none does.
///
/// The merger has a descriptor of the lock file of its own, so `flock` orders it against this
/// process's other threads exactly as against another process (a lock belongs to an open file, not
/// to a thread). It never holds that lock while taking the index's state mutex, which the other
/// threads take first: the two cannot deadlock.
final class SegmentMerger: Sendable {
    /// What the merge thread and the index tell each other.
    private struct Control {
        /// A merge pass (a thread) is under way.
        var running = false
        /// Asked to look again while a pass runs.
        var again = false
        /// Stopped: no pass starts any more.
        var stopped = false
        /// The thread of the pass under way, so that a stop from that thread does not wait for itself.
        var thread: pthread_t?
        /// The last failure not yet reported by `waitUntilIdle`.
        var failure: NearIndexError?
        /// The index to adopt a published manifest into (weak: the index owns the merger).
        weak var index: NearDuplicateIndex?
        /// Tests only: called on the merge thread when a merge is reserved, before it streams.
        var reservedHook: (@Sendable () -> Void)?
    }

    /// The index folder.
    let folder: FilePath
    /// The parameters the index was opened with (a manifest of others is not touched).
    let parameters: NearDuplicateParameters
    private let lock: FileDescriptor
    private let control = Mutex(Control())
    private let cancelled = Atomic(false)
    /// Entered while a pass runs: what `stop` and `waitUntilIdle` wait on.
    private let passes = DispatchGroup()

    /// Opens a descriptor of `folder/lock` of its own.
    ///
    /// - Throws: `NearIndexError.fileSystem`.
    init(folder: FilePath, parameters: NearDuplicateParameters) throws(NearIndexError) {
        self.folder = folder
        self.parameters = parameters
        do {
            lock = try FileSystem.open(IndexFiles.lock(in: folder), .readWrite)
        } catch {
            throw .fileSystem(error)
        }
    }

    deinit { _ = try? lock.close() }

    /// Sets the index that adopts what the merger publishes.
    func attach(_ index: NearDuplicateIndex) {
        control.withLock { $0.index = index }
    }

    /// Sets (or clears) a closure the merge thread calls when it has reserved a merge and is about
    /// to stream it, holding no lock: tests pause merges there.
    func setReservedHook(_ hook: (@Sendable () -> Void)?) {
        control.withLock { $0.reservedHook = hook }
    }

    /// Starts a merge pass on a low-priority thread of its own unless one runs (which then looks
    /// again before it ends) or the merger is stopped. Returns at once.
    func request() {
        let start = control.withLock { control -> Bool in
            guard !control.stopped else { return false }
            guard !control.running else {
                control.again = true
                return false
            }
            control.running = true
            passes.enter()  // before anyone can see `running`, so a wait never misses the pass
            return true
        }
        guard start else { return }
        BackgroundThread.start { [self] in runPass() }
    }

    /// Waits until no pass runs and no adjacent pair of segments qualifies for a merge (it starts a
    /// pass to make sure).
    ///
    /// - Throws: the last merge failure not reported yet (the index stays correct: its segments are
    ///   only left unmerged).
    func waitUntilIdle() throws(NearIndexError) {
        request()
        passes.wait()
        if let failure = control.withLock({ control in
            defer { control.failure = nil }
            return control.failure
        }) {
            throw failure
        }
    }

    /// Stops merging without waiting: a merge streaming now stops within 64 Ki pairs and removes its
    /// output, and no pass starts any more.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
        control.withLock { $0.stopped = true }
    }

    /// Stops merging (`cancel()`) and waits for the pass under way to end, unless called from the
    /// merge thread itself (when the index's last reference goes away there).
    func stop() {
        cancel()
        let wait = control.withLock { control -> Bool in
            guard let thread = control.thread else { return control.running }
            return pthread_equal(thread, pthread_self()) == 0
        }
        if wait { passes.wait() }
    }

    /// Merges while a pair qualifies, then ends the pass.
    private func runPass() {
        control.withLock { $0.thread = pthread_self() }
        while true {
            let again: Bool
            do {
                again = try mergeOnce()
            } catch {
                control.withLock { $0.failure = error }
                again = false  // no retry in a loop: the next flush asks again
            }
            if again, !cancelled.load(ordering: .relaxed) { continue }
            let ended = control.withLock { control -> Bool in
                if control.again, !control.stopped, !cancelled.load(ordering: .relaxed) {
                    control.again = false
                    return false
                }
                control.running = false
                control.again = false
                control.thread = nil
                return true
            }
            if ended { break }
        }
        passes.leave()
    }

    /// Reserves, streams and publishes one merge.
    ///
    /// - Returns: whether to look again (a merge was published, or lost to another process's).
    private func mergeOnce() throws(NearIndexError) -> Bool {
        guard !cancelled.load(ordering: .relaxed), var job = try reserve() else { return false }
        control.withLock { $0.reservedHook }?()
        let finished: Bool
        do {
            finished = try job.stream(cancelled: cancelled)
        } catch {
            job.abandon()
            throw .fileSystem(error)
        }
        guard finished else {
            job.abandon()
            return false
        }
        // The output's fences and filters come from the writer, offered before the manifest lists
        // the output: reading them back would make a third copy beside the inputs' and the writer's.
        let index = control.withLock { $0.index }
        let segment = job.takeSegment()
        if let segment { index?.offer(segment) }
        defer {
            // Adopted now rather than at the next refresh, so the inputs' memory and disk space are
            // given back even while the process is idle.
            index?.followPublishedManifest(withdrawing: segment)
        }
        try publish(&job)
        return true
    }

    /// Under the exclusive lock: picks the pair to merge from the manifest as it is, reserves the
    /// output's name there (durably, as every manifest is written), creates and claims the output
    /// and opens the inputs.
    ///
    /// - Returns: the job, or `nil` when no pair qualifies.
    private func reserve() throws(NearIndexError) -> MergeJob? {
        try withLock { () throws(NearIndexError) -> MergeJob? in
            guard var manifest = try NearDuplicateIndex.readManifest(IndexFiles.manifest(in: folder)),
                manifest.isCurrentFormat, manifest.isCompatible(with: parameters),
                let first = NearDuplicateIndex.mergeCandidate(in: manifest.segments)
            else { return nil }
            let output = NearDuplicateIndex.reserveSegmentName(in: &manifest, folder: folder)
            try NearDuplicateIndex.writeManifest(manifest, folder: folder)
            do throws(FileSystemError) {
                return try MergeJob(
                    older: manifest.segments[first], newer: manifest.segments[first + 1], output: output,
                    folder: folder)
            } catch {
                throw .fileSystem(error)
            }
        }
    }

    /// Under the exclusive lock: replaces the inputs by the output if the manifest still lists them
    /// side by side, and removes the inputs' files; removes the output otherwise.
    private func publish(_ job: inout MergeJob) throws(NearIndexError) {
        try withLock { () throws(NearIndexError) in
            guard var manifest = try NearDuplicateIndex.readManifest(IndexFiles.manifest(in: folder)),
                let first = manifest.segments.firstIndex(of: job.older), first + 1 < manifest.segments.count,
                manifest.segments[first + 1] == job.newer,
                // Never list a file that is gone (only a file system whose `flock` did not reach
                // the process that opened the index could have removed it).
                FileSystem.itemExists(at: folder.appending(job.output))
            else {
                job.abandon()  // another process merged (or rebuilt) first
                return
            }
            manifest.segments.replaceSubrange(first...(first + 1), with: [job.merged])
            // A failed write leaves the output unlisted (or, if only the folder's fsync failed,
            // listed): either way it is kept, and opening the index removes it if it is unlisted.
            try NearDuplicateIndex.writeManifest(manifest, folder: folder)
            // Other processes may still read the inputs through open descriptors; unlinking is safe.
            for name in [job.older.name, job.newer.name] { try? FileSystem.removeFile(folder.appending(name)) }
        }
    }

    private func withLock<T: ~Copyable>(_ body: () throws(NearIndexError) -> T) throws(NearIndexError) -> T {
        try NearDuplicateIndex.withLock(lock, exclusive: true, folder: folder, body)
    }
}
