/// The character encoding an input file was decoded from.
public enum SourceEncoding: String, Sendable, Codable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "utf-8"
    /// UTF-16 little-endian, recognised by its byte-order mark.
    case utf16LE = "utf-16le"
    /// UTF-16 big-endian, recognised by its byte-order mark.
    case utf16BE = "utf-16be"
    /// Windows-1252, the fallback for input that is not valid UTF-8.
    case windows1252 = "windows-1252"
}
