import Foundation

/// The documents of the heavy-edit comparison in ingest order: every distinct corpus article (the
/// originals, in corpus order), then the heavy variants of a seeded sample of them, shuffled with
/// the same seed. Both newsdrop and datasketch see exactly these texts in this order.
struct HeavySet {
    /// One document: its text as a file holds it, its story and, for a variant, what it was made from.
    struct Document {
        /// The text as a file holds it.
        let text: String
        /// The story (cluster of the labelled natural duplicates) it tells.
        let story: Int
        /// For a variant: the corpus index of its original and its kind.
        let original: Int?
        /// For a variant: the edit that made it.
        let kind: HeavyEditKind?
    }

    /// Originals of the sample and the seed of every draw: fixed, so every run compares the same set.
    static let sampleSize = 60
    static let seed: UInt64 = 0x4845_4156_5917

    /// Originals, then variants: the ingest order.
    let documents: [Document]
    /// The number of originals (documents before this index are the corpus articles).
    let originalCount: Int
    /// The sampled originals' corpus indices.
    let sample: [Int]

    /// Builds the set.
    ///
    /// - Parameters:
    ///   - articles: the distinct corpus articles.
    ///   - corpus: the corpus folder (their files are read again for their exact text).
    ///   - stories: the story of each corpus article (natural duplicates share one).
    /// - Throws: when a corpus file cannot be read.
    init(articles: [CorpusArticle], corpus: URL, stories: [Int]) throws {
        var documents = try articles.indices.map { index in
            let data = try Data(contentsOf: corpus.appendingPathComponent(articles[index].path))
            return Document(
                text: String(decoding: data, as: UTF8.self), story: stories[index], original: nil, kind: nil)
        }
        let maker = HeavyVariantMaker(articles: articles)
        sample = maker.sample(count: Self.sampleSize, seed: Self.seed)
        var random = EvalRandom(seed: Self.seed)
        for variant in maker.variants(of: sample, seed: Self.seed).shuffled(using: &random) {
            documents.append(
                Document(
                    text: variant.text, story: stories[variant.original], original: variant.original,
                    kind: variant.kind))
        }
        self.documents = documents
        originalCount = articles.count
    }

    /// The variants' document indices.
    var variantIndices: Range<Int> { originalCount..<documents.count }
}
