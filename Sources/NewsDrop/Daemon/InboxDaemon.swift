import ArticleStore
import DurableFiles
import FoundationEssentials
import Inbox
import Logging
import ServiceLifecycle
import Synchronization
import SystemPackage
import Systemd
import UnixSignals

#if canImport(Glibc)
    import Events
    import Glibc
#endif

/// `newsdrop run`: the long-running service that ingests every file dropped into the inbox.
///
/// Start-up: open the store, lock this instance's work folder, watch the inbox and scan it, adopt
/// the claimed files of stopped instances — then ready. The loop claims ready names (rename into
/// the work folder), runs them through the same pipeline as `newsdrop ingest`, and once each
/// outcome is durable moves the input to `processed/`, `duplicates/` or `rejected/`. Transient
/// faults leave inputs where they are and are retried with back-off while the daemon reports
/// itself degraded. SIGHUP re-reads the configuration; a graceful shutdown (SIGTERM, SIGINT)
/// finishes the batch in hand.
public final class InboxDaemon: Service {
    /// Re-reads the configuration (the file, then the command-line flags) on SIGHUP.
    public typealias ConfigurationSource = @Sendable () throws(ConfigurationError) -> DaemonConfiguration

    let reloadConfiguration: ConfigurationSource
    let observer: any DaemonObserver
    /// The queue in front of journald, when logging to the journal: its losses go to the metrics.
    let journal: JournalWriter?
    let heartbeat: Duration?
    let shared: Mutex<SharedState>
    let stopSignal = WakeSignal()
    let instance: String
    /// The threads the ingest loop's three stages run on.
    let stages = Stages()
    /// What Prometheus sees (written to `metrics_file` when one is set).
    public let metrics = DaemonMetrics(version: NewsDropVersion.current)

    /// The ingest loop's stages: read and understand, commit, move aside.
    struct Stages: Sendable {
        let prepare = BlockingStage("newsdrop.prepare")
        let commit = BlockingStage("newsdrop.commit")
        let dispose = BlockingStage("newsdrop.dispose")
    }

    /// Test hook (`NEWSDROP_TEST_HOOKS=1`): SIGUSR2 makes the ingest loop hang, as a stuck pipeline would.
    let stallRequested = Mutex(false)

    /// What the loop, the reload task and status readers share.
    struct SharedState {
        var configuration: DaemonConfiguration
        var logger: Logger
        var status: DaemonStatus
        var lastPublished = ContinuousClock.now - .seconds(10)
        var publishedState: DaemonStatus.State?
        var flushScheduled = false
    }

    /// Creates the daemon.
    ///
    /// - Parameters:
    ///   - configuration: the settings to start with.
    ///   - reload: where SIGHUP gets the new settings.
    ///   - logger: the logger.
    ///   - observer: receives life-cycle events (systemd notifications).
    ///   - heartbeat: wake the loop at least this often even when idle, so that `observer` sees
    ///     progress (half the watchdog interval); `nil` when nobody watches.
    ///   - journal: the journal writer `LogTarget.bootstrap()` made, if logging to the journal.
    public init(
        configuration: DaemonConfiguration, reload: @escaping ConfigurationSource, logger: Logger,
        observer: any DaemonObserver = NoDaemonObserver(), heartbeat: Duration? = nil, journal: JournalWriter? = nil
    ) {
        self.reloadConfiguration = reload
        self.observer = observer
        self.journal = journal
        self.heartbeat = heartbeat
        self.instance = configuration.instance ?? "\(HostName.current)-\(getpid())"
        var logger = logger
        logger.logLevel = configuration.logLevel
        let status = DaemonStatus(
            instance: instance, host: HostName.current, pid: getpid(), inbox: configuration.inbox.string,
            store: configuration.store.string, started: Timestamp.string(from: Date())
        )
        self.shared = Mutex(SharedState(configuration: configuration, logger: logger, status: status))
    }

    /// How long a start waits while another process holds the instance's work-folder lock: a
    /// daemon adopting the folder's files after this instance stopped holds it for as long as
    /// its renames take (a few hundred files on a distributed file system: seconds).
    static let workFolderPatience: Duration = .seconds(30)

    /// Allocations of at least this many bytes get a mapping of their own (`mallopt`).
    static let mmapThreshold = 256 * 1024

    /// The current status.
    public var status: DaemonStatus { shared.withLock { $0.status } }

    var logger: Logger { shared.withLock { $0.logger } }
    var configuration: DaemonConfiguration { shared.withLock { $0.configuration } }

    public func run() async throws {
        // Index segments' fences and filters (MBs at a million articles) and merge buffers come and
        // go; mapped separately, they go back to the system when freed instead of staying in the
        // arenas. Measured with a million-file drop: see the README's Performance section.
        MemoryTuning.mapAllocations(ofAtLeast: Self.mmapThreshold)
        // Trap SIGHUP before anything else: its default action would end the process, and a reload
        // asked for during start-up is simply handled once the daemon is ready.
        let reloads = await UnixSignalsSequence(trapping: .sighup)
        let stalls = Self.testHookEnabled("NEWSDROP_TEST_HOOKS") ? await UnixSignalsSequence(trapping: .sigusr2) : nil
        let context = try start()
        defer { context.finish() }
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { [self] in
                    for await _ in reloads { reload(context) }
                }
                if let stalls {
                    group.addTask { [self] in
                        for await _ in stalls { stallRequested.withLock { $0 = true } }
                    }
                }
                group.addTask { [self] in
                    await ingestLoop(context)
                }
                if configuration.metricsFile != nil {
                    group.addTask { [self] in
                        while !Task.isCancelled {
                            writeMetrics(context)
                            try? await Task.sleep(for: configuration.metricsInterval)
                        }
                    }
                }
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: { [self] in
            observer.daemonIsStopping()
            logger.notice("stopping: finishing the batch in hand", metadata: .event(.stopping))
            updateStatus { $0.state = .stopping }
            stopSignal.close()
            context.monitor.stop()
        }
        recoverFeedIntents(context.store)
        updateStatus(force: true) { $0.state = .stopped }
        writeMetrics(context)
        logger.notice("stopped", metadata: .event(.stopped))
    }
}
