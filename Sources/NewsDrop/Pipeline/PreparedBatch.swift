import ArticleStore
import DurableFiles

/// A batch of inputs read and understood, waiting to be committed.
public struct PreparedBatch: Sendable {
    /// The inputs, in order.
    public let inputs: [PendingInput]
    /// For each input: its submission, or the I/O fault that kept it from being read.
    let results: [Result<Submission, FileSystemError>]
    /// Set when near-duplicate matching failed: nothing of the batch may be committed (it is retried).
    var storeFailure: StoreError?

    /// How many inputs the batch holds.
    public var count: Int { inputs.count }
}
