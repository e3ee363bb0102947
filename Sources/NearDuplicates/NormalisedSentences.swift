/// The normalised sentences of a text as strings — tokens joined by single spaces, e.g.
/// `"get in touch with our news team"` — for counting and showing boilerplate lines.
struct NormalisedSentences: TokenSink {
    /// The sentences found so far, in text order, empty ones left out.
    private(set) var sentences: [String] = []
    private var sentence: [UInt8] = []
    private var wordCount = 0

    /// Creates an empty collection.
    init() {}

    /// Tokenizes and appends one text; its end ends a sentence.
    ///
    /// - Parameter text: the text, in NFC.
    mutating func append(_ text: String) {
        TokenScanner.scan(text, into: &self)
    }

    static var needsText: Bool { true }

    mutating func token(hash: UInt64, text: UnsafeBufferPointer<UInt8>) {
        if !sentence.isEmpty { sentence.append(0x20) }
        sentence.append(contentsOf: text)
        wordCount += 1
    }

    mutating func endSentence() {
        if wordCount > 0 {
            sentences.append(String(decoding: sentence, as: UTF8.self))
        }
        sentence.removeAll(keepingCapacity: true)
        wordCount = 0
    }
}
