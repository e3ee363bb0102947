import Dispatch
import Synchronization

/// Blocking work spread over threads.
enum Concurrently {
    /// Runs `body` on every item, on several threads when there is more than one; throws the
    /// first error.
    static func run<Item: Sendable, Failure: Error>(_ items: [Item], _ body: @Sendable (Item) throws(Failure) -> Void) throws(Failure) {
        guard items.count > 1 else {
            if let item = items.first { try body(item) }
            return
        }
        let failures = Mutex<[Failure]>([])
        DispatchQueue.concurrentPerform(iterations: items.count) { position in
            do throws(Failure) { try body(items[position]) } catch { failures.withLock { $0.append(error) } }
        }
        if let failure = failures.withLock({ $0.first }) { throw failure }
    }
}
