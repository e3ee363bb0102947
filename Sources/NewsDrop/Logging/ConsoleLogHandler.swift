import DurableFiles
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Readable log lines on standard error, for a daemon run from a terminal or `swift run`:
///
/// ```
/// 12:00:39.202 info     stored bd776c32a36d56c5 "US, France call…" from 000_2a12523330ba2c24.txt  article_id=… source_file=…
/// ```
/// The level is coloured when standard error is a terminal.
public struct ConsoleLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let colour: Bool

    /// Creates a handler writing to standard error.
    public init() {
        colour = isatty(STDERR_FILENO) == 1
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        var line = "\(Self.clock()) \(label(event.level)) \(event.message)"
        if !merged.isEmpty {
            line +=
                "  "
                + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoted($0.value.description))" }.joined(
                    separator: " ")
        }
        if let error = event.error { line += "  error=\(Self.quoted("\(error)"))" }
        StandardError.write(line + "\n")
    }

    private func label(_ level: Logger.Level) -> String {
        let text = level.rawValue + String(repeating: " ", count: max(0, 8 - level.rawValue.utf8.count))
        guard colour else { return text }
        let code =
            switch level {
            case .trace, .debug: "2"
            case .info: "0"
            case .notice: "1"
            case .warning: "33"
            case .error, .critical: "31"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    private static func quoted(_ value: String) -> String {
        value.utf8.contains(where: { $0 == 0x20 || $0 == 0x0A || $0 == 0x22 })
            ? "\"\(value.replacing("\"", with: "\\\"").replacing("\n", with: "\\n"))\"" : value
    }

    private static func clock() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        return
            "\(padded(parts.tm_hour, 2)):\(padded(parts.tm_min, 2)):\(padded(parts.tm_sec, 2)).\(padded(Int32(now.tv_nsec / 1_000_000), 3))"
    }

    /// `value` in decimal with leading zeros to `width` digits (`String(format:)` costs microseconds).
    private static func padded(_ value: Int32, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.utf8.count)) + digits
    }
}
