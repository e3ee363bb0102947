import ArticleStore
import Articles
import DurableFiles
import SystemPackage

/// The path every input takes, in `newsdrop ingest` and in the daemon alike: read it safely,
/// understand it (decode, canonicalise, hash, parse, fingerprint) on all cores, match near-duplicates
/// in order, then commit the batch to the store, which returns once every outcome is durable.
public struct IngestPipeline: Sendable {
    /// Where submissions are committed (the file store, or its in-memory twin in tests).
    public let store: any ArticleStoring
    /// The safe reader, which holds the size limit.
    public let reader: InputReader

    /// Creates a pipeline.
    ///
    /// - Parameters:
    ///   - store: where articles go.
    ///   - decoder: decoding settings (the size limit).
    public init(store: any ArticleStoring, decoder: ArticleDecoder = ArticleDecoder()) {
        self.store = store
        self.reader = InputReader(decoder: decoder)
    }

    /// Processes a batch of inputs.
    ///
    /// - Parameter inputs: the batch. One input is committed on its own at once; a larger batch
    ///   shares one flush (group commit).
    /// - Returns: one outcome per input, in order. Inputs that failed with an I/O fault are
    ///   `.failed` and nothing about them was recorded.
    public func process(_ inputs: [PendingInput]) -> [InputOutcome] {
        commit(prepare(inputs)).outcomes
    }

    /// Reads and understands a batch of inputs on all cores (the CPU-bound half of `process`).
    ///
    /// - Parameter inputs: the batch.
    /// - Returns: the batch, ready to commit, with how long preparing it took.
    public func prepare(_ inputs: [PendingInput]) -> PreparedBatch {
        let start = ContinuousClock.now
        let (results, storeFailure) = understand(inputs)
        return PreparedBatch(
            inputs: inputs, results: results, storeFailure: storeFailure, preparation: .now - start)
    }

    /// Reads and understands each input, then matches the articles' near-duplicates in order.
    ///
    /// - Returns: each input's submission or I/O fault, and the store's error when matching failed.
    private func understand(
        _ inputs: [PendingInput]
    ) -> (results: [Result<Submission, FileSystemError>], storeFailure: StoreError?) {
        var results = inputs.concurrentMap { prepare($0) }
        let read = results.indices.compactMap { index in (try? results[index].get()).map { (index, $0) } }
        var submissions = read.map(\.1)
        guard submissions.contains(where: { $0.fingerprint != nil }) else { return (results, nil) }
        do {
            try store.matchNearDuplicates(&submissions)
        } catch {
            return (results, error)
        }
        for ((index, _), submission) in zip(read, submissions) { results[index] = .success(submission) }
        return (results, nil)
    }

    /// Commits a prepared batch and returns once every outcome is durable (the I/O-bound half).
    ///
    /// - Parameters:
    ///   - batch: a batch from `prepare(_:)`.
    ///   - deferFlush: return before the new names are durable and the changes-feed entries
    ///     appended (`ArticleStoring.commitDeferringFlush`); call `complete(_:)` with the result's
    ///     `deferred` before acting on the outcomes.
    /// - Returns: one outcome per input, in order, and what completing the commit still takes.
    public func commit(
        _ batch: PreparedBatch, deferFlush: Bool = false
    ) -> (
        outcomes: [InputOutcome], deferred: DeferredCommit?
    ) {
        let inputs = batch.inputs
        let prepared = batch.results
        if let failure = batch.storeFailure {
            return (inputs.map { InputOutcome(path: $0.readPath, kind: .failed(.store(failure)), size: 0) }, nil)
        }
        var submissions: [Submission] = []
        var submissionIndex: [Int?] = []
        for result in prepared {
            if case .success(let submission) = result {
                submissionIndex.append(submissions.count)
                submissions.append(submission)
            } else {
                submissionIndex.append(nil)
            }
        }
        var deferred: DeferredCommit?
        let committed: [Result<CommitOutcome, StoreError>]
        if submissions.isEmpty {
            committed = []
        } else if deferFlush {
            let commit = store.commitDeferringFlush(submissions)
            (committed, deferred) = (commit.outcomes, commit)
        } else {
            committed = store.commit(submissions)
        }
        let outcomes = inputs.indices.map { index in
            let input = inputs[index]
            switch prepared[index] {
            case .failure(let error):
                return InputOutcome(path: input.readPath, kind: .failed(.input(error)), size: 0)
            case .success(let submission):
                let kind: InputOutcome.Kind
                switch committed[submissionIndex[index]!] {
                case .success(let outcome): kind = .committed(outcome)
                case .failure(let error): kind = .failed(.store(error))
                }
                guard case .article(let article) = submission.content else {
                    return InputOutcome(path: input.readPath, kind: kind, size: submission.source.size)
                }
                return InputOutcome(
                    path: input.readPath, kind: kind, size: submission.source.size, title: article.parsed.title,
                    sha256: article.digest.hex
                )
            }
        }
        return (outcomes, deferred)
    }

    /// Makes the outcomes of a commit with `deferFlush` durable and appends their feed entries.
    ///
    /// - Throws: `StoreError` when that fails (those outcomes must be redone).
    public func complete(_ deferred: DeferredCommit) throws(StoreError) {
        try store.completeCommit(deferred)
    }

    /// Reads and understands one input. Safe to call from several threads.
    ///
    /// - Returns: the submission for the store, or the I/O fault that prevented reading.
    public func prepare(_ input: PendingInput) -> Result<Submission, FileSystemError> {
        var source = input.source
        do {
            switch try reader.read(input.readPath) {
            case .rejected(let rejection, let size):
                source.size = size
                return .success(Submission(.rejected(rejection), source: source))
            case .bytes(let bytes):
                source.size = bytes.count
                do {
                    let article = try Article(bytes: bytes, decoder: reader.decoder)
                    return .success(
                        Submission(.article(article), source: source, fingerprint: store.fingerprint(article)))
                } catch {
                    return .success(Submission(.rejected(error), source: source))
                }
            }
        } catch {
            return .failure(error)
        }
    }
}
