/// Recognises page furniture — "Share:", "To view this video please enable JavaScript…", comment-form
/// messages — so that it neither makes two different articles look alike nor two copies of one
/// article look different.
///
/// The filter works on normalised sentences (see `normalisedSentences(of:)`): a sentence of the
/// article is boilerplate when it equals one of the filter's lines, or starts with one of its
/// prefixes and has at most `prefixSlack` more words ("Image Credit: Metro" matches the prefix
/// "Image Credit"; a long sentence of real text that happens to start the same way does not).
/// Boilerplate is left out of the similarity features only: the stored body stays complete.
public struct BoilerplateFilter: Sendable {
    /// The lines matched as whole sentences, as given (before normalisation).
    public let lines: [String]
    /// The prefixes matched at the start of sentences, as given.
    public let prefixes: [String]
    /// How many words a sentence may have beyond a matching prefix and still be boilerplate.
    public static let prefixSlack = 12

    private let lineKeys: Set<UInt64>
    private let longestLine: Int
    private let prefixKeys: Set<UInt64>
    private let prefixLengths: [Int]

    /// The standard filter: `standardLines` and `standardPrefixes`.
    public static let standard = BoilerplateFilter()

    /// A filter that treats nothing as boilerplate.
    public static let none = BoilerplateFilter(lines: [], prefixes: [])

    /// Creates a filter.
    ///
    /// - Parameters:
    ///   - lines: texts matched as whole sentences; a text of several sentences adds each of them.
    ///   - prefixes: texts matched at the start of a sentence (each normalised as one word sequence).
    ///   - learnedLines: more whole-sentence lines, e.g. from `BoilerplateLearner.proposeLines`.
    public init(
        lines: [String] = BoilerplateFilter.standardLines,
        prefixes: [String] = BoilerplateFilter.standardPrefixes,
        learnedLines: [String] = []
    ) {
        self.lines = lines + learnedLines
        self.prefixes = prefixes
        var lineKeys = Set<UInt64>()
        var longestLine = 0
        for line in self.lines {
            var text = TokenizedText()
            text.append(line)
            var start = 0
            for end in text.sentenceEnds {
                lineKeys.insert(Self.key(text.tokens[start..<end]))
                longestLine = max(longestLine, end - start)
                start = end
            }
        }
        var prefixKeys = Set<UInt64>()
        var prefixLengths = Set<Int>()
        for prefix in prefixes {
            var text = TokenizedText()
            text.append(prefix)
            guard !text.tokens.isEmpty else { continue }
            prefixKeys.insert(Self.key(text.tokens[...]))
            prefixLengths.insert(text.tokens.count)
        }
        self.lineKeys = lineKeys
        self.longestLine = longestLine
        self.prefixKeys = prefixKeys
        self.prefixLengths = prefixLengths.sorted()
    }

    /// Creates the standard filter extended with lines learned from a store.
    ///
    /// - Parameter learnedLines: whole-sentence lines to treat as boilerplate as well.
    public init(learnedLines: [String]) {
        self.init(lines: Self.standardLines, prefixes: Self.standardPrefixes, learnedLines: learnedLines)
    }

    /// Whether every sentence of a text is boilerplate (a text with no words is not).
    ///
    /// - Parameter text: a line or paragraph.
    /// - Returns: `true` when the filter would leave all of it out of the similarity features.
    public func isBoilerplate(_ text: String) -> Bool {
        var tokenized = TokenizedText()
        tokenized.append(text)
        var start = 0
        for end in tokenized.sentenceEnds {
            if !matches(tokenized.tokens[start..<end]) { return false }
            start = end
        }
        return !tokenized.tokens.isEmpty
    }

    /// The normalised sentences of some paragraphs, each once: what a caller counts across a store's
    /// articles to learn boilerplate (see `BoilerplateLearner`).
    ///
    /// - Parameter paragraphs: an article's paragraphs (not its title: titles are unique).
    /// - Returns: the distinct sentences, tokens joined by single spaces (`"image credit metro"`).
    public static func normalisedSentences(of paragraphs: [String]) -> Set<String> {
        var sentences = NormalisedSentences()
        for paragraph in paragraphs { sentences.append(paragraph) }
        return Set(sentences.sentences)
    }

    /// The tokens of `text` that are not boilerplate, in order.
    ///
    /// - Parameter text: a tokenized article.
    /// - Returns: the token hashes of every sentence the filter does not match.
    func keptTokens(of text: TokenizedText) -> [UInt64] {
        if lineKeys.isEmpty, prefixKeys.isEmpty { return text.tokens }
        var kept: [UInt64] = []
        kept.reserveCapacity(text.tokens.count)
        var start = 0
        for end in text.sentenceEnds {
            let sentence = text.tokens[start..<end]
            if !matches(sentence) { kept.append(contentsOf: sentence) }
            start = end
        }
        return kept
    }

    /// Whether one sentence (its token hashes) is boilerplate.
    private func matches(_ sentence: ArraySlice<UInt64>) -> Bool {
        if sentence.count <= longestLine, lineKeys.contains(Self.key(sentence)) { return true }
        guard let shortest = prefixLengths.first, sentence.count >= shortest else { return false }
        var state = Self.keySeed
        var length = 0
        var next = 0
        for token in sentence {
            state = StableHash.combine(state, token)
            length += 1
            guard length == prefixLengths[next] else { continue }
            if sentence.count - length <= Self.prefixSlack, prefixKeys.contains(state) { return true }
            next += 1
            if next == prefixLengths.count { return false }
        }
        return false
    }

    private static let keySeed: UInt64 = 0x6E65_7773_6472_6F70

    /// The key of a token sequence; a prefix's key equals the running key of a sentence at that length.
    private static func key(_ tokens: ArraySlice<UInt64>) -> UInt64 {
        tokens.reduce(keySeed, StableHash.combine)
    }
}
