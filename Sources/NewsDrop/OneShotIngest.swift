import ArticleStore
import Dispatch
import DurableFiles
import FoundationEssentials
import Synchronization
import SystemPackage

/// `newsdrop ingest`: puts files and folders into the store once, batch by batch, never moving or
/// changing the inputs.
public struct OneShotIngest: Sendable {
    /// The shared pipeline.
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
    public func run(paths: [FilePath], onBatch: ([InputOutcome], IngestSummary) -> Void = { _, _ in }) throws(FileSystemError) -> IngestSummary {
        let start = ContinuousClock.now
        let inputs = try InputCollector(paths: paths)
        var summary = IngestSummary(total: inputs.files.count)
        summary.skippedHidden = inputs.skippedHidden
        // Ranges, not inputs: a million-file ingest holds one batch of inputs at a time.
        let batches = stride(from: 0, to: inputs.files.count, by: batchSize).map { $0..<min($0 + batchSize, inputs.files.count) }
        let files = inputs.files
        var prepared = batches.first.map { pipeline.prepare(files[$0].map(Self.pendingInput)) }
        for index in batches.indices {
            guard let current = prepared else { break }
            // Batch n + 1 is read and understood on the other cores while batch n commits.
            let next = Mutex<PreparedBatch?>(nil)
            let preparing = DispatchGroup()
            if index + 1 < batches.count {
                let pipeline = self.pipeline, upcoming = batches[index + 1]
                DispatchQueue.global().async(group: preparing) { next.withLock { $0 = pipeline.prepare(files[upcoming].map(Self.pendingInput)) } }
            }
            let outcomes = pipeline.commit(current)
            preparing.wait()
            prepared = next.withLock { $0.take() }
            for outcome in outcomes { summary.add(outcome) }
            summary.seconds = (ContinuousClock.now - start).seconds
            onBatch(outcomes, summary)
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

extension Duration {
    /// The duration in seconds.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
