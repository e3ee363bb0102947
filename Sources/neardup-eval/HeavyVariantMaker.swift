import Articles

/// Makes the heavy-edit variants (`HeavyEditKind`) of a seeded sample of corpus articles.
struct HeavyVariantMaker {
    /// One heavy variant: its kind, its original (a corpus index) and its text as a file holds it.
    struct Variant {
        /// The edit.
        let kind: HeavyEditKind
        /// The original's corpus index.
        let original: Int
        /// The variant as a file.
        let text: String
    }

    private let articles: [CorpusArticle]

    /// Creates a maker over the corpus (other articles lend their headlines to "related" boxes).
    ///
    /// - Parameter articles: the distinct corpus articles.
    init(articles: [CorpusArticle]) {
        self.articles = articles
    }

    /// `count` originals drawn with `seed` among the articles of at least three paragraphs, in
    /// corpus order.
    func sample(count: Int, seed: UInt64) -> [Int] {
        var random = EvalRandom(seed: seed)
        let eligible = articles.indices.filter { articles[$0].parsed.paragraphs.count >= 3 }
        return Array(eligible.shuffled(using: &random).prefix(count)).sorted()
    }

    /// Every heavy variant of each original, kinds in `HeavyEditKind` order.
    func variants(of originals: [Int], seed: UInt64) -> [Variant] {
        originals.flatMap { original in
            HeavyEditKind.allCases.enumerated().map { number, kind in
                var random = EvalRandom(seed: seed ^ (UInt64(original) << 8 | UInt64(number)))
                return Variant(kind: kind, original: original, text: make(kind, of: original, random: &random))
            }
        }
    }

    private func make(_ kind: HeavyEditKind, of index: Int, random: inout EvalRandom) -> String {
        let original = articles[index].parsed
        var title = original.title
        var paragraphs = original.paragraphs.map(VariantMaker.sentences)
        var furniture: OutletFurniture?
        switch kind {
        case .reordered:
            var order = Array(paragraphs.indices).shuffled(using: &random)
            if order == Array(paragraphs.indices) { order = Array(order.dropFirst()) + [order[0]] }
            paragraphs = order.map { paragraphs[$0] }
        case .dropFortyPercent:
            dropSentences(share: 0.4, from: &paragraphs, random: &random)
        case .wireRewrite:
            title = wireHeadline(lede: paragraphs[0].first ?? original.title, random: &random)
            dropSentences(share: 0.3, from: &paragraphs, random: &random)
            // Per paragraph: a quotation may run over several sentences.
            paragraphs = paragraphs.map { [Self.trimmingLongQuotes($0.joined(separator: " "))] }
            furniture = outletFurniture(excluding: index, random: &random)
        case .firstHalf:
            paragraphs = firstHalf(paragraphs)
            furniture = outletFurniture(excluding: index, random: &random)
        }
        let body = paragraphs.map { $0.joined(separator: " ") }.filter { !$0.isEmpty }
        let header = [title] + (furniture?.header ?? [])
        return (header + [""] + body + (furniture?.footer ?? [])).joined(separator: "\n\n") + "\n"
    }

    /// Drops `share` of all body sentences (at least one sentence stays).
    private func dropSentences(share: Double, from paragraphs: inout [[String]], random: inout EvalRandom) {
        let positions = paragraphs.indices.flatMap { p in paragraphs[p].indices.map { (p, $0) } }
        let dropCount = min(positions.count - 1, Int((share * Double(positions.count)).rounded()))
        let dropped = Set(positions.shuffled(using: &random).prefix(dropCount).map { "\($0.0).\($0.1)" })
        paragraphs = paragraphs.indices.map { p in
            paragraphs[p].indices.filter { !dropped.contains("\(p).\($0)") }.map { paragraphs[p][$0] }
        }
    }

    /// The sentences from the start up to the sentence end nearest half the body's words.
    private func firstHalf(_ paragraphs: [[String]]) -> [[String]] {
        let total = paragraphs.joined().reduce(0) { $0 + VariantMaker.words($1) }
        var kept: [[String]] = []
        var words = 0
        for paragraph in paragraphs {
            var keptSentences: [String] = []
            for sentence in paragraph {
                let next = words + VariantMaker.words(sentence)
                // Stop where stopping is closer to half than taking one more sentence.
                if words > 0, abs(2 * words - total) <= abs(2 * next - total) { break }
                keptSentences.append(sentence)
                words = next
            }
            if !keptSentences.isEmpty { kept.append(keptSentences) }
            if keptSentences.count < paragraph.count { break }
        }
        return kept
    }

    private static let wirePrefixes = ["UPDATE 1-", "UPDATE 2-", "", "", "FACTBOX-", "ANALYSIS-"]
    private static let wireSuffixes = ["- sources", "- report", "", "", "- statement", "- officials"]

    /// A wire-style headline from the lede's first words: "UPDATE 1-Quarterly profits at US media giant - report".
    private func wireHeadline(lede: String, random: inout EvalRandom) -> String {
        let words = lede.split(separator: " ").prefix(Int.random(in: 5...8, using: &random)).joined(separator: " ")
        let prefix = Self.wirePrefixes.randomElement(using: &random)!
        let suffix = Self.wireSuffixes.randomElement(using: &random)!
        return (prefix + words + (suffix.isEmpty ? "" : " " + suffix))
    }

    /// A text with every quotation of more than eight words cut to its first four and "…"; an
    /// unclosed quotation is kept whole.
    static func trimmingLongQuotes(_ text: String) -> String {
        var result = ""
        var quote: [Substring] = []
        var inQuote = false
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let opens = word.hasPrefix("\"") || word.hasPrefix("“")
            let closes =
                word.hasSuffix("\"") || word.hasSuffix("”") || word.hasSuffix("\",") || word.hasSuffix("\".")
                || word.hasSuffix("”,") || word.hasSuffix("”.")
            if !inQuote, opens, !(closes && word.count > 1) {
                inQuote = true
                quote = [word]
                continue
            }
            if inQuote {
                quote.append(word)
                guard closes else { continue }
                inQuote = false
                let text =
                    quote.count > 8 ? quote.prefix(4).joined(separator: " ") + "…\"" : quote.joined(separator: " ")
                result += (result.isEmpty ? "" : " ") + text
                continue
            }
            result += (result.isEmpty ? "" : " ") + word
        }
        if inQuote { result += (result.isEmpty ? "" : " ") + quote.joined(separator: " ") }
        return result
    }

    /// One of the outlets' furniture, with the headlines of two other articles as its related box.
    private func outletFurniture(excluding index: Int, random: inout EvalRandom) -> OutletFurniture {
        let outlet = Int.random(in: 0..<OutletFurniture.count, using: &random)
        var related: [String] = []
        while related.count < 2 {
            let other = Int.random(in: 0..<articles.count, using: &random)
            if other != index { related.append(articles[other].parsed.title) }
        }
        return OutletFurniture.make(outlet: outlet, related: related, random: &random)
    }
}
