import CSystemd

/// The service watchdog systemd expects this process to ping (`WatchdogSec=`).
public enum Watchdog {
    /// The watchdog interval, or `nil` when no watchdog is enabled for this process.
    ///
    /// The corresponding C function is `sd_watchdog_enabled`. Ping at half this interval.
    public static func interval() -> Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(clamping: microseconds))
    }
}
