#if canImport(Glibc)
    import Glibc
#endif

/// Journal entries that were lost — the journal did not take them while the queue in front of it
/// was full — counted, with when the first and the last was lost.
public struct JournalLoss: Sendable, Equatable {
    /// How many entries were lost.
    public var count: Int
    /// When the first was lost, in microseconds since 1970 (`CLOCK_REALTIME`).
    public var first: UInt64
    /// When the last was lost, in microseconds since 1970.
    public var last: UInt64

    /// Creates a count of losses.
    public init(count: Int, first: UInt64, last: UInt64) {
        self.count = count
        self.first = first
        self.last = last
    }

    /// One entry lost at `time`.
    init(at time: UInt64) {
        self.init(count: 1, first: time, last: time)
    }

    /// Adds losses counted elsewhere.
    mutating func merge(_ other: JournalLoss) {
        count += other.count
        first = min(first, other.first)
        last = max(last, other.last)
    }

    /// The current time in microseconds since 1970.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(time.tv_sec) * 1_000_000 + UInt64(time.tv_nsec) / 1000
    }
}
