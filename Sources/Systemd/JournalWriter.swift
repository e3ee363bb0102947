import Synchronization
import SystemPackage

/// Hands journal entries to journald from a thread of its own, so that logging never waits for
/// the journal.
///
/// `submit(_:)` only queues the encoded entry (`JournalQueue`: at most `maximumEntries` entries and
/// `maximumBytes` bytes). The writer thread sends each on a socket of its own, connected to
/// journald's native socket, without blocking; while journald does not read (busy, or stopped)
/// it waits in `poll` until there is room. An entry that finds the queue full is lost and counted,
/// and once the journal takes entries again an entry made by `lossEntry` says how many were lost
/// and when. An entry too large for a datagram goes through `sd_journal_sendv` (which passes it in
/// a sealed memfd) on the writer thread. The thread starts with the first entry and lasts as long
/// as the process.
public final class JournalWriter: Sendable {
    /// What the writer has done so far.
    public struct Statistics: Sendable, Equatable {
        /// Entries handed to journald.
        public var written = 0
        /// Entries lost (the queue was full, or journald refused them).
        public var lost = 0
        /// Items waiting now.
        public var waiting = 0
        /// The most items that waited at once.
        public var peakWaiting = 0
        /// The most bytes of entries that waited at once.
        public var peakBytes = 0
    }

    private struct State {
        var queue: JournalQueue
        var statistics = Statistics()
        var started = false
        /// The writer holds an item it has taken off the queue but not yet sent.
        var sending = false
    }

    /// journald's socket for the native protocol.
    public static let journalSocket = "/run/systemd/journal/socket"
    /// The default bound on waiting entries.
    public static let defaultMaximumEntries = 8192
    /// The default bound on the bytes of waiting entries.
    public static let defaultMaximumBytes = 8 << 20

    /// The socket entries go to.
    public let address: String
    private let state: Mutex<State>
    private let work = Wakeup()
    private let drained = Wakeup()
    private let lossEntry: @Sendable (JournalLoss) -> [UInt8]

    /// Creates a writer; nothing happens before the first `submit(_:)`.
    ///
    /// - Parameters:
    ///   - address: journald's native socket.
    ///   - maximumEntries: the most entries that wait.
    ///   - maximumBytes: the most bytes of entries that wait.
    ///   - lossEntry: the entry (encoded) that reports lost entries.
    public init(
        address: String = journalSocket, maximumEntries: Int = defaultMaximumEntries,
        maximumBytes: Int = defaultMaximumBytes, lossEntry: @escaping @Sendable (JournalLoss) -> [UInt8]
    ) {
        self.address = address
        self.state = Mutex(State(queue: JournalQueue(maximumEntries: maximumEntries, maximumBytes: maximumBytes)))
        self.lossEntry = lossEntry
    }

    /// Queues an entry and returns at once; when the queue is full the entry is counted as lost.
    ///
    /// - Parameter datagram: the entry, encoded by `JournalDatagram.encode(_:)`.
    public func submit(_ datagram: [UInt8]) {
        let start = state.withLock { state -> Bool in
            if state.queue.append(datagram, now: JournalLoss.now()) {
                state.statistics.peakWaiting = max(state.statistics.peakWaiting, state.queue.count)
                state.statistics.peakBytes = max(state.statistics.peakBytes, state.queue.bytes)
            } else {
                state.statistics.lost += 1
            }
            defer { state.started = true }
            return !state.started
        }
        if start, work == nil || !SenderThread.start({ [self] in run() }) {
            state.withLock { $0.started = false }
            writeWithoutThread()
            return
        }
        work?.signal()
    }

    /// Waits until every queued entry is written or lost, or `timeout` passes: before the process
    /// exits. Never waits longer than `timeout`.
    ///
    /// - Returns: whether nothing waits any more.
    @discardableResult
    public func flush(within timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if state.withLock({ $0.queue.count == 0 && $0.queue.unreported == nil && !$0.sending }) { return true }
            guard let drained, ContinuousClock.now < deadline else { return false }
            drained.wait(timeout: deadline - .now)
        }
    }

    /// What was written, lost and is waiting.
    public var statistics: Statistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.waiting = state.queue.count
            return statistics
        }
    }

    private func run() {
        var connection = Connection(address: address)
        while true {
            let item = state.withLock { state -> JournalQueue.Item? in
                let item = state.queue.popFirst()
                state.sending = item != nil
                return item
            }
            guard let item else {
                drained?.signal()
                work?.wait(timeout: nil)
                continue
            }
            let delivered = deliver(item, over: &connection)
            state.withLock { $0.sending = false }
            if !delivered, case .loss = item {
                // journald is away: try the report again in a second, or with the next entry.
                work?.wait(timeout: .seconds(1))
            }
        }
    }

    /// Sends one item, waiting while journald's queue is full; counts it as lost when it fails.
    ///
    /// - Returns: whether it was delivered.
    @discardableResult
    private func deliver(_ item: JournalQueue.Item, over connection: inout Connection) -> Bool {
        let datagram: [UInt8]
        switch item {
        case .entry(let bytes): datagram = bytes
        case .loss(let loss): datagram = lossEntry(loss)
        }
        let delivered = connection.send(datagram)
        state.withLock { state in
            guard !delivered else {
                if case .entry = item { state.statistics.written += 1 }
                return
            }
            switch item {
            case .entry:
                state.statistics.lost += 1
                state.queue.recordLoss(JournalLoss(at: JournalLoss.now()))
            case .loss(let loss):
                state.queue.recordLoss(loss)  // report them with the next report
            }
        }
        return delivered
    }

    /// Sends what waits once each, without waiting: when no thread can be started.
    private func writeWithoutThread() {
        var connection = Connection(address: address, waits: false)
        while let item = state.withLock({ $0.queue.popFirst() }) {
            if !deliver(item, over: &connection), case .loss = item { return }  // reported with a later entry
        }
    }

    /// The writer's socket: connected on first use and again when journald went away.
    private struct Connection {
        let address: String
        /// Whether a send waits while journald's queue is full.
        var waits = true
        private var socket: DatagramSocket?
        private var lastAttempt: ContinuousClock.Instant?

        init(address: String, waits: Bool = true) {
            self.address = address
            self.waits = waits
        }

        /// Sends a datagram; `false` when it could not be delivered.
        mutating func send(_ datagram: [UInt8]) -> Bool {
            var reconnected = false
            while true {
                guard let socket = connected() else { return false }
                switch socket.send(datagram) {
                case .sent:
                    return true
                case .wouldBlock:
                    guard waits else { return false }
                    // journald is busy or stopped: wait for room (in slices, to notice a restart).
                    socket.waitUntilWritable(timeout: .seconds(1))
                case .failed(let error) where error == .messageTooLong || error == .noBufferSpace:
                    // Larger than a datagram may be: libsystemd passes it in a memfd (and may block
                    // doing so, but only this thread).
                    guard let fields = JournalDatagram.decode(datagram) else { return false }
                    return (try? JournalLogHandler.send(fields)) != nil
                case .failed(let error) where !reconnected && QueuedNotifier.peerWentAway(error):
                    self.socket = nil  // journald restarted: its new socket has the same path
                    lastAttempt = nil
                    reconnected = true
                case .failed:
                    return false
                }
            }
        }

        /// The socket, connecting when there is none (at most once a second while journald is away).
        private mutating func connected() -> DatagramSocket? {
            if let socket { return socket }
            if let lastAttempt, ContinuousClock.now - lastAttempt < .seconds(1) { return nil }
            lastAttempt = .now
            socket = try? DatagramSocket(connectingTo: address)
            // libsystemd asks for 8 MiB too; the kernel caps it at net.core.wmem_max.
            socket?.requestSendBuffer(8 << 20)
            return socket
        }
    }
}
