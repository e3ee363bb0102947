import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// One assignment of the service notification protocol (`sd_notify(3)`), shaped like Rust's
/// sd-notify crate: each case renders to the exact wire string systemd expects.
public enum NotifyState: Sendable, Equatable {
    /// `READY=1`: start-up is finished.
    case ready
    /// `RELOADING=1`: reloading the configuration; send `.monotonicNow` with it and `.ready` after.
    case reloading
    /// `STOPPING=1`: shutting down.
    case stopping
    /// `WATCHDOG=1`: keep-alive ping.
    case watchdog
    /// `WATCHDOG=trigger`: ask systemd to act as if the watchdog timed out.
    case watchdogTrigger
    /// `STATUS=…`: a one-line status shown by `systemctl status` (line breaks become spaces).
    case status(String)
    /// `ERRNO=…`: the error that made the service fail.
    case errno(Errno)
    /// `EXTEND_TIMEOUT_USEC=…`: the current start-up, reload or stop needs this much more time.
    case extendTimeout(Duration)
    /// `WATCHDOG_USEC=…`: change the watchdog interval.
    case watchdogInterval(Duration)
    /// `MONOTONIC_USEC=…` with the current `CLOCK_MONOTONIC` time, as `RELOADING=1` requires.
    case monotonicNow
    /// `MAINPID=…`: the service's main process.
    case mainPID(Int32)
    /// Any other `KEY=value`.
    case custom(key: String, value: String)

    /// The assignment as sent on the wire, e.g. `READY=1`.
    public var wireString: String {
        switch self {
        case .ready: "READY=1"
        case .reloading: "RELOADING=1"
        case .stopping: "STOPPING=1"
        case .watchdog: "WATCHDOG=1"
        case .watchdogTrigger: "WATCHDOG=trigger"
        case .status(let text): "STATUS=\(text.replacing("\n", with: " "))"
        case .errno(let errno): "ERRNO=\(errno.rawValue)"
        case .extendTimeout(let duration): "EXTEND_TIMEOUT_USEC=\(Self.microseconds(duration))"
        case .watchdogInterval(let duration): "WATCHDOG_USEC=\(Self.microseconds(duration))"
        case .monotonicNow: "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"
        case .mainPID(let pid): "MAINPID=\(pid)"
        case .custom(let key, let value): "\(key)=\(value.replacing("\n", with: " "))"
        }
    }

    /// Several assignments as one message, one per line.
    public static func message(_ states: [NotifyState]) -> String {
        states.map(\.wireString).joined(separator: "\n")
    }

    static func microseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
    }

    static func monotonicMicroseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
    }
}
