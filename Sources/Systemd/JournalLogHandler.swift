import CSystemd
import Logging
import SystemPackage

/// A swift-log handler that writes structured entries to the systemd journal through
/// `sd_journal_sendv`.
///
/// Every entry carries `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`, `CODE_FILE`, `CODE_LINE` and
/// `CODE_FUNC` (libsystemd adds the `CODE_*` fields only from its C macros, so they are added
/// here), every metadata key as a field (`article_id` → `ARTICLE_ID`, see `JournalField`), and a
/// `MESSAGE_ID` when the entry's event (the value of `eventKey`) has one. `log(event:)` swallows
/// send errors, as a logger must; `send(_:)` throws them.
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

    /// Creates a handler.
    ///
    /// - Parameters:
    ///   - identifier: the `SYSLOG_IDENTIFIER`.
    ///   - eventKey: the metadata key that names the event kind, used to look up `MESSAGE_ID`.
    ///   - messageIDs: `MESSAGE_ID`s by event kind.
    public init(identifier: String, eventKey: String? = nil, messageIDs: [String: String] = [:]) {
        self.identifier = identifier
        self.eventKey = eventKey
        self.messageIDs = messageIDs
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        try? Self.send(fields(for: event))
    }

    /// The journal fields of a log event, in order.
    public func fields(for event: LogEvent) -> [(name: String, value: String)] {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
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
        let standard = Set(fields.map(\.name))
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            var name = JournalField.name(for: key)
            if standard.contains(name) { name = "ESCAPED_" + name }
            fields.append((name, value.description))
        }
        return fields
    }

    /// Sends one entry.
    ///
    /// The corresponding C function is `sd_journal_sendv`. Field values may hold line breaks.
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
