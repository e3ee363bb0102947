/// The text an article's identity is computed from.
///
/// Canonical text is the decoded text in Unicode NFC with every run of whitespace (including
/// no-break and other Unicode spaces, and line breaks) collapsed to one ASCII space, trimmed.
/// Case and punctuation are kept, so any visible edit changes the identity.
public struct CanonicalText: Sendable, Equatable {
    /// The canonical text's UTF-8 bytes: what the content id hashes.
    public let utf8: [UInt8]

    /// Canonicalises decoded text.
    ///
    /// - Parameter text: decoded text, already NFC (as `ArticleDecoder` delivers it).
    public init(_ text: DecodedText) {
        self.utf8 = CollapsedLines(text).canonical
    }

    /// Wraps bytes already collapsed (by `CollapsedLines`).
    init(collapsed utf8: [UInt8]) {
        self.utf8 = utf8
    }

    /// Canonicalises any string: NFC, then whitespace collapsed. Used to check stored records.
    ///
    /// - Parameter string: any text.
    public init(_ string: String) {
        self.utf8 = CollapsedLines(utf8: UnicodeNormalization.nfc(Array(string.utf8))).canonical
    }

    /// Whether the text had nothing but whitespace.
    public var isEmpty: Bool { utf8.isEmpty }

    /// The canonical text as a `String`.
    public var string: String { String(decoding: utf8, as: UTF8.self) }

    /// The full SHA-256 digest of the canonical text.
    public var digest: ContentDigest { ContentDigest(canonicalUTF8: utf8) }
}
