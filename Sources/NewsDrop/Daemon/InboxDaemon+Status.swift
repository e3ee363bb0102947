import ArticleStore
import Dispatch
import Events
import FoundationEssentials
import Inbox
import Logging

extension InboxDaemon {
    /// Changes the status and publishes it — to the status file and the observer — when the state
    /// changed or a quarter of a second has passed since the last publication.
    ///
    /// - Parameters:
    ///   - force: publish even if published a moment ago.
    ///   - change: the change.
    func updateStatus(force: Bool = false, _ change: (inout DaemonStatus) -> Void) {
        let interval = Duration.milliseconds(250)
        let (status, publish, flushLater, layout) = shared.withLock {
            shared -> (DaemonStatus, Bool, Bool, InboxLayout?) in
            change(&shared.status)
            let now = ContinuousClock.now
            let due = force || shared.publishedState != shared.status.state || now - shared.lastPublished >= interval
            var flushLater = false
            if due {
                shared.status.updated = Timestamp.string(from: Date())
                shared.lastPublished = now
                shared.publishedState = shared.status.state
            } else if !shared.flushScheduled {
                shared.flushScheduled = true  // publish the latest change once the interval has passed
                flushLater = true
            }
            // The layout is built from the configuration's paths: only when it is written.
            return (shared.status, due, flushLater, due ? shared.configuration.layout : nil)
        }
        if flushLater {
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(250)) { [self] in
                shared.withLock { $0.flushScheduled = false }
                updateStatus(force: true) { _ in }
            }
        }
        guard publish, let layout else { return }
        do {
            try StatusFile.write(status, layout: layout)
        } catch {
            logger.debug("cannot write the status file: \(error)")
        }
        observer.daemonStatusChanged(status)
    }

    /// SIGHUP: re-reads the configuration and applies what can change while running.
    func reload(_ context: DaemonContext) {
        observer.daemonIsReloading()
        logger.notice("reloading the configuration", metadata: .event(.reloading))
        let new: DaemonConfiguration
        do {
            new = try reloadConfiguration()
        } catch {
            logger.error("reload failed, keeping the running configuration: \(error)", metadata: .event(.reloadFailed))
            observer.daemonReloaded(status)
            return
        }
        let old = configuration
        var applied = new
        if new.layout != old.layout || new.store != old.store || (new.instance ?? instance) != instance {
            logger.warning(
                "the inbox, store, folders and instance name change only on restart; keeping \(old.inbox) and \(old.store)"
            )
            applied.inbox = old.inbox
            applied.store = old.store
            applied.processed = old.processed
            applied.duplicates = old.duplicates
            applied.rejected = old.rejected
            applied.instance = old.instance
        }
        if new.nearDuplicates != old.nearDuplicates {
            logger.warning(
                "near-duplicate settings change only on restart (the store's index is opened at start); keeping \(old.nearDuplicates.policy.rawValue), threshold \(old.nearDuplicates.threshold)"
            )
            applied.nearDuplicates = old.nearDuplicates
        }
        if new.flush != old.flush {
            logger.warning(
                "the flush setting changes only on restart (the store chose its policy at start); keeping \(old.flush.rawValue)"
            )
            applied.flush = old.flush
        }
        var settings = applied.monitorSettings
        settings.simulateOverflow = Self.testHookEnabled("NEWSDROP_TEST_SIMULATE_OVERFLOW")
        context.monitor.apply(settings)
        shared.withLock { shared in
            shared.configuration = applied
            shared.logger.logLevel = applied.logLevel
        }
        logger.notice("configuration reloaded", metadata: .event(.reloaded))
        observer.daemonReloaded(status)
    }
}
