import ArticleStore
import Synchronization

/// Runs batch after batch through an `IngestPipeline` in three stages that work at the same time,
/// each on a thread of its own, linked by bounded hand-offs — the path both the daemon and
/// `newsdrop ingest` use:
///
/// 1. prepare: take the next batch and read and understand it (on all cores);
/// 2. commit: write its files and make them durable (`IngestPipeline.commit` with a deferred
///    flush: mostly waiting for the disk);
/// 3. finish, on the caller's thread: make the batch's new names durable and append its feed
///    entries (`complete`), then act on the outcomes (move inputs aside, count them).
///
/// Batches are prepared up to two ahead of the one committing, and no stage waits for another
/// unless it has nothing to work on. Batches are finished in the order they were taken.
///
/// A batch has one type per step: `Batch` as it is taken, `PreparedBatch` (the pipeline's own)
/// between prepare and commit, and `Finished` for the finish step. The caller's tag travels beside
/// the prepared batch from the prepare stage to the commit stage.
struct BatchRunner: Sendable {
    /// A batch as it is taken, for the prepare step: the inputs and whatever the caller needs to
    /// finish them.
    struct Batch<Tag: Sendable>: Sendable {
        /// The caller's own data for the batch (the daemon's claims).
        let tag: Tag
        /// The inputs.
        let inputs: [PendingInput]
    }

    /// A batch committed, for the finish step: its outcomes and what the caller needs to act on them.
    struct Finished<Tag: Sendable>: Sendable {
        /// The caller's data.
        let tag: Tag
        /// The inputs.
        let inputs: [PendingInput]
        /// One outcome per input, durable unless `flushError` is set.
        let outcomes: [InputOutcome]
        /// What completing the commit still takes (the deferred flush and feed entries).
        let deferred: DeferredCommit?
        /// Why the new names could not be made durable: then no outcome of the batch may be acted on.
        fileprivate(set) var flushError: StoreError?
        /// How long reading and understanding the batch took.
        let preparation: Duration
        /// How long committing it took (without the deferred flush).
        let commit: Duration
    }

    /// The pipeline each batch is prepared and committed by.
    let pipeline: IngestPipeline
    /// The thread of the prepare stage.
    let prepareStage: BlockingStage
    /// The thread of the commit stage.
    let commitStage: BlockingStage

    /// Creates a runner.
    init(
        pipeline: IngestPipeline, prepareStage: BlockingStage = BlockingStage("newsdrop.prepare"),
        commitStage: BlockingStage = BlockingStage("newsdrop.commit")
    ) {
        self.pipeline = pipeline
        self.prepareStage = prepareStage
        self.commitStage = commitStage
    }

    /// Runs batches until `next` has no more or `finish` says stop; returns when every batch taken
    /// is finished.
    ///
    /// - Parameters:
    ///   - first: the first batch.
    ///   - next: gives the next batch, or `nil` when there is none (called on the prepare thread
    ///     while earlier batches commit; not called again after `finish` returned `false`).
    ///   - finish: acts on one finished batch; returns `false` to take no further batches (those
    ///     already taken are still finished).
    func run<Tag: Sendable>(
        first: Batch<Tag>, next: @escaping @Sendable () -> Batch<Tag>?, finish: (Finished<Tag>) -> Bool
    ) {
        let toCommit = HandOff<(tag: Tag, batch: PreparedBatch)?>(capacity: 1)
        let toFinish = HandOff<Finished<Tag>?>(capacity: 1)
        let stopped = Atomic<Bool>(false)
        let pipeline = self.pipeline
        // Each stage ends by passing `nil` on, so both hand-offs are drained when `run` returns.
        prepareStage.start {
            var batch: Batch<Tag>? = first
            while let current = batch {
                toCommit.put((current.tag, pipeline.prepare(current.inputs)))
                guard !stopped.load(ordering: .relaxed) else { break }
                batch = next()
            }
            toCommit.put(nil)
        }
        commitStage.start {
            while let prepared = toCommit.take() {
                let start = ContinuousClock.now
                let (outcomes, deferred) = pipeline.commit(prepared.batch, deferFlush: true)
                toFinish.put(
                    Finished(
                        tag: prepared.tag, inputs: prepared.batch.inputs, outcomes: outcomes, deferred: deferred,
                        flushError: nil, preparation: prepared.batch.preparation, commit: .now - start
                    )
                )
            }
            toFinish.put(nil)
        }
        while var finished = toFinish.take() {
            // A batch of one was committed whole (names and feed entries included).
            if let deferred = finished.deferred {
                do { try pipeline.complete(deferred) } catch { finished.flushError = error }
            }
            if !finish(finished) { stopped.store(true, ordering: .relaxed) }
        }
    }
}
