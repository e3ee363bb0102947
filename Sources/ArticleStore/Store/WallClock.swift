import FoundationEssentials

/// Where the store gets the time it writes into records (`first_seen`, sightings' `seen`).
/// Tests pass a fixed clock; everything else uses `SystemWallClock`.
public protocol WallClock: Sendable {
    /// The current time.
    func now() -> Date
}

/// The system's real-time clock.
public struct SystemWallClock: WallClock {
    /// Creates the clock.
    public init() {}

    public func now() -> Date { Date() }
}
