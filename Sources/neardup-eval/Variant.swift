/// A derived near-duplicate of a corpus article.
struct Variant {
    /// What was done to the original.
    let kind: EditKind
    /// The index of the original in the corpus article list.
    let original: Int
    /// The share of the original's words (title and body) kept unchanged, 0...1.
    let kept: Double
    /// The variant as a plain-text file, parsed by the ingest pipeline's parser.
    let text: String
}
