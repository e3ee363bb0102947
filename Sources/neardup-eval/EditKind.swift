/// The kinds of derived near-duplicates the evaluation makes from real articles.
enum EditKind: String, CaseIterable {
    /// The headline rewritten, the body untouched.
    case headline
    /// Scraper furniture from the seeds wrapped around the story (title repeated, "Share:", the
    /// video notice, "Image Credit", the Metro footer, the Turkish comment-form line…).
    case boilerplate
    /// Site furniture that is not in the standard list.
    case unlistedBoilerplate = "unlisted-boilerplate"
    /// One sentence from an unrelated article inserted.
    case addSentence = "add-sentence"
    /// One paragraph (not the first) dropped.
    case dropParagraph = "drop-paragraph"
    /// Paragraphs dropped while at least 80% of the words remain.
    case dropToEighty = "drop-to-80%"
    /// The paragraphs after the first shuffled.
    case reorder
    /// Two sentences edited (every third word replaced, a word inserted).
    case sentenceEdits = "sentence-edits"
    /// The text re-wrapped at 72 columns with no blank lines (every line becomes a paragraph).
    case reflow
    /// Headline + boilerplate + a paragraph dropped + a sentence edited + a sentence added.
    case combined
    /// Only the first ~70% of the words kept (below the 80% target: reported, not targeted).
    case truncateToSeventy = "truncate-to-70%"
    /// Sentences holding ~30% of the words edited (below the 80% target).
    case rewriteThirty = "rewrite-30%"
    /// Headline, paragraphs dropped and sentences edited down to ~75% (below the target).
    case heavyCombined = "heavy-combined"
}
