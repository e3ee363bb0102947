import ArticleStore
import DurableFiles
import Inbox
import SystemPackage

/// What a running daemon works with, set up by `InboxDaemon.start()`.
struct DaemonContext: Sendable {
    /// The opened store, shared by the ingest loop and the start-up survey.
    let store: FileArticleStore
    /// The inbox folders.
    let layout: InboxLayout
    /// This instance's work folder, locked.
    let work: WorkFolder
    /// The inbox watcher that hands over ready names.
    let monitor: InboxMonitor
    /// Claimed files left by this or stopped instances, to finish first.
    let leftovers: [ClaimedInput]
    /// How the moves aside are made durable: the flush policy of the inbox's file system.
    let inboxFlush: FlushPolicy

    /// Releases the work folder.
    func finish() {
        monitor.stop()
        work.release()
    }
}
