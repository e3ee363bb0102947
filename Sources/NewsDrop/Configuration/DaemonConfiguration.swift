import ArticleStore
import Articles
import DurableFiles
import Inbox
import Logging
import SystemPackage

/// Everything `newsdrop run` can be told, with its default. The keys of the configuration file
/// are listed in `ConfigurationFile`; flags override the file.
public struct DaemonConfiguration: Sendable, Equatable {
    /// The inbox producers drop files into.
    public var inbox: FilePath = "inbox"
    /// The store folder (default `newsdrop-store`, relative to the working directory).
    public var store: FilePath = FilePath(StoreLocation.defaultFolder)
    /// Where stored inputs go (default `<inbox>/processed`).
    public var processed: FilePath?
    /// Where duplicate inputs go (default `<inbox>/duplicates`).
    public var duplicates: FilePath?
    /// Where rejected inputs go (default `<inbox>/rejected`).
    public var rejected: FilePath?
    /// Delete processed inputs instead of keeping them.
    public var deleteProcessed = false
    /// Delete duplicate inputs instead of keeping them.
    public var deleteDuplicates = false
    /// Names in the inbox that are not inputs.
    public var ignore: [String] = IgnoreRules.defaultPatterns
    /// How long a file written in place must stay unchanged before it is taken.
    public var settle: Duration = .milliseconds(500)
    /// How often the inbox is rescanned although inotify watches it.
    public var rescanInterval: Duration = .seconds(60)
    /// Poll at this interval instead of using inotify; `nil`: only on network file systems.
    public var pollInterval: Duration?
    /// Inputs larger than this are rejected.
    public var maxSize = ArticleDecoder.defaultMaxBytes
    /// Most inputs made durable together.
    public var batchSize = 256
    /// Near-duplicate detection: policy (keep, divert, off) and threshold.
    public var nearDuplicates = NearDuplicateSettings()
    /// The lowest level logged.
    public var logLevel: Logger.Level = .info
    /// One journal entry per input's outcome, or one per batch.
    public var logOutcomes = OutcomeLogging.each
    /// This instance's name in the work and status folders (default `<host>-<pid>`).
    public var instance: String?
    /// Where the Prometheus metrics are written (for node_exporter's textfile collector); `nil`: not at all.
    public var metricsFile: FilePath?
    /// How often the metrics file is rewritten (and once more at stop).
    public var metricsInterval: Duration = .seconds(15)
    /// How the store's files and the moves aside are made durable: `auto` chooses per file system
    /// (`FlushPolicy`: `syncfs` on ext4, XFS, Btrfs, tmpfs; `fsync` elsewhere), or a policy forced.
    public var flush: FlushSetting = .auto

    /// The defaults.
    public init() {}

    /// The inbox layout these settings describe.
    public var layout: InboxLayout {
        InboxLayout(inbox: inbox, processed: processed, duplicates: duplicates, rejected: rejected)
    }

    /// The inbox monitor's share of the settings.
    public var monitorSettings: InboxMonitor.Settings {
        InboxMonitor.Settings(
            ignore: IgnoreRules(patterns: ignore), settle: settle, rescanInterval: rescanInterval,
            pollInterval: pollInterval)
    }
}
