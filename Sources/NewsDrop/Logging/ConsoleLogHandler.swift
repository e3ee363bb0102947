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
        // The event's own metadata alone needs no merged copy (the daemon's handler has none of
        // its own): one dictionary less per line.
        var merged = event.metadata ?? [:]
        if !metadata.isEmpty || metadataProvider != nil {
            merged = metadata
            if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
            if let own = event.metadata { merged.merge(own) { $1 } }
        }
        // One buffer for the whole line, written once: the daemon logs a line per input, and
        // building it from interpolated and joined strings cost more than the write itself.
        var line: [UInt8] = []
        line.reserveCapacity(320)
        Self.appendClock(to: &line)
        line.append(0x20)
        line.append(contentsOf: label(event.level).utf8)
        line.append(0x20)
        line.append(contentsOf: event.message.description.utf8)
        if !merged.isEmpty {
            line.append(contentsOf: [0x20, 0x20])
            for (index, (key, value)) in merged.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { line.append(0x20) }
                line.append(contentsOf: key.utf8)
                line.append(UInt8(ascii: "="))
                Self.appendQuoted(value.description, to: &line)
            }
        }
        if let error = event.error {
            line.append(contentsOf: "  error=".utf8)
            Self.appendQuoted("\(error)", to: &line)
        }
        line.append(0x0A)
        StandardError.write(line)
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

    /// Appends `value`, in double quotes (with `"` and line breaks escaped) when it holds a space,
    /// a line break or a quote.
    private static func appendQuoted(_ value: String, to line: inout [UInt8]) {
        // On the contiguous bytes: the daemon writes about ten values a line, and the generic
        // `contains(where:)` and a byte-by-byte `append` through `String.UTF8View` cost more than
        // the rest of the line.
        var value = value
        value.withUTF8 { utf8 in
            guard utf8.contains(where: { $0 == 0x20 || $0 == 0x0A || $0 == 0x22 }) else {
                line.append(contentsOf: utf8)
                return
            }
            line.append(0x22)
            var start = 0
            for (index, byte) in utf8.enumerated() where byte == 0x22 || byte == 0x0A {
                line.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                line.append(contentsOf: byte == 0x22 ? [0x5C, 0x22] : [0x5C, UInt8(ascii: "n")])
                start = index + 1
            }
            line.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
            line.append(0x22)
        }
    }

    /// Appends the local time of day as `HH:MM:SS.mmm`.
    private static func appendClock(to line: inout [UInt8]) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        appendPadded(parts.tm_hour, 2, to: &line)
        line.append(UInt8(ascii: ":"))
        appendPadded(parts.tm_min, 2, to: &line)
        line.append(UInt8(ascii: ":"))
        appendPadded(parts.tm_sec, 2, to: &line)
        line.append(UInt8(ascii: "."))
        appendPadded(Int32(now.tv_nsec / 1_000_000), 3, to: &line)
    }

    /// Appends `value` (not negative) in decimal with leading zeros to `width` digits
    /// (`String(format:)` costs microseconds).
    private static func appendPadded(_ value: Int32, _ width: Int, to line: inout [UInt8]) {
        let digits = String(value).utf8
        for _ in 0..<max(0, width - digits.count) { line.append(UInt8(ascii: "0")) }
        line.append(contentsOf: digits)
    }
}
