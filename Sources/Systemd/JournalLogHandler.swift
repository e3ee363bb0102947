import CSystemd
import Logging
import SystemPackage

/// A swift-log handler that writes structured entries to the systemd journal.
///
/// Every entry carries `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`, `CODE_FILE`, `CODE_LINE` and
/// `CODE_FUNC` (libsystemd adds the `CODE_*` fields only from its C macros, so they are added
/// here), every metadata key as a field (`article_id` → `ARTICLE_ID`, see `JournalField`; a list
/// value becomes one field per element, so `journalctl ARTICLE_ID=…` matches any of them), and a
/// `MESSAGE_ID` when the entry's event (the value of `eventKey`) has one. `log(event:)` never
/// waits for the journal: it hands the entry to a `JournalWriter`, which sends it from a thread of
/// its own and counts what the journal could not take. `send(_:)` sends at once through
/// `sd_journal_sendv`, blocking while journald does not read, and throws its errors.
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info

    /// The `SYSLOG_IDENTIFIER`.
    public let identifier: String
    /// The metadata key whose value names the event kind.
    public let eventKey: String?
    /// `MESSAGE_ID`s (32 hex digits) by event kind.
    public let messageIDs: [String: String]
    /// Where `log(event:)` hands entries.
    public let writer: JournalWriter

    /// The writer of handlers created without one: journald's socket, default bounds, and a
    /// plain report of lost entries.
    public static let standardWriter = JournalWriter { loss in
        JournalDatagram.encode([
            ("MESSAGE", "\(loss.count) journal entries were lost: the journal did not take them in time"),
            ("PRIORITY", "4"), ("LOST_ENTRIES", "\(loss.count)"),
        ])
    }

    /// Creates a handler.
    ///
    /// - Parameters:
    ///   - identifier: the `SYSLOG_IDENTIFIER`.
    ///   - eventKey: the metadata key that names the event kind, used to look up `MESSAGE_ID`.
    ///   - messageIDs: `MESSAGE_ID`s by event kind.
    ///   - writer: where entries go (default: `standardWriter`).
    public init(
        identifier: String, eventKey: String? = nil, messageIDs: [String: String] = [:], writer: JournalWriter? = nil
    ) {
        self.identifier = identifier
        self.eventKey = eventKey
        self.messageIDs = messageIDs
        self.writer = writer ?? Self.standardWriter
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        writer.submit(JournalDatagram.encode(fields(for: event)))
    }

    /// The journal fields of a log event, in order.
    public func fields(for event: LogEvent) -> [(name: String, value: String)] {
        // The event's own metadata alone needs no merged copy (the daemon's handler has none of
        // its own): one dictionary less per entry.
        var merged = event.metadata ?? [:]
        if !metadata.isEmpty || metadataProvider != nil {
            merged = metadata
            if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
            if let own = event.metadata { merged.merge(own) { $1 } }
        }
        var fields: [(name: String, value: String)] = [
            ("MESSAGE", event.message.description),
            ("PRIORITY", String(Self.priority(event.level))),
            ("SYSLOG_IDENTIFIER", identifier),
            ("CODE_FILE", event.file),
            ("CODE_LINE", String(event.line)),
            ("CODE_FUNC", event.function),
        ]
        if let eventKey, let kind = merged[eventKey]?.description, let id = messageIDs[kind] {
            fields.append(("MESSAGE_ID", id))
        }
        if let error = event.error { fields.append(("ERROR", "\(error)")) }
        // At most eight standard fields: a scan costs less than hashing them into a set.
        let standard = fields.count
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            var name = JournalField.name(for: key)
            if fields[..<standard].contains(where: { $0.name == name }) { name = "ESCAPED_" + name }
            if case .array(let values) = value {
                fields += values.map { (name, $0.description) }
            } else {
                fields.append((name, value.description))
            }
        }
        return fields
    }

    /// Sends one entry now, waiting while journald does not read.
    ///
    /// The corresponding C function is `sd_journal_sendv`. Field values may hold line breaks, and
    /// entries may be larger than a datagram (libsystemd passes those in a sealed memfd).
    /// Note that libsystemd reports success when no journald listens at all.
    /// - Parameter fields: valid field names and their values.
    /// - Throws: `Errno` when libsystemd reports a failure.
    public static func send(_ fields: [(name: String, value: String)]) throws(Errno) {
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        for field in fields {
            let start = buffer.count
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: field.value.utf8)
            ranges.append(start..<buffer.count)
        }
        let result = buffer.withUnsafeMutableBytes { raw -> Int32 in
            let vectors = ranges.map { range in
                iovec(iov_base: raw.baseAddress! + range.lowerBound, iov_len: range.count)
            }
            return vectors.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
        }
        if result < 0 { throw Errno(rawValue: -result) }
    }

    /// The syslog priority of a swift-log level.
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
