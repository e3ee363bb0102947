import ArticleStore

/// What a running daemon reports about itself: written to its status file, shown by
/// `newsdrop status`, and summarised for systemd's `STATUS=`.
public struct DaemonStatus: Sendable, Equatable, Codable {
    /// The daemon's life cycle.
    public enum State: String, Sendable, Codable {
        /// Opening the store, recovering claimed files, scanning the inbox.
        case starting
        /// Watching the inbox and ingesting.
        case watching
        /// A transient fault (disk full, I/O error…): inputs wait and are retried with back-off.
        case degraded
        /// Finishing the batch in hand before exiting.
        case stopping
        /// Exited cleanly.
        case stopped
    }

    /// Outcome counts.
    public struct Counts: Sendable, Equatable, Codable, OutcomeTally {
        /// New contents stored.
        public var stored = 0
        /// Inputs whose content was already stored.
        public var duplicates = 0
        /// New contents that resemble stored articles (also counted as stored or, diverted, as duplicates).
        public var nearDuplicates = 0
        /// Rejected inputs.
        public var rejected = 0
        /// Inputs that failed and are being retried.
        public var failed = 0

        /// No outcomes yet.
        public init() {}

        enum CodingKeys: String, CodingKey {
            case stored, duplicates, rejected, failed
            case nearDuplicates = "near_duplicates"
        }

        /// Reads counts; `near_duplicates` may be missing (a status file of an older daemon).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            stored = try container.decode(Int.self, forKey: .stored)
            duplicates = try container.decode(Int.self, forKey: .duplicates)
            nearDuplicates = try container.decodeIfPresent(Int.self, forKey: .nearDuplicates) ?? 0
            rejected = try container.decode(Int.self, forKey: .rejected)
            failed = try container.decode(Int.self, forKey: .failed)
        }
    }

    /// Inputs not yet disposed of.
    public struct Queue: Sendable, Equatable, Codable {
        /// Ready to be claimed.
        public var ready = 0
        /// Waiting to settle (written in place, still changing).
        public var settling = 0
        /// Claimed, waiting for a retry after a fault.
        public var retrying = 0

        /// An empty queue.
        public init() {}

        /// All of them.
        public var total: Int { ready + settling + retrying }
    }

    /// The format version.
    public var schema = 1
    /// The instance name.
    public var instance: String
    /// The host it runs on.
    public var host: String
    /// Its process id.
    public var pid: Int32
    /// Its state.
    public var state: State
    /// `inotify` or `polling`.
    public var mode: String?
    /// Why it polls, when it does.
    public var pollReason: String?
    /// How it makes the store's files durable: `syncfs` or `fsync` (`FlushPolicy`).
    public var flushPolicy: String?
    /// Why that policy: `ext4 flushes through syncfs`, `fuse: syncfs reaches no server`…
    public var flushReason: String?
    /// The inbox folder it watches.
    public var inbox: String
    /// The store folder it writes.
    public var store: String
    /// When it started (store time format).
    public var started: String
    /// When this status was written.
    public var updated: String
    /// Inputs not yet disposed of.
    public var queue = Queue()
    /// Outcomes since it started.
    public var sinceStart = Counts()
    /// Articles in the store in all (counted in the background after start-up; `nil` until then).
    public var storeArticles: Int?
    /// The last error, if any.
    public var lastError: String?
    /// When the last error happened.
    public var lastErrorAt: String?

    /// Creates the status of a starting daemon.
    public init(instance: String, host: String, pid: Int32, inbox: String, store: String, started: String) {
        self.instance = instance
        self.host = host
        self.pid = pid
        self.state = .starting
        self.inbox = inbox
        self.store = store
        self.started = started
        self.updated = started
    }

    enum CodingKeys: String, CodingKey {
        case schema, instance, host, pid, state, mode, inbox, store, started, updated, queue
        case pollReason = "poll_reason"
        case flushPolicy = "flush_policy"
        case flushReason = "flush_reason"
        case sinceStart = "since_start"
        case storeArticles = "store_articles"
        case lastError = "last_error"
        case lastErrorAt = "last_error_at"
    }

    /// Counts one durable outcome (and a new record in the store's total).
    public mutating func record(_ outcome: CommitOutcome) {
        sinceStart.count(outcome)
        if outcome.addsRecord { storeArticles = storeArticles.map { $0 + 1 } }
    }

    /// One short line: `watching /var/lib/newsdrop/inbox (inotify) · 2,127 stored · 98 duplicates ·
    /// 1 rejected · queue 0`.
    public var summary: String {
        var parts = ["\(state.rawValue) \(inbox)\(mode.map { " (\($0))" } ?? "")"]
        parts.append("\(Self.grouped(storeArticles ?? sinceStart.stored)) stored")
        parts.append("\(Self.grouped(sinceStart.duplicates)) duplicates")
        if sinceStart.nearDuplicates > 0 { parts.append("\(Self.grouped(sinceStart.nearDuplicates)) near-duplicates") }
        parts.append("\(Self.grouped(sinceStart.rejected)) rejected")
        parts.append("queue \(Self.grouped(queue.total))")
        if state == .degraded, let lastError { parts.append(lastError) }
        return parts.joined(separator: " · ")
    }

    /// `2,127` for 2127.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }
}
