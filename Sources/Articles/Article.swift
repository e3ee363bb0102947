/// One input's bytes, fully understood: decoded, canonicalised, identified and parsed.
public struct Article: Sendable {
    /// The decoded, normalised text.
    public let text: DecodedText
    /// The canonical text the identity is computed from.
    public let canonical: CanonicalText
    /// The full SHA-256 of the canonical text.
    public let digest: ContentDigest
    /// The content id: the digest's first 16 hex digits.
    public let id: ContentID
    /// Title, metadata and paragraphs.
    public let parsed: ParsedArticle

    /// Understands one input.
    ///
    /// - Parameters:
    ///   - bytes: the whole input file.
    ///   - decoder: the decoder, which holds the size limit.
    /// - Throws: a `Rejection` when the bytes are not an article (empty, whitespace only, binary,
    ///   undecodable, too large).
    public init(bytes: [UInt8], decoder: ArticleDecoder = ArticleDecoder()) throws(Rejection) {
        let text = try decoder.decode(bytes)
        let lines = CollapsedLines(text)
        let canonical = CanonicalText(collapsed: lines.canonical)
        guard !canonical.isEmpty else {
            throw Rejection(.whitespaceOnly, "the file holds \(bytes.count) bytes of whitespace and nothing else")
        }
        self.text = text
        self.canonical = canonical
        self.digest = canonical.digest
        self.id = ContentID(digest: digest)
        self.parsed = ArticleParser.parse(lines)
    }
}
