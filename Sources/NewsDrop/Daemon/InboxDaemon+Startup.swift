import ArticleStore
import DurableFiles
import Events
import FoundationEssentials
import Inbox
import Logging
import SystemPackage

extension InboxDaemon {
    /// Opens the store, locks the work folder, starts watching and scanning, and adopts leftovers.
    ///
    /// - Throws: `DaemonStartupError` or `ConfigurationError`.
    func start() throws -> DaemonContext {
        let configuration = self.configuration
        let layout = configuration.layout
        logger.info(
            "starting: store \(configuration.store), inbox \(layout.inbox)",
            metadata: .event(.started, ["instance": "\(instance)"])
        )
        UnnamedFile.raiseOpenFileLimit()
        let store: FileArticleStore
        do {
            store = try FileArticleStore.open(
                at: configuration.store, create: true, nearDuplicates: configuration.nearDuplicates,
                flush: configuration.flush
            ) { [self] progress in
                // Minutes for a large store (a store of an earlier release, one without an index or a
                // feed, or one whose index is laid out for another threshold): each step asks systemd
                // for more time, so the start-up timeout does not end it.
                if progress.records == 0 {
                    logger.notice(
                        "building the \(progress.what.rawValue) from the store's records (it is missing, from an earlier release, or laid out for another threshold); READY follows once it is built",
                        metadata: .event(.indexRebuild, ["rebuild": "\(progress.what.rawValue)"])
                    )
                }
                observer.daemonNeedsMoreTime(.seconds(30))
            }
        } catch {
            throw DaemonStartupError("cannot open the store: \(error)", cause: Self.fileSystemError(error))
        }
        if store.usesUnnamedFiles {
            logger.info(
                "store files are written unnamed (O_TMPFILE) and linked into place",
                metadata: ["store_writes": "unnamed"])
        } else {
            logger.notice(
                "this file system cannot make unnamed files (O_TMPFILE, or /proc is missing): store files go through temp names",
                metadata: ["store_writes": "temp-names"])
        }
        try prepareFolders(layout)
        // The inbox may be on another file system than the store (the moves aside are renames in it).
        let inboxFlush = configuration.flush.choice(for: layout.inbox)
        let work: WorkFolder
        do {
            work = try WorkFolder(layout: layout, instance: instance, patience: Self.workFolderPatience) {
                logger.notice(
                    "the work folder of instance \(instance) is locked by another process: a daemon adopting its files after this instance stopped, or another daemon running as \(instance); waiting up to \(Self.workFolderPatience) for it",
                    metadata: .event(.recovering, ["work_folder": "\(layout.workFolder(instance: instance))"]))
                observer.daemonNeedsMoreTime(Self.workFolderPatience + .seconds(30))
            }
        } catch {
            throw DaemonStartupError(
                error.errno == .wouldBlock
                    ? "another daemon runs as instance \(instance)" : "cannot set up the work folder: \(error)",
                cause: error
            )
        }
        observer.daemonNeedsMoreTime(.seconds(30))
        var settings = configuration.monitorSettings
        settings.simulateOverflow = Self.testHookEnabled("NEWSDROP_TEST_SIMULATE_OVERFLOW")
        let monitor = InboxMonitor(inbox: layout.inbox, settings: settings, logger: logger)
        let mode: InboxMonitor.Mode
        do {
            mode = try monitor.start()
        } catch {
            work.release()
            throw DaemonStartupError("cannot watch the inbox: \(error)", cause: error)
        }
        let leftovers = (try? work.adoptAbandoned(logger: logger)) ?? []
        if !leftovers.isEmpty {
            logger.notice(
                "finishing \(leftovers.count) files claimed before a stop or crash", metadata: .event(.recovering))
        }
        let snapshot = monitor.snapshot()
        updateStatus(force: true) { status in
            status.state = .watching
            status.mode = mode.rawValue
            status.pollReason = snapshot.pollReason
            status.queue.ready = snapshot.ready
            status.flushPolicy = store.flush.policy.rawValue
            status.flushReason = store.flush.reason
        }
        var ready: Logger.Metadata = [
            "inbox": "\(layout.inbox)", "watch_mode": "\(mode.rawValue)", "instance": "\(instance)",
            "flush_policy": "\(store.flush.policy.rawValue)", "flush_reason": "\(store.flush.reason)",
        ]
        if inboxFlush != store.flush {
            ready["inbox_flush_policy"] = "\(inboxFlush.policy.rawValue)"
            ready["inbox_flush_reason"] = "\(inboxFlush.reason)"
        }
        logger.notice(
            "watching \(layout.inbox) (\(mode.rawValue)); storing into \(configuration.store) (flush: \(store.flush.policy.rawValue), \(store.flush.reason))",
            metadata: .event(.ready, ready)
        )
        observer.daemonIsReady(status)
        surveyStoreInBackground(store)
        return DaemonContext(
            store: store, layout: layout, work: work, monitor: monitor, leftovers: leftovers,
            inboxFlush: inboxFlush.policy)
    }

    /// Creates the inbox and destination folders and checks that the destinations are on the
    /// inbox's file system (inputs are renamed there, never copied).
    private func prepareFolders(_ layout: InboxLayout) throws {
        let folders = [
            ("inbox", layout.inbox), ("processed_dir", layout.processed), ("duplicates_dir", layout.duplicates),
            ("rejected_dir", layout.rejected),
        ]
        var inboxDevice: UInt64?
        for (key, folder) in folders {
            do {
                // Race-safe: another daemon (on another host) may be creating the same folders.
                let device = UInt64(try FileSystem.makeDirectories(folder).rawValue.st_dev)
                if let inboxDevice, device != inboxDevice {
                    throw ConfigurationError(
                        file: nil, key: key,
                        problem: "(\(folder)) must be on the inbox's file system: inputs are renamed there, not copied")
                }
                inboxDevice = inboxDevice ?? device
            } catch let error as FileSystemError {
                throw DaemonStartupError("cannot create \(folder): \(error)", cause: error)
            }
        }
        do { try FileSystem.makeDirectories(layout.work) } catch {
            throw DaemonStartupError("cannot create \(layout.work): \(error)", cause: error)
        }
    }

    /// Counts the store's articles and removes temp files left by a crash, after start-up so that
    /// READY never waits for a walk over a large store, on a low-priority thread so that the walk
    /// does not slow down ingest.
    private func surveyStoreInBackground(_ store: FileArticleStore) {
        let storedBefore = status.sinceStart.stored
        BackgroundThread.start { [self] in
            let survey: FileArticleStore.Survey
            do {
                survey = try store.survey()
            } catch {
                logger.warning("cannot survey the store: \(error)")
                return
            }
            if survey.removedTempFiles > 0 {
                logger.notice(
                    "removed \(survey.removedTempFiles) temp files left in the store by a stopped writer",
                    metadata: .event(.storeCleaned))
            }
            updateStatus { status in
                // Articles stored while counting may be counted twice; the figure is for people.
                status.storeArticles = survey.articles + max(0, status.sinceStart.stored - storedBefore)
            }
        }
    }

    static func fileSystemError(_ error: StoreError) -> FileSystemError? {
        if case .fileSystem(let failure) = error { return failure }
        return nil
    }

    /// Whether a test-only environment switch is on.
    static func testHookEnabled(_ name: String) -> Bool {
        ProcessInfo.processInfo.environment[name] == "1"
    }
}
