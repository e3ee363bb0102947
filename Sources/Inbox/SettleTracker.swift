import SystemPackage

#if canImport(Glibc)
    import DurableFiles
    import Glibc
#endif

/// Decides when a file written in place has settled: no change in size or mtime over a quiet
/// period. A file still being written is never handed over half-written.
struct SettleTracker {
    /// What to do with a file now.
    enum Decision: Equatable {
        /// It has settled (or is not a regular file, which needs no settling): take it.
        case ready
        /// Look again at this instant.
        case wait(until: ContinuousClock.Instant)
    }

    private struct Entry {
        let size: Int64
        let modified: Int64
        let since: ContinuousClock.Instant
    }

    /// The quiet period.
    var quiet: Duration
    /// Whether file times can be compared with this host's clock (local file systems). On network
    /// file systems the server's clock may differ, so only unchanged observations count.
    var trustFileTimes: Bool
    private var entries: [FilePath.Component: Entry] = [:]

    /// Creates a tracker.
    init(quiet: Duration, trustFileTimes: Bool) {
        self.quiet = quiet
        self.trustFileTimes = trustFileTimes
    }

    /// Files being watched for settling.
    var count: Int { entries.count }

    /// Whether `name` is being watched.
    func isTracking(_ name: FilePath.Component) -> Bool { entries[name] != nil }

    /// Records an observation of `name` and decides.
    ///
    /// - Parameters:
    ///   - name: the file's name.
    ///   - stat: its `lstat`.
    ///   - now: the monotonic time of the observation.
    mutating func observe(_ name: FilePath.Component, _ stat: Stat, now: ContinuousClock.Instant) -> Decision {
        guard stat.type == .regular else {
            entries[name] = nil
            return .ready
        }
        let modified = Int64(stat.st_mtim.tv_sec) * 1_000_000_000 + Int64(stat.st_mtim.tv_nsec)
        if let entry = entries[name], entry.size == stat.size, entry.modified == modified {
            if now - entry.since >= quiet {
                entries[name] = nil
                return .ready
            }
            return .wait(until: entry.since + quiet)
        }
        if trustFileTimes {
            var wall = timespec()
            clock_gettime(CLOCK_REALTIME, &wall)
            let age = Int64(wall.tv_sec) * 1_000_000_000 + Int64(wall.tv_nsec) - modified
            let quietNanoseconds = quiet.nanoseconds
            if age >= quietNanoseconds {
                entries[name] = nil
                return .ready
            }
        }
        entries[name] = Entry(size: stat.size, modified: modified, since: now)
        return .wait(until: now + quiet)
    }

    /// Stops watching `name` (it vanished or was taken).
    mutating func forget(_ name: FilePath.Component) {
        entries[name] = nil
    }

    /// The names whose quiet period has passed by `now`.
    func due(at now: ContinuousClock.Instant) -> [FilePath.Component] {
        entries.compactMap { now - $0.value.since >= quiet ? $0.key : nil }
    }

    /// The earliest instant a watched file may have settled.
    var nextDeadline: ContinuousClock.Instant? {
        entries.values.map { $0.since + quiet }.min()
    }
}
