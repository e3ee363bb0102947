import Dispatch
import DurableFiles
import Events
import Logging
import Synchronization
import SystemPackage

/// Finds the files dropped into the inbox and hands over those that are ready.
///
/// - **inotify** (local file systems): a Dispatch read source on an inotify descriptor reports
///   renames into the inbox (ready at once), close-after-write and creation (ready once settled);
///   a Dispatch timer rescans every `rescanInterval` as a safety net, and an overflow of the
///   kernel's event queue triggers an immediate rescan. The watch is added before the first scan,
///   so nothing dropped during start-up is missed.
/// - **polling** (NFS, SMB, FUSE — where inotify cannot see other hosts' writes — or when forced):
///   a Dispatch timer scans every `pollInterval`.
///
/// A deleted or replaced inbox is re-created or re-watched. All state lives on one serial queue;
/// the consumer takes ready names with `take(max:)` and waits with `waitForWork(timeout:)`.
public final class InboxMonitor: @unchecked Sendable {
    /// How the monitor watches.
    public enum Mode: String, Sendable, Codable {
        /// inotify events, with a periodic rescan.
        case inotify
        /// Periodic scans only.
        case polling
    }

    /// What can be changed while running (on reload).
    public struct Settings: Sendable, Equatable {
        /// Names that are not inputs.
        public var ignore: IgnoreRules
        /// How long a file written in place must stay unchanged before it is taken.
        public var settle: Duration
        /// How often the inotify mode rescans anyway.
        public var rescanInterval: Duration
        /// Poll at this interval instead of using inotify; `nil` polls only on network file systems.
        public var pollInterval: Duration?
        /// Test hook: discard inotify file events and report an overflow instead.
        public var simulateOverflow: Bool

        /// Creates settings.
        public init(
            ignore: IgnoreRules = IgnoreRules(), settle: Duration = .milliseconds(500),
            rescanInterval: Duration = .seconds(60),
            pollInterval: Duration? = nil, simulateOverflow: Bool = false
        ) {
            self.ignore = ignore
            self.settle = settle
            self.rescanInterval = rescanInterval
            self.pollInterval = pollInterval
            self.simulateOverflow = simulateOverflow
        }
    }

    /// A moment's view of the monitor, for status reports.
    public struct Snapshot: Sendable {
        /// How it watches.
        public var mode: Mode
        /// Why it polls (`forced`, or the remote file system type), when it polls.
        public var pollReason: String?
        /// Names ready to be claimed.
        public var ready: Int
        /// Files waiting to settle.
        public var settling: Int
        /// The inbox problem being retried, if any.
        public var problem: String?
    }

    /// The default poll interval on network file systems.
    public static let defaultPollInterval: Duration = .seconds(2)

    /// The inbox folder watched.
    let inbox: FilePath
    /// Where problems and recoveries are logged.
    let logger: Logger
    /// The serial queue every piece of state below lives on.
    let queue = DispatchQueue(label: "newsdrop.inbox-monitor")
    private let ready: Mutex<ReadyQueue>
    private let wake = WakeSignal()

    // Confined to `queue`.
    private var settings: Settings
    /// Watching with inotify or polling.
    var mode: Mode = .inotify
    private var pollReason: String?
    /// The inotify watch, in inotify mode.
    var watcher: InotifyWatcher?
    private var tracker: SettleTracker
    private var scanTimer: (any DispatchSourceTimer)?
    private var settleTimer: (any DispatchSourceTimer)?
    private var settleDeadline: ContinuousClock.Instant?
    /// The back-off before the next attempt to recover a missing inbox.
    var recoveryDelay: Duration = .zero
    private var rescanQueued = false
    /// The inbox problem being retried, if any.
    var problem: String?
    /// The device and inode of the folder being watched.
    var watchedIdentity: (device: UInt64, inode: UInt64)?
    /// Set by `stop()`: no recovery or scan is started after it.
    var stopped = false

    /// Creates a monitor; `start()` begins watching.
    ///
    /// - Parameters:
    ///   - inbox: the inbox folder.
    ///   - settings: the settings.
    ///   - logger: where inbox events are logged.
    ///   - readyLimit: the most names held ready at once (the rest wait in the inbox for a rescan).
    public init(inbox: FilePath, settings: Settings, logger: Logger, readyLimit: Int = 65_536) {
        self.inbox = inbox
        self.ready = Mutex(ReadyQueue(capacity: readyLimit))
        self.settings = settings
        self.logger = logger
        self.tracker = SettleTracker(quiet: settings.settle, trustFileTimes: true)
    }

    // MARK: - Consumer side

    /// Removes and returns up to `max` names that are ready to be claimed; asks for a rescan when
    /// names were left out of the full queue and it has room again.
    public func take(max: Int) -> [FilePath.Component] {
        let (names, refill) = ready.withLock { queue in (queue.take(max), queue.takeRefillRequest()) }
        if refill { requestRescan() }
        return names
    }

    /// Returns when names are ready, the monitor stops, or `timeout` passes.
    public func waitForWork(timeout: Duration? = nil) async {
        if ready.withLock({ $0.count }) > 0 { return }
        await wake.wait(timeout: timeout)
    }

    /// Whether `stop()` was called.
    public var isStopped: Bool { wake.isClosed }

    // MARK: - Control

    /// Creates the inbox if missing, chooses the mode, adds the watch, then scans.
    ///
    /// - Returns: the mode chosen.
    /// - Throws: `FileSystemError` when the inbox cannot be created or read.
    @discardableResult
    public func start() throws(FileSystemError) -> Mode {
        let result: Result<Mode, FileSystemError> = queue.sync {
            do throws(FileSystemError) {
                try FileSystem.makeDirectories(inbox)
                try configureWatching()
                try scan()
                return .success(mode)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Applies new settings (on reload), switching between inotify and polling when needed.
    public func apply(_ newSettings: Settings) {
        queue.sync {
            guard newSettings != settings else { return }
            settings = newSettings
            tracker.quiet = newSettings.settle
            do throws(FileSystemError) {
                try configureWatching()
                queueRescan()
            } catch {
                reportProblem(error)
            }
        }
    }

    /// Asks for a rescan as soon as possible.
    public func requestRescan() {
        queue.async { [weak self] in self?.queueRescan() }
    }

    /// Stops watching; waiting consumers return.
    public func stop() {
        queue.sync {
            stopped = true
            watcher?.cancel()
            watcher = nil
            scanTimer?.cancel()
            settleTimer?.cancel()
        }
        wake.close()
    }

    /// The current mode and queue lengths.
    public func snapshot() -> Snapshot {
        let readyCount = ready.withLock { $0.count }
        return queue.sync {
            Snapshot(mode: mode, pollReason: pollReason, ready: readyCount, settling: tracker.count, problem: problem)
        }
    }

    // MARK: - Watching (on `queue`)

    /// Sets up inotify (or polling where inotify cannot see) and the periodic rescan.
    func configureWatching() throws(FileSystemError) {
        let remote = FileSystemKind.remoteType(of: inbox)
        let interval = settings.pollInterval ?? (remote != nil ? Self.defaultPollInterval : nil)
        if let interval {
            watcher?.cancel()
            watcher = nil
            if mode != .polling || pollReason == nil {
                logger.notice(
                    "polling the inbox every \(interval)",
                    metadata: ["inbox": "\(inbox)", "reason": "\(remote ?? "forced")"])
            }
            mode = .polling
            pollReason = settings.pollInterval != nil ? "forced" : remote
            tracker.trustFileTimes = false
            scheduleScans(every: interval)
            return
        }
        mode = .inotify
        pollReason = nil
        tracker.trustFileTimes = true
        if watcher == nil {
            do {
                watcher = try InotifyWatcher(folder: inbox, queue: queue) { [weak self] event in self?.handle(event) }
            } catch let error where error.errno == .tooManyOpenFiles || error.errno == .noSpace {
                // Out of inotify instances or watches: polling still works.
                logger.warning("inotify is unavailable (\(error)); polling instead", metadata: ["inbox": "\(inbox)"])
                mode = .polling
                pollReason = "inotify unavailable"
                tracker.trustFileTimes = false
                scheduleScans(every: Self.defaultPollInterval)
                return
            }
        }
        watchedIdentity = identity(of: inbox)
        scheduleScans(every: settings.rescanInterval)
    }

    private func scheduleScans(every interval: Duration) {
        scanTimer?.cancel()
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let nanoseconds = Int(clamping: interval.nanoseconds)
        timer.schedule(
            deadline: .now() + .nanoseconds(nanoseconds), repeating: .nanoseconds(nanoseconds),
            leeway: .milliseconds(mode == .polling ? 50 : 1000))
        timer.setEventHandler { [weak self] in self?.rescan(reason: "timer") }
        timer.activate()
        scanTimer = timer
    }

    private func handle(_ event: InotifyWatcher.Event) {
        switch event {
        case .file(let name, let change):
            guard !settings.simulateOverflow else {
                queueRescan()
                return
            }
            guard !settings.ignore.ignores(name), !ready.withLock({ $0.contains(name) }) else { return }
            if change == .movedIn {
                tracker.forget(name)
                enqueue(name)  // a finished rename: no need to wait or even stat
            } else {
                consider(name)
            }
        case .overflow:
            logger.warning(
                "the inotify event queue overflowed; rescanning the inbox",
                metadata: .event(.inboxOverflow, ["inbox": "\(inbox)"]))
            queueRescan()
        case .folderGone:
            logger.warning(
                "the inbox was deleted or moved away; re-creating it",
                metadata: .event(.inboxProblem, ["inbox": "\(inbox)"]))
            recoverInbox()
        }
    }

    private func queueRescan() {
        guard !rescanQueued, !stopped else { return }
        rescanQueued = true
        queue.async { [weak self] in
            guard let self else { return }
            rescanQueued = false
            rescan(reason: "requested")
        }
    }

    private func rescan(reason: String) {
        guard !stopped else { return }
        if mode == .inotify, let watched = watchedIdentity, let current = identity(of: inbox), watched != current {
            logger.warning(
                "the inbox folder was replaced; watching the new one",
                metadata: .event(.inboxProblem, ["inbox": "\(inbox)"]))
            recoverInbox()
            return
        }
        do {
            try scan()
            clearProblem()
        } catch {
            logger.warning("cannot scan the inbox: \(error)", metadata: ["inbox": "\(inbox)", "reason": "\(reason)"])
            recoverInbox()
        }
    }

    /// Lists the inbox and considers every name not already queued, until the ready queue is full
    /// (the rest is picked up by the rescan its draining asks for). The listing is read as it
    /// comes, so a folder of a million names is never held in memory.
    func scan() throws(FileSystemError) {
        try FileSystem.forEachEntry(in: inbox) { bytes, kind in
            // The name's raw bytes (any but `/` and NUL: not necessarily UTF-8) become the component.
            guard kind != .directory, let name = Self.component(bytes) else { return true }
            guard !settings.ignore.ignores(name) else { return true }
            let (queued, full) = ready.withLock { ($0.contains(name), $0.isFull) }
            if queued { return true }
            if full {
                ready.withLock { $0.noteLeftOut() }
                return false
            }
            consider(name)
            return true
        }
    }

    /// The path component of a listed name (`forEachEntry` names end in a NUL, as in `d_name`).
    private static func component(_ bytes: UnsafeBufferPointer<UInt8>) -> FilePath.Component? {
        bytes.baseAddress.flatMap { start in
            start.withMemoryRebound(to: CChar.self, capacity: bytes.count + 1) {
                FilePath(platformString: $0).lastComponent
            }
        }
    }

    /// Stats `name` and queues it if it is ready, or waits for it to settle.
    private func consider(_ name: FilePath.Component) {
        guard let stat = try? inbox.appending(name).stat(followTargetSymlink: false) else {
            tracker.forget(name)  // vanished
            return
        }
        guard stat.type != .directory else { return }
        switch tracker.observe(name, stat, now: .now) {
        case .ready: enqueue(name)
        case .wait(let deadline): armSettleTimer(deadline)
        }
    }

    private func enqueue(_ name: FilePath.Component) {
        if ready.withLock({ $0.append(name) }) { wake.signal() }
    }

    private func armSettleTimer(_ deadline: ContinuousClock.Instant) {
        if let current = settleDeadline, current <= deadline, settleTimer != nil { return }
        settleTimer?.cancel()
        settleDeadline = deadline
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let delay = max(.zero, deadline - .now)
        let nanoseconds = Int(clamping: delay.nanoseconds)
        timer.schedule(deadline: .now() + .nanoseconds(nanoseconds), leeway: .milliseconds(5))
        timer.setEventHandler { [weak self] in self?.settleTimerFired() }
        timer.activate()
        settleTimer = timer
    }

    private func settleTimerFired() {
        settleTimer?.cancel()
        settleTimer = nil
        settleDeadline = nil
        for name in tracker.due(at: .now) { consider(name) }
        if let next = tracker.nextDeadline { armSettleTimer(next) }
    }
}
