/// Receives the daemon's life-cycle events: the systemd notifier implements it (READY, STATUS,
/// WATCHDOG, RELOADING, STOPPING). Every method is called from the daemon's loop and must not block.
public protocol DaemonObserver: Sendable {
    /// The inbox is watched and the start-up scan is done.
    func daemonIsReady(_ status: DaemonStatus)
    /// Start-up is taking long (a large backlog to recover): ask for more time.
    func daemonNeedsMoreTime(_ extra: Duration)
    /// The status changed (throttled to a few calls a second).
    func daemonStatusChanged(_ status: DaemonStatus)
    /// The ingest loop went round once: proof of life for a watchdog.
    func daemonMadeProgress()
    /// A reload began.
    func daemonIsReloading()
    /// A reload ended.
    func daemonReloaded(_ status: DaemonStatus)
    /// A graceful stop began.
    func daemonIsStopping()
    /// How many notifications could not be delivered since start (for the metrics).
    var notificationsDropped: Int { get }
}

extension DaemonObserver {
    /// None: an observer that sends nothing drops nothing.
    public var notificationsDropped: Int { 0 }
}

/// An observer that ignores everything: a daemon run outside systemd.
public struct NoDaemonObserver: DaemonObserver {
    /// Creates the observer.
    public init() {}
    public func daemonIsReady(_ status: DaemonStatus) {}
    public func daemonNeedsMoreTime(_ extra: Duration) {}
    public func daemonStatusChanged(_ status: DaemonStatus) {}
    public func daemonMadeProgress() {}
    public func daemonIsReloading() {}
    public func daemonReloaded(_ status: DaemonStatus) {}
    public func daemonIsStopping() {}
}
