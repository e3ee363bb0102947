import DurableFiles

#if canImport(Glibc)
    import Glibc
#endif

/// One complete line of a feed segment, checked the way every reader checks it: it starts with
/// `{"seq":<digits>,"event":"<event>"`, ends with `}`, and holds no NUL byte. A line cut short by a
/// crash (no line feed yet, or a tail of zeros after a power cut) is never one.
///
/// Valid only while the bytes it points into are.
public struct FeedLine {
    /// The entry's sequence number.
    public let seq: Int
    /// The entry's event.
    public let event: FeedEvent
    /// The line's bytes, without the line feed.
    public let bytes: UnsafeRawBufferPointer

    private static let seqPrefix = Array(#"{"seq":"#.utf8)
    private static let eventPrefix = Array(#","event":""#.utf8)

    /// Checks a line (without its line feed); `nil` when it is not a well-formed entry.
    public init?(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        guard count > 24, bytes[count - 1] == UInt8(ascii: "}") else { return nil }
        for (index, byte) in Self.seqPrefix.enumerated() where bytes[index] != byte { return nil }
        var index = Self.seqPrefix.count
        var seq = 0
        while index < count, (0x30...0x39).contains(bytes[index]), seq < Int.max / 10 - 10 {
            seq = seq * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        guard index > Self.seqPrefix.count, seq > 0, index + Self.eventPrefix.count < count else { return nil }
        for (offset, byte) in Self.eventPrefix.enumerated() where bytes[index + offset] != byte { return nil }
        index += Self.eventPrefix.count
        let start = index
        while index < count, bytes[index] != UInt8(ascii: "\"") { index += 1 }
        guard index < count, let event = FeedEvent(rawValue: String(decoding: bytes[start..<index], as: UTF8.self))
        else { return nil }
        guard memchr(bytes.baseAddress!, 0, count) == nil else { return nil }
        self.seq = seq
        self.event = event
        self.bytes = bytes
    }

    /// The string value of the first `"<key>":"…"` in the line, decoded; `nil` when absent or null.
    public func string(_ key: String) -> String? {
        var pattern = #""\#(key)":""#
        let start = pattern.withUTF8 { ByteSearch.end(of: UnsafeRawBufferPointer($0), in: bytes) }
        guard let start else { return nil }
        return RecordScanner.decodeString(Array(bytes), from: start)?.value
    }

    /// Whether the line holds `pattern` (e.g. `"near_duplicates":[`).
    public func contains(_ pattern: String) -> Bool {
        var pattern = pattern
        return pattern.withUTF8 { ByteSearch.end(of: UnsafeRawBufferPointer($0), in: bytes) } != nil
    }

    /// The whole entry, decoded.
    ///
    /// - Throws: `DecodingError` when the line is not a valid entry after all.
    public func decode() throws -> FeedEntry {
        try FeedEntry.decode(bytes)
    }
}
