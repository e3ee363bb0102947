import Articles

/// Makes the derived variants of one article, deterministically from its index.
struct VariantMaker {
    private let articles: [CorpusArticle]

    /// Creates a maker over the corpus (other articles lend sentences to `add-sentence`).
    ///
    /// - Parameter articles: the distinct corpus articles.
    init(articles: [CorpusArticle]) {
        self.articles = articles
    }

    /// Every kind of variant that applies to article `index`.
    ///
    /// - Parameter index: the original's index.
    /// - Returns: one variant per applicable kind.
    func variants(of index: Int) -> [Variant] {
        EditKind.allCases.compactMap { kind in
            var random = EvalRandom(seed: UInt64(index) << 8 | UInt64(EditKind.allCases.firstIndex(of: kind)!))
            return make(kind, of: index, random: &random)
        }
    }

    private struct Draft {
        var title: String
        var paragraphs: [String]
        var header: [String] = []
        var footer: [String] = []
        var changedWords = 0
        var droppedWords = 0
    }

    private func make(_ kind: EditKind, of index: Int, random: inout EvalRandom) -> Variant? {
        let original = articles[index].parsed
        guard original.paragraphs.count >= 3 else { return nil }
        let total = Self.words(original.title) + original.paragraphs.reduce(0) { $0 + Self.words($1) }
        var draft = Draft(title: original.title, paragraphs: original.paragraphs)
        var reflow = false
        switch kind {
        case .headline: rewriteHeadline(&draft, random: &random)
        case .boilerplate: wrapInSeedBoilerplate(&draft, random: &random)
        case .unlistedBoilerplate: wrapInUnlistedBoilerplate(&draft, random: &random)
        case .addSentence: addSentence(&draft, from: index, random: &random)
        case .dropParagraph: dropParagraphs(&draft, keeping: 0, total: total, maximum: 1, random: &random)
        case .dropToEighty: dropParagraphs(&draft, keeping: 0.8, total: total, maximum: .max, random: &random)
        case .reorder: draft.paragraphs = [draft.paragraphs[0]] + draft.paragraphs.dropFirst().shuffled(using: &random)
        case .sentenceEdits: editSentences(&draft, words: 0, count: 2, random: &random)
        case .reflow: reflow = true
        case .combined:
            rewriteHeadline(&draft, random: &random)
            dropParagraphs(&draft, keeping: 0.85, total: total, maximum: 1, random: &random)
            editSentences(&draft, words: 0, count: 1, random: &random)
            addSentence(&draft, from: index, random: &random)
            wrapInSeedBoilerplate(&draft, random: &random)
        case .truncateToSeventy: truncate(&draft, keeping: 0.7, total: total)
        case .rewriteThirty: editSentences(&draft, words: total * 3 / 10, count: .max, random: &random)
        case .heavyCombined:
            rewriteHeadline(&draft, random: &random)
            dropParagraphs(&draft, keeping: 0.87, total: total, maximum: .max, random: &random)
            editSentences(&draft, words: total / 8, count: .max, random: &random)
        }
        let kept = Double(total - draft.changedWords - draft.droppedWords) / Double(total)
        return Variant(kind: kind, original: index, kept: kept, text: render(draft, reflow: reflow))
    }

    // MARK: Edits

    private static let headlineEndings = [
        "as talks continue", "say reports", "- latest", "in surprise move", "amid growing concern",
        "after weeks of speculation", "experts warn", "sources say",
    ]

    private func rewriteHeadline(_ draft: inout Draft, random: inout EvalRandom) {
        var words = draft.title.split(separator: " ").map(String.init)
        let before = words.count
        if words.count > 3 { words.remove(at: Int.random(in: 0..<words.count, using: &random)) }
        let ending = Self.headlineEndings.randomElement(using: &random)!
        draft.title = (words + [ending]).joined(separator: " ")
        draft.changedWords += before
    }

    private static let seedAuthors = ["Tom Sanders", "Staff reporter", "Jane Doe", "News desk"]
    private static let credits = ["Metro", "Getty Images", "Reuters", "AP", "PA"]

    private func wrapInSeedBoilerplate(_ draft: inout Draft, random: inout EvalRandom) {
        draft.header = [draft.title, "Share:", draft.title]
        draft.header.append("Author: \(Self.seedAuthors.randomElement(using: &random)!)")
        draft.header.append("Published: Feb, \(Int.random(in: 1...28, using: &random)) 2025 19:01")
        if Bool.random(using: &random) {
            draft.paragraphs[0] =
                "To view this video please enable JavaScript, and consider upgrading to a web browser "
                + "that supports HTML5 video. Up Next. " + draft.paragraphs[0]
        }
        draft.paragraphs.insert("Image Credit: \(Self.credits.randomElement(using: &random)!)", at: 1)
        let last = draft.paragraphs.count - 1
        draft.paragraphs[last] +=
            " Get in touch with our news team by emailing us at webnews@metro.co.uk. "
            + "For more stories like this, check our news page."
        draft.footer = ["Share:", "More for You", "Top Followed"]
        if Bool.random(using: &random) {
            draft.footer.append("Yorumunuz başarıyla alındı, inceleme ardından en kısa sürede yayına alınacaktır.")
        }
    }

    /// Site furniture that is not in the standard boilerplate list.
    static let unlistedFurniture = [
        "Listen to this article", "Sign in to your account to save articles for later.",
        "Download our free app for breaking news alerts.", "This article is more than 20 years old",
        "Support independent journalism: become a member today.", "Our journalists fact-check every story.",
        "Report an error", "Join the conversation",
    ]

    private func wrapInUnlistedBoilerplate(_ draft: inout Draft, random: inout EvalRandom) {
        let furniture = Self.unlistedFurniture.shuffled(using: &random)
        draft.header = [furniture[0], furniture[1]]
        draft.footer = [furniture[2], furniture[3], furniture[4]]
    }

    private func addSentence(_ draft: inout Draft, from index: Int, random: inout EvalRandom) {
        let category = articles[index].category
        let donor = articles.indices.filter { articles[$0].category != category }.randomElement(using: &random)!
        let sentences = Self.sentences(articles[donor].parsed.paragraphs.randomElement(using: &random)!)
        let sentence = sentences.randomElement(using: &random)!
        let target = Int.random(in: 0..<draft.paragraphs.count, using: &random)
        draft.paragraphs[target] += " " + sentence
    }

    private func dropParagraphs(
        _ draft: inout Draft, keeping share: Double, total: Int, maximum: Int, random: inout EvalRandom
    ) {
        var candidates = Array(1..<draft.paragraphs.count).shuffled(using: &random)
        var dropped: Set<Int> = []
        while dropped.count < maximum, let next = candidates.popLast() {
            let words = Self.words(draft.paragraphs[next])
            if Double(total - draft.droppedWords - draft.changedWords - words) < share * Double(total) { continue }
            dropped.insert(next)
            draft.droppedWords += words
        }
        draft.paragraphs = draft.paragraphs.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
    }

    private static let replacementWords = [
        "reportedly", "new", "major", "several", "officials", "local", "recent", "key",
    ]

    /// Edits whole sentences until `count` sentences or `words` words have been edited.
    private func editSentences(_ draft: inout Draft, words target: Int, count: Int, random: inout EvalRandom) {
        var edited = 0
        var editedWords = 0
        var order = Array(draft.paragraphs.indices).shuffled(using: &random)
        while let paragraph = order.popLast(), edited < count, target == 0 || editedWords < target {
            var sentences = Self.sentences(draft.paragraphs[paragraph])
            let choice = Int.random(in: 0..<sentences.count, using: &random)
            var words = sentences[choice].split(separator: " ").map(String.init)
            guard words.count >= 4 else { continue }
            editedWords += words.count
            draft.changedWords += words.count
            for position in stride(from: 1, to: words.count, by: 3) {
                words[position] = Self.replacementWords.randomElement(using: &random)!
            }
            words.insert(Self.replacementWords.randomElement(using: &random)!, at: 1)
            sentences[choice] = words.joined(separator: " ")
            draft.paragraphs[paragraph] = sentences.joined(separator: " ")
            edited += 1
            if target > 0 && editedWords < target && order.isEmpty {
                order = Array(draft.paragraphs.indices).shuffled(using: &random)
            }
        }
    }

    private func truncate(_ draft: inout Draft, keeping share: Double, total: Int) {
        var kept = Self.words(draft.title)
        var count = 0
        for paragraph in draft.paragraphs {
            if Double(kept) >= share * Double(total) { break }
            kept += Self.words(paragraph)
            count += 1
        }
        draft.droppedWords = total - kept
        draft.paragraphs = Array(draft.paragraphs.prefix(count))
    }

    // MARK: Text

    private func render(_ draft: Draft, reflow: Bool) -> String {
        if reflow {
            let body = draft.paragraphs.joined(separator: " ")
            return ([draft.title] + Self.wrap(body, width: 72)).joined(separator: "\n") + "\n"
        }
        let header = draft.header.isEmpty ? [draft.title] : draft.header
        return
            (header.joined(separator: "\n") + "\n\n"
            + (draft.paragraphs + draft.footer).joined(separator: "\n\n") + "\n")
    }

    private static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// The sentences of a paragraph, split after `. ` (good enough for editing).
    static func sentences(_ paragraph: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        for word in paragraph.split(separator: " ") {
            current += current.isEmpty ? String(word) : " " + word
            if word.hasSuffix(".") || word.hasSuffix(".\"") {
                sentences.append(current)
                current = ""
            }
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }

    /// Words as the parser counts them: space-separated tokens.
    static func words(_ text: String) -> Int {
        text.split(separator: " ").count
    }
}
