import DurableFiles
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The changes feed of a store: every outcome that changed what the store holds, in order, each
/// with a `seq` that grows by one across every writer of the store — several daemons, one-shot
/// ingests, hosts sharing the store — so a consumer resumes from the last seq it handled.
///
/// ```
/// feed/<first seq>.jsonl         segments of JSON lines (FeedEntry), FeedSegment.capacity each
/// feed/lock                      flock: exclusive to append, shared to read the durable end
/// feed/totals.json               counts of the closed segments' events (FeedTotals), for `stats`
/// feed/pending/<writer>.<token>.json
///                                a commit's entries, durable before its files are published and
///                                removed once they are appended (FeedIntent)
/// ```
///
/// An entry is appended only after the files it names are durable, and the appender `fsync`s the
/// segment before it lets go of the lock, so a reader that takes the lock shared sees durable
/// entries only. A commit first makes its intent durable, so when a writer dies between publishing
/// its files and appending their entries, any later writer finds the intent and appends what is
/// missing (`recoverIntents`): every durable record ends up with exactly one `stored` entry.
public final class ChangesFeed: Sendable {
    /// The feed folder (`<store>/feed`).
    public let folder: FilePath
    /// The store folder, for paths in entries.
    let storeRoot: FilePath
    /// This process as a writer: `<host>-<pid>`.
    public let writer: String
    /// What this process knows of the newest segment; also orders its own threads, which `flock`
    /// does not.
    let state: Mutex<State>
    /// Set when this process left an intent behind (an append failed, or some of a commit's
    /// submissions did): the next commit recovers intents first, so the entries do not wait for
    /// the next start or rescan.
    let recoveryDue = Atomic<Bool>(false)

    /// The newest segment as this process last left it.
    struct State {
        var lock: FileDescriptor?
        var segment: FeedSegment?
        var descriptor: FileDescriptor?
        var size = 0
        var lastSeq = 0
        var count = 0
    }

    /// The feed of the store at `storeRoot`; opens nothing until it is used.
    ///
    /// - Parameter folder: the feed folder, if not `<storeRoot>/feed` (a feed being built).
    public init(storeRoot: FilePath, folder: FilePath? = nil) {
        self.storeRoot = storeRoot
        self.folder = folder ?? storeRoot.appending("feed")
        self.writer = "\(HostName.current)-\(getpid())"
        self.state = Mutex(State())
    }

    deinit {
        state.withLock { state in
            _ = try? state.descriptor?.close()
            _ = try? state.lock?.close()
        }
    }

    /// The lock file.
    var lockPath: FilePath { folder.appending("lock") }
    /// The folder of intents.
    var pendingFolder: FilePath { folder.appending("pending") }
    /// The totals of closed segments.
    var totalsPath: FilePath { folder.appending("totals.json") }

    /// Whether the store has a feed (a store made by an earlier release has none until it is
    /// opened for writing).
    public var exists: Bool {
        FileSystem.itemExists(at: lockPath)
    }
}
