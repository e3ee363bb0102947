/// Proposes boilerplate lines learned from a store: short sentences that recur across many distinct
/// articles are page furniture of some site, not article text.
///
/// The caller counts the distinct sentences `BoilerplateFilter.normalisedSentences(of:)` returns,
/// **once per story** — only for articles that are not near-duplicates of one already counted —
/// then asks for proposals and builds `BoilerplateFilter(learnedLines:)` from them. Counted once per
/// article instead, a story republished twenty times would have its own sentences learned (the
/// evaluation shows exactly that).
public enum BoilerplateLearner {
    /// The sentences that qualify as learned boilerplate.
    ///
    /// - Parameters:
    ///   - articleCounts: for each normalised sentence, the number of distinct stories holding it.
    ///   - articleCount: the number of stories counted.
    ///   - minimumArticles: the fewest articles a sentence must appear in.
    ///   - minimumShare: the smallest share of all articles it must appear in (the larger of the two
    ///     bounds applies, so a big store needs proportionally more evidence).
    ///   - maximumWords: the longest sentence that may be proposed; long sentences that recur are
    ///     syndicated text rather than furniture.
    /// - Returns: the qualifying sentences, most frequent first (ties in text order).
    public static func proposeLines(
        articleCounts: [String: Int],
        articleCount: Int,
        minimumArticles: Int = 20,
        minimumShare: Double = 0.001,
        maximumWords: Int = 25
    ) -> [String] {
        let bound = max(minimumArticles, Int((minimumShare * Double(articleCount)).rounded(.up)))
        return
            articleCounts
            .filter { sentence, count in
                count >= bound && sentence.split(separator: " ").count <= maximumWords
            }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map(\.key)
    }
}
