import Dispatch
import DurableFiles
import Synchronization

/// Lets one task wait, with a deadline, until another thread says "there is work" or "stop".
/// A signal sent while nobody waits is remembered for the next wait.
/// (Also used as a stop signal: `close()` ends every wait at once.)
public final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var closed = false
        var waiter: CheckedContinuation<Void, Never>?
        var generation = 0
    }

    private let state = Mutex(State())

    /// Creates a signal nobody has sent yet.
    public init() {}

    /// Wakes the waiter (or the next one).
    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.pending = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Wakes the waiter and makes every later wait return at once.
    public func close() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Whether `close()` was called.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Returns when signalled (now or earlier), closed, or `timeout` has passed.
    ///
    /// - Parameter timeout: the longest wait; `nil` waits without limit.
    public func wait(timeout: Duration?) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let generation = state.withLock { state -> Int? in
                if state.pending || state.closed {
                    state.pending = false
                    return nil
                }
                state.waiter = continuation
                state.generation += 1
                return state.generation
            }
            guard let generation else {
                continuation.resume()
                return
            }
            if let timeout {
                let nanoseconds = max(0, timeout.nanoseconds)
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds))) {
                    [self] in
                    let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                        guard state.generation == generation, let waiter = state.waiter else { return nil }
                        state.waiter = nil
                        return waiter
                    }
                    waiter?.resume()
                }
            }
        }
        state.withLock { $0.pending = false }
    }
}
