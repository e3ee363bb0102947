import ArticleStore
import DurableFiles
import FoundationEssentials
import Synchronization
import SystemPackage

/// `newsdrop ingest`: puts files and folders into the store once, batch by batch, never moving or
/// changing the inputs.
public struct OneShotIngest: Sendable {
    /// The pipeline every batch goes through (the same one the daemon uses).
    public let pipeline: IngestPipeline
    /// Inputs per batch (one durability flush each).
    public let batchSize: Int

    /// Creates an ingest.
    ///
    /// - Parameters:
    ///   - pipeline: the pipeline.
    ///   - batchSize: inputs per group commit.
    public init(pipeline: IngestPipeline, batchSize: Int = 256) {
        self.pipeline = pipeline
        self.batchSize = max(1, batchSize)
        UnnamedFile.raiseOpenFileLimit()
    }

    /// Ingests everything under `paths`.
    ///
    /// - Parameters:
    ///   - paths: files and folders.
    ///   - onBatch: called after each batch with its outcomes and the totals so far.
    /// - Returns: the final totals.
    /// - Throws: `FileSystemError` when a path does not exist or a folder cannot be listed.
    public func run(
        paths: [FilePath], onBatch: ([InputOutcome], IngestSummary) -> Void = { _, _ in }
    ) throws(FileSystemError) -> IngestSummary {
        let start = ContinuousClock.now
        let inputs = try InputCollector(paths: paths)
        var summary = IngestSummary(total: inputs.files.count)
        summary.skippedHidden = inputs.skippedHidden
        // Ranges, not inputs: a million-file ingest holds only the batches in flight.
        let batches = stride(from: 0, to: inputs.files.count, by: batchSize).map {
            $0..<min($0 + batchSize, inputs.files.count)
        }
        guard !batches.isEmpty else {
            summary.seconds = (ContinuousClock.now - start).seconds
            return summary
        }
        let files = inputs.files
        let batch = { @Sendable (index: Int) in
            BatchRunner.Batch(tag: index, inputs: files[batches[index]].map(Self.pendingInput))
        }
        let taken = Atomic(1)
        let next = { @Sendable () -> BatchRunner.Batch<Int>? in
            let index = taken.wrappingAdd(1, ordering: .relaxed).oldValue
            return index < batches.count ? batch(index) : nil
        }
        // Batch n + 1 is read and understood while batch n commits and batch n − 1 is flushed.
        BatchRunner(pipeline: pipeline).run(first: batch(0), next: next) { finished in
            let outcomes =
                finished.flushError.map { error in
                    finished.inputs.map { InputOutcome(path: $0.readPath, kind: .failed(.store(error)), size: 0) }
                } ?? finished.outcomes
            for outcome in outcomes { summary.add(outcome) }
            summary.seconds = (ContinuousClock.now - start).seconds
            onBatch(outcomes, summary)
            return true
        }
        summary.seconds = (ContinuousClock.now - start).seconds
        return summary
    }

    private static func pendingInput(_ path: FilePath) -> PendingInput {
        let absolute = path.isAbsolute ? path : FilePath(FileManager.default.currentDirectoryPath).pushing(path)
        let source = SourceFile(
            key: FileArticleStore.randomToken(), file: path.lastComponent?.string ?? path.string,
            path: absolute.lexicallyNormalized().string, size: 0, host: HostName.current, via: "ingest"
        )
        return PendingInput(readPath: path, source: source)
    }
}
