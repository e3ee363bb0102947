import Events
import Logging
import Synchronization
import Systemd

/// Tells systemd what the daemon does: `READY=1` once watching, `STATUS=` as things change,
/// `WATCHDOG=1` whenever the ingest loop goes round (never from a timer of its own, so a hung
/// loop stops the pings and systemd restarts the service), `RELOADING=1` with `MONOTONIC_USEC`
/// then `READY=1` around a reload, `STOPPING=1` on shutdown, and `EXTEND_TIMEOUT_USEC` during a
/// long start-up. Outside systemd every notification is a no-op.
///
/// Notifications are posted to a `QueuedNotifier`, never sent by the caller: a reader that stops
/// reading cannot stall the ingest loop. What cannot be sent is dropped and logged once (event
/// `notify-failed`), and again when notifications get through (`notify-recovered`).
public final class SystemdDaemonObserver: DaemonObserver {
    private let notifier: QueuedNotifier?
    /// The watchdog interval, if systemd asked for pings.
    public let watchdogInterval: Duration?
    private let lastPing = Mutex(ContinuousClock.now)

    /// Creates the observer, reading `NOTIFY_SOCKET` and the watchdog interval from the environment.
    ///
    /// - Parameter logger: where notifications that cannot be delivered are logged.
    public init(logger: Logger) {
        self.watchdogInterval = Watchdog.interval()
        self.notifier = QueuedNotifier.forEnvironment { report in
            switch report {
            case .dropping(let message, let errno):
                logger.warning(
                    "cannot notify the service manager (\(message.replacing("\n", with: " "))): \(errno); notifications that cannot be sent are dropped and counted, ingestion goes on",
                    metadata: .event(.notifyFailed, ["errno": "\(errno.rawValue)"]))
            case .recovered(let dropped):
                logger.notice(
                    "notifications reach the service manager again; \(dropped) were dropped",
                    metadata: .event(.notifyRecovered, ["dropped_notifications": "\(dropped)"]))
            }
        }
    }

    /// How often the ingest loop must go round while idle to keep the watchdog fed.
    public var heartbeat: Duration? { watchdogInterval.map { $0 / 2 } }

    public func daemonIsReady(_ status: DaemonStatus) {
        notifier?.post(.ready, .status(status.summary))
    }

    public func daemonNeedsMoreTime(_ extra: Duration) {
        notifier?.post(.extendTimeout(extra))
    }

    public func daemonStatusChanged(_ status: DaemonStatus) {
        notifier?.post(.status(status.summary))
    }

    public func daemonMadeProgress() {
        guard let interval = watchdogInterval else { return }
        let due = lastPing.withLock { last -> Bool in
            guard ContinuousClock.now - last >= interval / 4 else { return false }
            last = .now
            return true
        }
        if due { notifier?.post(.watchdog) }
    }

    public func daemonIsReloading() {
        notifier?.post(.reloading, .monotonicNow, .status("reloading the configuration"))
    }

    public func daemonReloaded(_ status: DaemonStatus) {
        notifier?.post(.ready, .status(status.summary))
    }

    public func daemonIsStopping() {
        notifier?.post(.stopping, .status("stopping: finishing the batch in hand"))
    }

    /// Reports a start-up failure: `STATUS=` with the reason and `ERRNO=` when there is one.
    public func daemonFailedToStart(_ reason: String, errno: Int32?) {
        var states: [NotifyState] = [.status("failed to start: \(reason)")]
        if let errno { states.append(.errno(.init(rawValue: errno))) }
        notifier?.post(states)
    }

    /// How many notifications were dropped since start: not read in time, or refused.
    public var notificationsDropped: Int { notifier?.statistics.dropped ?? 0 }

    /// Waits until the notifications posted so far are sent (the last `STOPPING=1` or start-up
    /// failure before the process exits), but never longer than `timeout`.
    ///
    /// - Returns: whether they were all sent or dropped.
    @discardableResult
    public func flush(within timeout: Duration) -> Bool {
        notifier?.flush(within: timeout) ?? true
    }
}
