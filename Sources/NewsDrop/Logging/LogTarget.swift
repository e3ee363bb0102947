import ArticleStore
import Events
import FoundationEssentials
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
    /// - Parameter queueLimit: the most journal entries that wait for journald (default 8,192).
    /// - Returns: for the journal, the writer entries wait in: flush it before the process exits.
    @discardableResult
    public func bootstrap(queueLimit: Int? = nil) -> JournalWriter? {
        switch self {
        case .journal:
            let writer = JournalWriter(maximumEntries: queueLimit ?? JournalWriter.defaultMaximumEntries) { loss in
                Self.lossEntry(loss, queueLimit: queueLimit ?? JournalWriter.defaultMaximumEntries)
            }
            LoggingSystem.bootstrap { _ in
                var handler = Self.journalHandler(writer)
                handler.logLevel = .trace
                return handler
            }
            return writer
        case .stderr:
            LoggingSystem.bootstrap { _ in
                var handler = ConsoleLogHandler()
                handler.logLevel = .trace
                return handler
            }
            return nil
        }
    }

    private static func journalHandler(_ writer: JournalWriter?) -> JournalLogHandler {
        JournalLogHandler(
            identifier: "newsdrop", eventKey: DaemonEvent.metadataKey, messageIDs: DaemonEvent.messageIDs,
            writer: writer)
    }

    /// The entry that says how many entries the journal did not take, and when (event
    /// `journal-entries-lost`).
    static func lossEntry(_ loss: JournalLoss, queueLimit: Int) -> [UInt8] {
        let first = Timestamp.string(from: Date(timeIntervalSince1970: TimeInterval(loss.first) / 1_000_000))
        let last = Timestamp.string(from: Date(timeIntervalSince1970: TimeInterval(loss.last) / 1_000_000))
        let event = LogEvent(
            level: .warning,
            message:
                "\(loss.count) journal entries were lost between \(first) and \(last): journald did not keep up and \(queueLimit) entries already waited for it; every input was still ingested, and the store records each outcome",
            metadata: .event(
                .journalEntriesLost,
                ["lost_entries": "\(loss.count)", "first_lost": "\(first)", "last_lost": "\(last)"]),
            source: "NewsDrop", file: #fileID, function: #function, line: #line)
        return JournalDatagram.encode(journalHandler(nil).fields(for: event))
    }
}
