import Synchronization
import SystemPackage

/// Sends service notifications to `$NOTIFY_SOCKET` from a thread of its own, so that posting one
/// never waits, whatever the reader does.
///
/// `post(_:)` only queues (see `NotificationQueue` for what is kept: the latest `STATUS=`, one
/// `WATCHDOG=1`, and `READY`/`RELOADING`/`STOPPING`/`EXTEND_TIMEOUT_USEC` in order). The thread
/// sends on a socket of its own without blocking; when the reader's queue is full it waits in
/// `poll` until there is room, so `READY=1` and `STOPPING=1` still arrive when the reader is merely
/// slow. A status or watchdog ping that cannot be sent within `dropAfter` is dropped and counted,
/// and so is a message the socket refuses (nobody listens any more); `report` hears of the first
/// drop of each such episode, and of its end. The thread starts with the first post and lasts as
/// long as the process.
public final class QueuedNotifier: Sendable {
    /// A change in whether notifications get through, for logging.
    public enum Report: Sendable, Equatable {
        /// The first notification of an episode was dropped: `message` could not be sent
        /// (`EAGAIN`: the reader did not read for `dropAfter`; `ECONNREFUSED`: nobody listens).
        case dropping(message: String, errno: Errno)
        /// A notification got through again after `dropped` were dropped.
        case recovered(dropped: Int)
    }

    /// What the notifier has done so far.
    public struct Statistics: Sendable, Equatable {
        /// Notifications sent.
        public var sent = 0
        /// Notifications dropped unsent.
        public var dropped = 0
        /// Notifications waiting.
        public var waiting = 0

        /// Creates statistics.
        public init(sent: Int = 0, dropped: Int = 0, waiting: Int = 0) {
            self.sent = sent
            self.dropped = dropped
            self.waiting = waiting
        }
    }

    private struct State {
        var queue: NotificationQueue
        var statistics = Statistics()
        var started = false
        /// Drops since the last notification that got through; a report was made at the first.
        var droppedInEpisode = 0
    }

    /// The socket address notifications go to (`$NOTIFY_SOCKET`).
    public let address: String
    private let state: Mutex<State>
    private let work = Wakeup()
    private let drained = Wakeup()
    private let report: @Sendable (Report) -> Void

    /// Creates a notifier for `address`; nothing is sent before the first `post(_:)`.
    ///
    /// - Parameters:
    ///   - address: a socket path or `@abstract-name`, as `$NOTIFY_SOCKET` holds.
    ///   - dropAfter: how long a status or watchdog ping may wait for the reader.
    ///   - report: told (on the notifier's thread) when notifications start and stop being dropped.
    public init(
        address: String, dropAfter: Duration = .seconds(5), report: @escaping @Sendable (Report) -> Void = { _ in }
    ) {
        self.address = address
        self.state = Mutex(State(queue: NotificationQueue(dropAfter: dropAfter)))
        self.report = report
    }

    /// A notifier for `$NOTIFY_SOCKET`, or `nil` when no service manager listens (not an error).
    ///
    /// - Parameters:
    ///   - dropAfter: how long a status or watchdog ping may wait for the reader.
    ///   - report: told when notifications start and stop being dropped.
    public static func forEnvironment(
        dropAfter: Duration = .seconds(5), report: @escaping @Sendable (Report) -> Void = { _ in }
    ) -> QueuedNotifier? {
        guard let address = SystemdNotifier.socketAddress else { return nil }
        return QueuedNotifier(address: address, dropAfter: dropAfter, report: report)
    }

    /// Queues assignments as one notification and returns at once.
    ///
    /// - Parameter states: the assignments.
    public func post(_ states: [NotifyState]) {
        let (dropped, start) = state.withLock { state -> (Int, Bool) in
            let dropped = state.queue.append(states, now: .now)
            defer { state.started = true }
            return (dropped, !state.started)
        }
        if dropped > 0 { noteDropped(dropped, message: "(the oldest waiting notification)", errno: .wouldBlock) }
        if start, work == nil || !SenderThread.start({ [self] in run() }) {
            // No thread (out of resources): send now, without waiting, as the only way left.
            state.withLock { $0.started = false }
            drainWithoutThread()
            return
        }
        work?.signal()
    }

    /// Queues assignments as one notification and returns at once.
    public func post(_ states: NotifyState...) {
        post(states)
    }

    /// Waits until every queued notification is sent or dropped, or `timeout` passes: for the
    /// last `STOPPING=1` before the process exits. Never waits longer than `timeout`.
    ///
    /// - Returns: whether nothing waits any more.
    @discardableResult
    public func flush(within timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if state.withLock({ $0.queue.isEmpty }) { return true }
            guard let drained, ContinuousClock.now < deadline else { return false }
            drained.wait(timeout: deadline - .now)
        }
    }

    /// What was sent, dropped and is waiting.
    public var statistics: Statistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.waiting = state.queue.items.count
            return statistics
        }
    }

    private func run() {
        var socket: DatagramSocket?
        var reconnected = false
        while true {
            let (head, expiry, expired) = state.withLock { state in
                let expired = state.queue.removeExpired(now: .now)
                return (state.queue.first, state.queue.nextExpiry, expired)
            }
            if expired > 0 {
                noteDropped(expired, message: "a status or watchdog ping", errno: .wouldBlock)
            }
            guard let head else {
                drained?.signal()
                work?.wait(timeout: nil)
                continue
            }
            if socket == nil {
                do {
                    socket = try DatagramSocket(connectingTo: address)
                } catch {
                    finish(head, sent: false, errno: error)
                    reconnected = false
                    continue
                }
            }
            switch socket!.send(head.message) {
            case .sent:
                finish(head, sent: true, errno: nil)
            case .wouldBlock:
                socket!.waitUntilWritable(orWoken: work, timeout: expiry.map { $0 - .now })
                work?.drain()
                continue
            case .failed(let error) where !reconnected && Self.peerWentAway(error):
                // The reader closed its socket; one that replaced it may be there: connect again, once.
                socket = nil
                reconnected = true
                continue
            case .failed(let error):
                finish(head, sent: false, errno: error)
            }
            reconnected = false
        }
    }

    /// Whether a send failed because the reader's socket is gone (a new one may have its address).
    static func peerWentAway(_ error: Errno) -> Bool {
        error == .connectionRefused || error == .connectionReset || error == .socketNotConnected
    }

    /// Sends what waits once each, without waiting: when no thread can be started.
    private func drainWithoutThread() {
        while let head = state.withLock({ $0.queue.first }) {
            do {
                let result = try DatagramSocket(connectingTo: address).send(head.message)
                if case .failed(let error) = result {
                    finish(head, sent: false, errno: error)
                } else {
                    finish(head, sent: result == .sent, errno: .wouldBlock)
                }
            } catch {
                finish(head, sent: false, errno: error)
            }
        }
    }

    /// Takes a message off the queue, counting it as sent or dropped.
    private func finish(_ item: NotificationQueue.Item, sent: Bool, errno: Errno?) {
        let recovered = state.withLock { state -> Int in
            state.queue.remove(id: item.id)
            guard sent else { return 0 }
            state.statistics.sent += 1
            defer { state.droppedInEpisode = 0 }
            return state.droppedInEpisode
        }
        if !sent { noteDropped(1, message: item.message, errno: errno ?? .ioError) }
        if recovered > 0 { report(.recovered(dropped: recovered)) }
    }

    /// Counts dropped notifications; reports the first of an episode.
    private func noteDropped(_ count: Int, message: String, errno: Errno) {
        let first = state.withLock { state -> Bool in
            state.statistics.dropped += count
            defer { state.droppedInEpisode += count }
            return state.droppedInEpisode == 0
        }
        if first { report(.dropping(message: message, errno: errno)) }
    }
}
