import Dispatch
import Synchronization

/// A bounded queue between two stage threads of the ingest loop: `put` blocks while it holds
/// `capacity` elements, `take` while it holds none. Bounding it bounds how far a fast stage runs
/// ahead of a slow one (and so the memory held by prepared batches).
final class HandOff<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])
    // Both semaphores start at 0 and only ever count up from there: libdispatch traps when a
    // semaphore is released holding less than it started with.
    private let free = DispatchSemaphore(value: 0)
    private let filled = DispatchSemaphore(value: 0)

    /// Creates an empty hand-off.
    ///
    /// - Parameter capacity: how many elements it holds before `put` blocks (at least 1).
    init(capacity: Int) {
        for _ in 0..<max(1, capacity) { free.signal() }
    }

    /// Adds `element`, waiting while the queue is full.
    func put(_ element: Element) {
        free.wait()
        items.withLock { $0.append(element) }
        filled.signal()
    }

    /// Removes the oldest element, waiting while the queue is empty.
    func take() -> Element {
        filled.wait()
        let element = items.withLock { $0.removeFirst() }
        free.signal()
        return element
    }
}
