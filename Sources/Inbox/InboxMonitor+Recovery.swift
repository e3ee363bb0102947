import Dispatch
import DurableFiles
import Events
import Logging
import Synchronization
import SystemPackage

/// A missing or replaced inbox: re-created, re-watched and rescanned, with back-off while it fails.
extension InboxMonitor {
    /// Re-creates and re-watches the inbox, then rescans it; retries with back-off (250 ms doubling
    /// to 30 s) while that fails. Runs on `queue`.
    func recoverInbox() {
        guard !stopped else { return }
        do {
            if (try? inbox.stat())?.type != .directory {
                try FileSystem.makeDirectories(inbox)
                logger.notice("re-created the inbox", metadata: .event(.inboxRecovered, ["inbox": "\(inbox)"]))
            }
            if mode == .inotify {
                if let watcher { try watcher.rewatch() } else { try configureWatching() }
                watchedIdentity = identity(of: inbox)
                logger.notice("watching the inbox again", metadata: .event(.inboxRecovered, ["inbox": "\(inbox)"]))
            }
            try scan()
            clearProblem()
        } catch {
            reportProblem(error)
            recoveryDelay = min(max(recoveryDelay * 2, .milliseconds(250)), .seconds(30))
            let nanoseconds = Int(recoveryDelay.nanoseconds)
            queue.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [weak self] in self?.recoverInbox() }
        }
    }

    /// Logs an inbox problem once (not again while the same one persists) and keeps it for status.
    func reportProblem(_ error: FileSystemError) {
        let text = error.description
        if problem != text {
            logger.error(
                "inbox problem: \(text); retrying",
                metadata: .event(
                    .inboxProblem,
                    ["inbox": "\(inbox)", "errno": "\(error.errno.rawValue)", "errno_name": "\(error.errnoName)"])
            )
        }
        problem = text
    }

    /// Logs that the inbox is usable again, when it was not, and resets the back-off.
    func clearProblem() {
        if problem != nil {
            logger.notice("the inbox is usable again", metadata: .event(.inboxRecovered, ["inbox": "\(inbox)"]))
        }
        problem = nil
        recoveryDelay = .zero
    }

    /// The device and inode of `folder`, to tell a replaced inbox from the watched one.
    func identity(of folder: FilePath) -> (device: UInt64, inode: UInt64)? {
        guard let stat = try? folder.stat() else { return nil }
        return (UInt64(stat.rawValue.st_dev), UInt64(stat.rawValue.st_ino))
    }
}
