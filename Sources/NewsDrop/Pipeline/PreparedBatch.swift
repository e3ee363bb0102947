import ArticleStore
import DurableFiles

/// A batch of inputs read and understood — the output of the pipeline's prepare step
/// (`IngestPipeline.prepare`), waiting for the commit step (`IngestPipeline.commit`).
///
/// It is the one batch type of the pipeline itself; `BatchRunner.Batch` (a batch taken, before
/// this) and `BatchRunner.Finished` (after the commit) are the runner's, carrying the caller's tag.
public struct PreparedBatch: Sendable {
    /// The inputs, in order.
    public let inputs: [PendingInput]
    /// For each input: its submission, or the I/O fault that kept it from being read.
    let results: [Result<Submission, FileSystemError>]
    /// Set when near-duplicate matching failed: nothing of the batch may be committed (it is retried).
    let storeFailure: StoreError?
    /// How long reading and understanding the batch took.
    public let preparation: Duration

    /// How many inputs the batch holds.
    public var count: Int { inputs.count }
}
