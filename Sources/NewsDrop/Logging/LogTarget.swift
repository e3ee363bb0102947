import Events
import Logging
import Systemd

/// Where the daemon's log goes.
public enum LogTarget: String, Sendable, CaseIterable {
    /// Structured entries to the systemd journal.
    case journal
    /// Readable lines on standard error.
    case stderr

    /// The journal when standard error is connected to it (`JOURNAL_STREAM`), else stderr.
    public static var automatic: LogTarget {
        JournalStream.isStandardErrorConnected ? .journal : .stderr
    }

    /// Installs the handler for this target as swift-log's global logging backend.
    ///
    /// Call once, at start-up.
    public func bootstrap() {
        switch self {
        case .journal:
            LoggingSystem.bootstrap { _ in
                var handler = JournalLogHandler(
                    identifier: "newsdrop", eventKey: DaemonEvent.metadataKey, messageIDs: DaemonEvent.messageIDs)
                handler.logLevel = .trace
                return handler
            }
        case .stderr:
            LoggingSystem.bootstrap { _ in
                var handler = ConsoleLogHandler()
                handler.logLevel = .trace
                return handler
            }
        }
    }
}
