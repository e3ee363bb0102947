/// The notifications posted but not yet sent, in the order they are to be sent, with the rules
/// that keep the queue short while systemd does not read:
///
/// - a `STATUS=` alone replaces any status still waiting, and goes last (the newest status is the
///   one `systemctl status` should end up showing); a message that carries a status among other
///   assignments (`READY=1` + `STATUS=…`) makes waiting statuses obsolete too;
/// - a `WATCHDOG=1` while one is waiting adds nothing;
/// - every other message (`READY=1`, `RELOADING=1`, `STOPPING=1`, `EXTEND_TIMEOUT_USEC=`,
///   `ERRNO=`…) is kept, in order.
///
/// A status or watchdog ping still waiting after `dropAfter` is dropped (it says nothing true any
/// more); the others wait for as long as it takes. At most `capacity` messages wait: past that the
/// oldest is dropped.
struct NotificationQueue {
    /// What a message is, for the rules above.
    enum Kind: Equatable {
        case status, watchdog, other
    }

    /// A message waiting to be sent.
    struct Item: Equatable {
        /// Identifies the message while it waits.
        let id: UInt64
        /// The message as sent (assignments separated by line breaks).
        let message: String
        /// Its kind.
        let kind: Kind
        /// When it is dropped unsent; `nil`: never.
        let expires: ContinuousClock.Instant?
    }

    /// The most messages that wait.
    let capacity: Int
    /// How long a status or watchdog ping may wait.
    let dropAfter: Duration
    /// The waiting messages, the next to send first.
    private(set) var items: [Item] = []
    private var nextID: UInt64 = 0

    /// An empty queue.
    init(capacity: Int = 64, dropAfter: Duration = .seconds(5)) {
        self.capacity = max(1, capacity)
        self.dropAfter = dropAfter
    }

    /// The kind of message `states` make.
    static func kind(of states: [NotifyState]) -> Kind {
        guard states.count == 1 else { return .other }
        switch states[0] {
        case .status: return .status
        case .watchdog: return .watchdog
        default: return .other
        }
    }

    /// Adds a message by the rules above.
    ///
    /// - Parameters:
    ///   - states: its assignments.
    ///   - now: the time it is posted.
    /// - Returns: how many waiting messages were dropped to make room (0 or 1).
    mutating func append(_ states: [NotifyState], now: ContinuousClock.Instant) -> Int {
        guard !states.isEmpty else { return 0 }
        let kind = Self.kind(of: states)
        switch kind {
        case .watchdog:
            if items.contains(where: { $0.kind == .watchdog }) { return 0 }
        case .status:
            items.removeAll { $0.kind == .status }
        case .other:
            if states.contains(where: { if case .status = $0 { true } else { false } }) {
                items.removeAll { $0.kind == .status }
            }
        }
        nextID += 1
        let droppable = kind == .status || kind == .watchdog
        items.append(
            Item(
                id: nextID, message: NotifyState.message(states), kind: kind,
                expires: droppable ? now + dropAfter : nil))
        guard items.count > capacity else { return 0 }
        items.removeFirst()
        return 1
    }

    /// The next message to send.
    var first: Item? { items.first }

    /// Whether nothing waits.
    var isEmpty: Bool { items.isEmpty }

    /// When the next waiting message expires, if one can.
    var nextExpiry: ContinuousClock.Instant? { items.compactMap(\.expires).min() }

    /// Removes a message (sent or failed), if it still waits.
    mutating func remove(id: UInt64) {
        items.removeAll { $0.id == id }
    }

    /// Drops the messages that expired by `now`.
    ///
    /// - Returns: how many were dropped.
    mutating func removeExpired(now: ContinuousClock.Instant) -> Int {
        let before = items.count
        items.removeAll { $0.expires.map { $0 <= now } ?? false }
        return before - items.count
    }
}
