/// The structure found in an article's text. Best effort: the canonical text always keeps
/// everything, so nothing is lost when parsing guesses wrong.
public struct ParsedArticle: Sendable, Equatable {
    /// The first non-empty line.
    public var title: String
    /// The value of an `Author:` (or `By:`) line near the top, if any.
    public var author: String?
    /// The value of a `Published:` (or `Date:`, `Posted:`) line near the top, if any.
    public var published: PublishedDate?
    /// The body after the title and metadata lines, split into paragraphs, whitespace collapsed.
    public var paragraphs: [String]
    /// The number of words in the paragraphs (tokens holding a letter or digit).
    public var wordCount: Int

    /// Creates a parsed article from its parts.
    public init(title: String, author: String?, published: PublishedDate?, paragraphs: [String], wordCount: Int) {
        self.title = title
        self.author = author
        self.published = published
        self.paragraphs = paragraphs
        self.wordCount = wordCount
    }
}
