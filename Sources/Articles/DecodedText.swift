/// An input's text after decoding: valid UTF-8, Unicode NFC, line breaks as LF only.
public struct DecodedText: Sendable, Equatable {
    /// The text's UTF-8 bytes.
    public let utf8: [UInt8]
    /// The encoding the input was decoded from.
    public let encoding: SourceEncoding

    /// The text as a `String`.
    public var string: String { String(decoding: utf8, as: UTF8.self) }
}
