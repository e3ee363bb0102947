import Logging
import Synchronization
import Systemd

/// Tells systemd what the daemon does: `READY=1` once watching, `STATUS=` as things change,
/// `WATCHDOG=1` whenever the ingest loop goes round (never from a timer of its own, so a hung
/// loop stops the pings and systemd restarts the service), `RELOADING=1` with `MONOTONIC_USEC`
/// then `READY=1` around a reload, `STOPPING=1` on shutdown, and `EXTEND_TIMEOUT_USEC` during a
/// long start-up. Outside systemd every notification is a no-op.
public final class SystemdDaemonObserver: DaemonObserver {
    private let notifier = SystemdNotifier()
    private let logger: Logger
    /// The watchdog interval, if systemd asked for pings.
    public let watchdogInterval: Duration?
    private let lastPing = Mutex(ContinuousClock.now)
    private let warned = Mutex(false)

    /// Creates the observer, reading the watchdog interval from the environment.
    ///
    /// - Parameter logger: where a failure to notify is logged (once).
    public init(logger: Logger) {
        self.logger = logger
        self.watchdogInterval = Watchdog.interval()
    }

    /// How often the ingest loop must go round while idle to keep the watchdog fed.
    public var heartbeat: Duration? { watchdogInterval.map { $0 / 2 } }

    public func daemonIsReady(_ status: DaemonStatus) {
        send([.ready, .status(status.summary)])
    }

    public func daemonNeedsMoreTime(_ extra: Duration) {
        send([.extendTimeout(extra)])
    }

    public func daemonStatusChanged(_ status: DaemonStatus) {
        send([.status(status.summary)])
    }

    public func daemonMadeProgress() {
        guard let interval = watchdogInterval else { return }
        let due = lastPing.withLock { last -> Bool in
            guard ContinuousClock.now - last >= interval / 4 else { return false }
            last = .now
            return true
        }
        if due { send([.watchdog]) }
    }

    public func daemonIsReloading() {
        send([.reloading, .monotonicNow, .status("reloading the configuration")])
    }

    public func daemonReloaded(_ status: DaemonStatus) {
        send([.ready, .status(status.summary)])
    }

    public func daemonIsStopping() {
        send([.stopping, .status("stopping: finishing the batch in hand")])
    }

    /// Reports a start-up failure: `STATUS=` with the reason and `ERRNO=` when there is one.
    public func daemonFailedToStart(_ reason: String, errno: Int32?) {
        var states: [NotifyState] = [.status("failed to start: \(reason)")]
        if let errno { states.append(.errno(.init(rawValue: errno))) }
        send(states)
    }

    private func send(_ states: [NotifyState]) {
        do {
            try notifier.notify(states)
        } catch {
            let first = warned.withLock { warned in
                defer { warned = true }
                return !warned
            }
            if first { logger.warning("\(error)") }
        }
    }
}
