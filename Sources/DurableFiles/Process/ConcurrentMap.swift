import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// Maps the elements on all cores (`DispatchQueue.concurrentPerform`), keeping their order: the
    /// one helper for CPU-bound or blocking work spread over threads.
    ///
    /// - Parameter transform: a function safe to call from several threads at once.
    /// - Returns: the results, in the order of the elements.
    public func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        let results = Mutex<[Result?]>([Result?](repeating: nil, count: count))
        withoutActuallyEscaping(transform) { transform in
            DispatchQueue.concurrentPerform(iterations: count) { index in
                let result = transform(self[index])
                results.withLock { $0[index] = result }
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}
