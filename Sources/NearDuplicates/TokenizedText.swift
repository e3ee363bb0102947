/// The hashed tokens of a text, grouped into sentences: what boilerplate filtering and shingling
/// work on. Appending a title and then each paragraph gives one stream, so shingles run across
/// paragraph breaks (reflowing the text into other paragraphs changes nothing).
struct TokenizedText: TokenSink {
    /// One 64-bit hash per normalised token, in text order.
    private(set) var tokens: [UInt64] = []
    /// The end (exclusive index into `tokens`) of each non-empty sentence, ascending.
    private(set) var sentenceEnds: [Int] = []

    /// Creates an empty text.
    ///
    /// - Parameter capacity: the expected number of tokens.
    init(capacity: Int = 0) {
        tokens.reserveCapacity(capacity)
    }

    /// Tokenizes and appends one text (a title or a paragraph); its end ends a sentence.
    ///
    /// - Parameter text: the text, in NFC.
    mutating func append(_ text: String) {
        TokenScanner.scan(text, into: &self)
    }

    static var needsText: Bool { false }

    @inline(__always)
    mutating func token(hash: UInt64, text: UnsafeBufferPointer<UInt8>) {
        tokens.append(hash)
    }

    @inline(__always)
    mutating func endSentence() {
        if tokens.count > (sentenceEnds.last ?? 0) { sentenceEnds.append(tokens.count) }
    }
}
