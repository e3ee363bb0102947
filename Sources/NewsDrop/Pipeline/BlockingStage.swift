import Dispatch

/// A thread of its own for one stage of the ingest loop, whose work blocks (file I/O, `syncfs`,
/// a `concurrentPerform`).
///
/// Blocking work must not run on Swift concurrency's cooperative threads: there are only as many
/// of them as cores, so on two cores a stage that blocks one of them leaves a single thread for
/// the other two stages, and the loop's three overlapping stages (prepare, commit, move aside)
/// ran two at a time. Each stage gets a serial dispatch queue instead, which libdispatch backs
/// with a thread of its own while the stage runs.
final class BlockingStage: Sendable {
    private let queue: DispatchQueue

    /// Creates a stage.
    ///
    /// - Parameter label: the queue's name (seen in debuggers and `perf`).
    init(_ label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Starts `work` on the stage's thread and returns at once.
    func start(_ work: @escaping @Sendable () -> Void) {
        queue.async(execute: work)
    }

    /// Runs `work` on the stage's thread and returns its result.
    func run<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
