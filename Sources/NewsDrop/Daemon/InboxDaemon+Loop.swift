import ArticleStore
import Articles
import DurableFiles
import Events
import Inbox
import Logging
import SystemPackage

extension InboxDaemon {
    /// Claims, processes and disposes of inputs until a graceful shutdown.
    ///
    /// Batches form only while there is a backlog: a lone file is committed at once on its own.
    /// While one batch commits (mostly waiting for the disk), the next is claimed and prepared.
    /// While inputs fail with transient faults, no new input is claimed; the failed ones are retried
    /// with back-off (1 s doubling to 60 s) until the fault clears.
    func ingestLoop(_ context: DaemonContext) async {
        var retrying = context.leftovers
        var backoff: Duration = .zero
        var nextRetry = ContinuousClock.now
        var nextAdoption = ContinuousClock.now + configuration.rescanInterval
        var worked = false
        while !stopSignal.isClosed {
            if stallRequested.withLock({ $0 }) {
                logger.warning("test hook: the ingest loop hangs from now on")
                await withUnsafeContinuation { (_: UnsafeContinuation<Void, Never>) in }  // never resumed
            }
            observer.daemonMadeProgress()
            let settings = configuration
            if ContinuousClock.now >= nextAdoption {
                // Also while idle: a dead peer's claims and feed intents wait for no new input.
                nextAdoption = .now + settings.rescanInterval
                retrying += (try? context.work.adoptAbandoned(logger: logger, besides: retrying)) ?? []
                recoverFeedIntents(context.store)
            }
            var batch: [ClaimedInput] = []
            if !retrying.isEmpty {
                if backoff > .zero, ContinuousClock.now < nextRetry {
                    await stopSignal.wait(timeout: min(nextRetry - .now, heartbeat ?? .seconds(3600)))
                    continue
                }
                batch = Array(retrying.prefix(settings.batchSize))
                retrying.removeFirst(batch.count)
            } else {
                let names = context.monitor.take(max: settings.batchSize)
                if names.isEmpty {
                    if worked {
                        // A burst leaves freed batch buffers in malloc's arenas; an idle daemon gives them back.
                        MemoryTuning.trim()
                        worked = false
                    }
                    publishQueue(context, retrying: 0)
                    let untilMaintenance = max(.milliseconds(1), nextAdoption - .now)
                    await context.monitor.waitForWork(timeout: min(heartbeat ?? untilMaintenance, untilMaintenance))
                    continue
                }
                batch = claim(names, context)
            }
            let failed = await process(batch, context, settings: settings, takeMore: retrying.isEmpty)
            worked = true
            if failed.isEmpty {
                if backoff > .zero, retrying.isEmpty { recovered() }
                if retrying.isEmpty { backoff = .zero }
            } else {
                retrying = failed + retrying
                backoff = min(max(backoff * 2, .seconds(1)), .seconds(60))
                nextRetry = .now + backoff
            }
            publishQueue(context, retrying: retrying.count)
        }
    }

    /// Appends the feed entries that writers which stopped between publishing and appending left
    /// in their intents (see `ChangesFeed.recoverIntents`).
    func recoverFeedIntents(_ store: FileArticleStore) {
        do {
            let appended = try store.feed.recoverIntents(quarantine: store.layout.quarantine)
            if appended > 0 {
                logger.notice(
                    "appended \(appended) changes-feed entries that a stopped writer left pending",
                    metadata: .event(.feedRecovered, ["feed_entries": "\(appended)"]))
            }
        } catch {
            logger.warning("cannot recover pending changes-feed entries: \(error)")
        }
    }

    /// Renames ready names into the work folder; names another instance took are skipped.
    private func claim(_ names: [FilePath.Component], _ context: DaemonContext) -> [ClaimedInput] {
        names.compactMap { name -> ClaimedInput? in
            do throws(FileSystemError) {
                return try context.work.claim(name)
            } catch {
                logger.warning(
                    "cannot claim \(name): \(error); it stays in the inbox",
                    metadata: .event(
                        .claimFailed, ["errno": "\(error.errno.rawValue)", "errno_name": "\(error.errnoName)"])
                )
                context.monitor.requestRescan()
                return nil
            }
        }
    }

    /// Runs a batch through the pipeline and disposes of each input whose outcome is durable. With
    /// `takeMore`, keeps claiming and processing what is ready, in the three overlapping stages of
    /// `BatchRunner` (prepare, commit, flush and move aside), until nothing is ready, a stop is
    /// asked for, or an input fails.
    ///
    /// - Returns: the inputs that failed with a transient fault, to retry.
    private func process(
        _ batch: [ClaimedInput], _ context: DaemonContext, settings: DaemonConfiguration, takeMore: Bool
    ) async -> [ClaimedInput] {
        guard !batch.isEmpty else { return [] }
        let pipeline = IngestPipeline(store: context.store, decoder: ArticleDecoder(maxBytes: settings.maxSize))
        let disposer = Disposer(
            layout: context.layout, deleteProcessed: settings.deleteProcessed,
            deleteDuplicates: settings.deleteDuplicates, flush: context.inboxFlush)
        let batches = BatchRunner(pipeline: pipeline, prepareStage: stages.prepare, commitStage: stages.commit)
        let limit = settings.batchSize
        return await stages.dispose.run { [self] in
            var failed: [ClaimedInput] = []
            var finishedSinceTrim = 0
            let next: @Sendable () -> BatchRunner.Batch<[ClaimedInput]>? = { [self] in
                guard takeMore, !stopSignal.isClosed else { return nil }
                let claims = claim(context.monitor.take(max: limit), context)
                return claims.isEmpty ? nil : Self.batch(of: claims)
            }
            batches.run(first: Self.batch(of: batch), next: next) { finished in
                logger.debug(
                    "batch of \(finished.inputs.count): prepared in \(finished.preparation), committed in \(finished.commit)"
                )
                let failures = dispose(finished, disposer, logOutcomes: settings.logOutcomes)
                failed += failures
                // Through a long backlog the malloc arenas of the threads that prepare batches grow
                // to their own high marks and keep what earlier batches freed (16–18 MB in a drop
                // of 100,000 files, `malloc_stats`). Giving it back after every batch's worth of
                // inputs lowered that drop's peak by about 6 MB, for 2–3% more system time per
                // input than doing it every fourth batch (README, runs L and M).
                finishedSinceTrim += finished.inputs.count
                if finishedSinceTrim >= limit {
                    MemoryTuning.trim()
                    finishedSinceTrim = 0
                }
                observer.daemonMadeProgress()
                return failures.isEmpty
            }
            return failed
        }
    }

    /// Claimed inputs as a batch for the pipeline, the claims as its tag.
    private static func batch(of claims: [ClaimedInput]) -> BatchRunner.Batch<[ClaimedInput]> {
        BatchRunner.Batch(tag: claims, inputs: claims.map(PendingInput.init(claim:)))
    }

    /// Moves the inputs of a batch whose outcomes are durable aside and logs their outcomes: one
    /// entry each, or with `log_outcomes: batch` one for the batch (and one per rejection).
    ///
    /// - Returns: the inputs that failed with a transient fault (all of them when the flush failed).
    private func dispose(
        _ finished: BatchRunner.Finished<[ClaimedInput]>, _ disposer: Disposer, logOutcomes: OutcomeLogging
    ) -> [ClaimedInput] {
        if let error = finished.flushError {
            degraded(
                "cannot flush the store: \(error)", errno: Self.fileSystemError(error),
                metadata: ["batch_size": "\(finished.tag.count)"])
            return finished.tag
        }
        var failed: [ClaimedInput] = []
        var gathered: BatchOutcomes? = logOutcomes == .batch ? BatchOutcomes() : nil
        var touched: Set<FilePath> = []
        for (claim, (input, outcome)) in zip(finished.tag, zip(finished.inputs, finished.outcomes)) {
            if !finish(
                claim, input: input, outcome: outcome, disposer: disposer, gathered: &gathered, touched: &touched)
            {
                failed.append(claim)
            }
        }
        do {
            try disposer.makeDurable(touched)
        } catch {
            // The outcomes are durable in the store: at worst a crash brings an input back into the
            // work folder, and its retry is a replay that changes nothing.
            logger.warning(
                "cannot make the moves aside durable: \(error)",
                metadata: ["errno": "\(error.errno.rawValue)", "errno_name": "\(error.errnoName)"])
        }
        if let gathered, !gathered.isEmpty {
            let entry = gathered.journalEntry()
            logger.log(level: entry.level, entry.message, metadata: entry.metadata)
        }
        return failed
    }

    /// Disposes of one input according to its outcome and logs it, or adds it to `gathered` (for
    /// the batch's entry) when that is given and the input was not rejected; notes the folders the
    /// disposal changed in `touched` when the disposer syncs folders.
    ///
    /// - Returns: `false` when it must be retried.
    private func finish(
        _ claim: ClaimedInput, input: PendingInput, outcome: InputOutcome, disposer: Disposer,
        gathered: inout BatchOutcomes?, touched: inout Set<FilePath>
    ) -> Bool {
        // One dictionary, large enough for every field of the entry (see `journalEntry`).
        var metadata = Logger.Metadata(minimumCapacity: CommitOutcome.journalMetadataCapacity)
        metadata["source_file"] = "\(claim.name)"
        metadata["source_path"] = "\(claim.inboxPath)"
        metadata["source_size"] = "\(outcome.size)"
        if let seq = input.source.sourceSeq { metadata["source_seq"] = "\(seq)" }
        if let hash = input.source.sourceHash { metadata["source_hash"] = "\(hash)" }
        if let sha256 = outcome.sha256 { metadata["article_sha256"] = "\(sha256)" }
        let committed: CommitOutcome
        switch outcome.kind {
        case .committed(let value):
            committed = value
        case .failed(.input(let error)) where error.errno == .noSuchFileOrDirectory:
            logger.warning(
                "\(claim.name) vanished from the work folder before it was read",
                metadata: metadata.merging(.event(.vanished)) { $1 })
            return true
        case .failed(let failure):
            degraded(failure.description, errno: failure.fileSystemError, metadata: metadata)
            return false
        }
        do {
            let reason = committed.rejection.map {
                RejectionRecord(rejection: $0, seen: Timestamp.string(from: .now), source: input.source).jsonBytes
            }
            let moved = try disposer.dispose(claim, to: committed.destination, reason: reason)
            // Only the fsync policy syncs these folders: parsing and hashing two paths per input
            // is then the only use of the set.
            if disposer.syncsFolders {
                touched.insert(claim.workPath.removingLastComponent())
                if let moved { touched.insert(moved.removingLastComponent()) }
            }
            if gathered != nil, committed.rejection == nil {
                gathered!.add(committed, file: claim.name)
            } else {
                let entry = committed.journalEntry(
                    file: claim.name, title: outcome.title, moved: moved, metadata: &metadata)
                logger.log(level: entry.level, entry.message, metadata: metadata)
            }
            updateStatus { $0.record(committed) }
            countForMetrics(committed, arrival: claim.arrival)
        } catch let error where error.errno == .noSuchFileOrDirectory && Self.isGone(claim.workPath) {
            // Gone from the work folder (moved aside already?): a retry could only find it vanished.
            logger.warning(
                "\(claim.name) vanished from the work folder before it was moved aside",
                metadata: metadata.merging(.event(.vanished)) { $1 })
        } catch {
            degraded("cannot move \(claim.name) aside: \(error)", errno: error, metadata: metadata)
            return false
        }
        return true
    }

    /// Whether nothing is at `path` (`lstat` says `ENOENT`).
    private static func isGone(_ path: FilePath) -> Bool {
        do {
            _ = try path.stat(followTargetSymlink: false)
            return false
        } catch {
            return error == .noSuchFileOrDirectory
        }
    }

    private func degraded(_ message: String, errno: FileSystemError?, metadata: Logger.Metadata) {
        var metadata = Logger.Metadata.event(.degraded, metadata)
        if let errno {
            metadata["errno"] = "\(errno.errno.rawValue)"
            metadata["errno_name"] = "\(errno.errnoName)"
        }
        logger.error("\(message); the input waits in the work folder and will be retried", metadata: metadata)
        metrics.recordFailure()
        updateStatus { status in
            status.state = .degraded
            status.sinceStart.failed += 1
            status.lastError = message
            status.lastErrorAt = Timestamp.string(from: .now)
        }
    }

    private func recovered() {
        logger.notice("recovered: retried inputs went through", metadata: .event(.recovered))
        updateStatus { status in
            if status.state == .degraded { status.state = .watching }
        }
    }

    private func publishQueue(_ context: DaemonContext, retrying: Int) {
        let snapshot = context.monitor.snapshot()
        updateStatus { status in
            status.queue.ready = snapshot.ready
            status.queue.settling = snapshot.settling
            status.queue.retrying = retrying
            status.mode = snapshot.mode.rawValue
            status.pollReason = snapshot.pollReason
        }
    }
}
