import ArgumentParser
import ArticleStore
import DurableFiles
import FoundationEssentials
import Logging
import NewsDrop
import ServiceLifecycle
import SystemPackage

#if canImport(Glibc)
    import Events
    import Glibc
#endif

extension LogTarget: ExpressibleByArgument {}
extension OutcomeLogging: ExpressibleByArgument {}
extension FlushSetting: ExpressibleByArgument {}

extension Newsdrop {
    /// `newsdrop run`
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the inbox daemon: ingest every file dropped into the inbox, then move it aside.",
            discussion: """
                Producers should write a file elsewhere (or as a dot-file) and rename it into the inbox. \
                Settings come from the configuration file (--config; under systemd /etc/newsdrop/newsdrop.json), \
                overridden by flags. SIGTERM/SIGINT stop gracefully; SIGHUP reloads the configuration. \
                Exit status: 0 after a graceful stop, 1 when start-up fails, 78 for an invalid configuration.
                """
        )

        @Option(help: ArgumentHelp("The JSON configuration file.", valueName: "file"))
        var config: String?

        @Option(help: ArgumentHelp("The inbox folder (default ./inbox).", valueName: "dir"))
        var inbox: String?

        @Option(
            help: ArgumentHelp("The store folder (default $NEWSDROP_STORE, else ./newsdrop-store).", valueName: "dir"))
        var store: String?

        @Option(help: ArgumentHelp("Where stored inputs go (default <inbox>/processed).", valueName: "dir"))
        var processedDir: String?

        @Option(help: ArgumentHelp("Where duplicate inputs go (default <inbox>/duplicates).", valueName: "dir"))
        var duplicatesDir: String?

        @Option(help: ArgumentHelp("Where rejected inputs go (default <inbox>/rejected).", valueName: "dir"))
        var rejectedDir: String?

        @Flag(help: "Delete inputs once stored instead of moving them to the processed folder.")
        var deleteProcessed = false

        @Flag(help: "Delete duplicate inputs instead of moving them to the duplicates folder.")
        var deleteDuplicates = false

        @Option(
            help: ArgumentHelp(
                "Poll the inbox every N seconds instead of using inotify (default: only on NFS, SMB, FUSE).",
                valueName: "seconds"))
        var pollInterval: Int?

        @Option(
            help: ArgumentHelp("Take a file written in place once unchanged this long (default 500).", valueName: "ms"))
        var settleMs: Int?

        @Option(
            help: ArgumentHelp(
                "Rescan the inbox this often although inotify watches it (default 60).", valueName: "seconds"))
        var rescanInterval: Int?

        @Option(help: ArgumentHelp("Reject inputs larger than this (default 4 MiB).", valueName: "bytes"))
        var maxSize: Int?

        @Option(help: ArgumentHelp("Most inputs made durable together (default 256).", valueName: "count"))
        var batchSize: Int?

        @Option(
            help: ArgumentHelp(
                "keep, divert or off: what to do with a near-duplicate of a stored article (default keep).",
                valueName: "policy"))
        var nearDuplicates: NearDuplicatePolicy?

        @Option(
            help: ArgumentHelp(
                "The least similarity (0–1) that makes a near-duplicate (default 0.6).", valueName: "fraction"))
        var nearThreshold: Double?

        @Option(
            help: ArgumentHelp(
                "trace, debug, info, notice, warning, error or critical (default info).", valueName: "level"))
        var logLevel: String?

        @Option(
            help: ArgumentHelp(
                "each (one journal entry per input, default) or batch (one per batch, and one per rejection).",
                valueName: "mode"))
        var logOutcomes: OutcomeLogging?

        @Option(
            help: ArgumentHelp(
                "This instance's name in the work and status folders (default <host>-<pid>).", valueName: "name"))
        var instance: String?

        @Option(
            help: ArgumentHelp(
                "Write Prometheus metrics to this file (node_exporter's textfile collector; name it *.prom).",
                valueName: "file"))
        var metricsFile: String?

        @Option(help: ArgumentHelp("Rewrite the metrics file this often (default 15).", valueName: "seconds"))
        var metricsInterval: Int?

        @Option(
            help: ArgumentHelp(
                "auto, syncfs or fsync: how the store's files and the moves aside are made durable (default auto: syncfs on ext4, XFS, Btrfs and tmpfs, fsync on FUSE, network and other file systems).",
                valueName: "policy"))
        var flush: FlushSetting?

        @Option(
            help: ArgumentHelp(
                "journal or stderr (default: journal when stderr is connected to it, as under systemd).",
                valueName: "target"))
        var logTarget: LogTarget?

        func validate() throws {
            if let pollInterval, pollInterval < 1 {
                throw ValidationError("--poll-interval must be at least 1 second.")
            }
            if let settleMs, settleMs < 0 { throw ValidationError("--settle-ms must not be negative.") }
            if let rescanInterval, rescanInterval < 1 {
                throw ValidationError("--rescan-interval must be at least 1 second.")
            }
            if let maxSize, maxSize < 1 { throw ValidationError("--max-size must be positive.") }
            if let nearThreshold, !(0.0...1.0).contains(nearThreshold) {
                throw ValidationError("--near-threshold must be between 0 and 1.")
            }
            if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1.") }
            if let metricsInterval, metricsInterval < 1 {
                throw ValidationError("--metrics-interval must be at least 1 second.")
            }
            if let logLevel, Logger.Level(rawValue: logLevel) == nil {
                throw ValidationError(
                    "--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            if let instance, instance.isEmpty || instance.contains("/") || instance.hasPrefix(".") {
                throw ValidationError("--instance must be a plain name without '/' or a leading '.'.")
            }
        }

        var overrides: DaemonOverrides {
            var overrides = DaemonOverrides()
            overrides.inbox = inbox.map { FilePath($0) }
            overrides.store = store.map { FilePath($0) }
            overrides.processed = processedDir.map { FilePath($0) }
            overrides.duplicates = duplicatesDir.map { FilePath($0) }
            overrides.rejected = rejectedDir.map { FilePath($0) }
            overrides.deleteProcessed = deleteProcessed ? true : nil
            overrides.deleteDuplicates = deleteDuplicates ? true : nil
            overrides.pollInterval = pollInterval.map { .seconds($0) }
            overrides.settle = settleMs.map { .milliseconds($0) }
            overrides.rescanInterval = rescanInterval.map { .seconds($0) }
            overrides.maxSize = maxSize
            overrides.batchSize = batchSize
            overrides.nearDuplicatePolicy = nearDuplicates
            overrides.nearDuplicateThreshold = nearThreshold
            overrides.logLevel = logLevel.flatMap { Logger.Level(rawValue: $0) }
            overrides.logOutcomes = logOutcomes
            overrides.instance = instance
            overrides.metricsFile = metricsFile.map { FilePath($0) }
            overrides.metricsInterval = metricsInterval.map { .seconds($0) }
            overrides.flush = flush
            return overrides
        }

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let file = DaemonConfiguration.configurationFile(explicit: config, environment: environment)
            let overrides = self.overrides
            let load: InboxDaemon.ConfigurationSource = { () throws(ConfigurationError) in
                try DaemonConfiguration.resolve(file: file, overrides: overrides, environment: environment)
            }
            // Test hook: a smaller journal queue, so that a test can make it overflow.
            let queueLimit = environment["NEWSDROP_TEST_JOURNAL_QUEUE"].flatMap { Int($0) }
            let journal = (logTarget ?? .automatic).bootstrap(queueLimit: queueLimit)
            var logger = Logger(label: "newsdrop")
            let observer = SystemdDaemonObserver(logger: logger)
            defer {
                // Let the last notifications (STOPPING=1, a start-up failure) and journal entries
                // out, but never wait long for a reader that does not read: SIGTERM must end us.
                let deadline = ContinuousClock.now + .seconds(2)
                observer.flush(within: .seconds(1))
                journal?.flush(within: deadline - .now)
            }
            let failed: Logger.Metadata = .event(.startFailed)
            let configuration: DaemonConfiguration
            do {
                configuration = try load()
            } catch {
                logger.critical("\(error)", metadata: failed)
                observer.daemonFailedToStart(error.description, errno: nil)
                throw ExitCode(ConfigurationError.exitStatus)
            }
            logger.logLevel = configuration.logLevel
            let daemon = InboxDaemon(
                configuration: configuration, reload: load, logger: logger, observer: observer,
                heartbeat: observer.heartbeat, journal: journal)
            var groupLogger = logger
            groupLogger.logLevel = max(configuration.logLevel, .notice)
            var groupConfiguration = ServiceGroupConfiguration(
                services: [.init(service: daemon)], gracefulShutdownSignals: [.sigterm, .sigint], logger: groupLogger
            )
            groupConfiguration.maximumGracefulShutdownDuration = .seconds(30)
            do {
                try await ServiceGroup(configuration: groupConfiguration).run()
            } catch let error as ConfigurationError {
                logger.critical("\(error)", metadata: failed)
                observer.daemonFailedToStart(error.description, errno: nil)
                throw ExitCode(ConfigurationError.exitStatus)
            } catch let error as DaemonStartupError {
                var metadata = failed
                if let cause = error.cause {
                    metadata["errno"] = "\(cause.errno.rawValue)"
                    metadata["errno_name"] = "\(cause.errnoName)"
                }
                logger.critical("cannot start: \(error)", metadata: metadata)
                observer.daemonFailedToStart(error.description, errno: error.cause?.errno.rawValue)
                throw ExitCode.failure
            }
        }
    }
}
