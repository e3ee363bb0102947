import Articles
import NearDuplicates

/// The documents of the evaluation — every distinct corpus article plus the derived variants of a
/// sample — with the stories they tell (clusters) and the labelled positive pairs.
struct LabelledSet {
    /// A document: a title and paragraphs, as the parser found them.
    struct Document {
        let title: String
        let paragraphs: [String]
        /// The index of the story (cluster) it belongs to.
        let cluster: Int
    }

    /// A pair that must be detected.
    struct Positive {
        let a: Int
        let b: Int
        /// The edit kind, or `nil` for a natural pair of the corpus.
        let kind: EditKind?
        /// The share of the original kept, 1 for natural pairs (not targeted by share).
        let kept: Double
    }

    /// Originals first (index = corpus index), then variants.
    let documents: [Document]
    /// Variant–original pairs and the labelled natural duplicates.
    let positives: [Positive]
    /// Pairs of documents from different clusters: the negatives.
    let negativePairCount: Int

    /// Builds the set.
    ///
    /// - Parameters:
    ///   - articles: the distinct corpus articles.
    ///   - naturalDuplicates: corpus index pairs labelled duplicate.
    ///   - variants: the derived variants.
    init(articles: [CorpusArticle], naturalDuplicates: [(Int, Int)], variants: [Variant]) {
        var clusters = UnionFind(0..<articles.count)
        for (a, b) in naturalDuplicates { clusters.union(a, b) }
        var documents = articles.indices.map {
            Document(
                title: articles[$0].parsed.title, paragraphs: articles[$0].parsed.paragraphs, cluster: clusters.find($0)
            )
        }
        var positives = naturalDuplicates.map { Positive(a: $0.0, b: $0.1, kind: nil, kept: 1) }
        for variant in variants {
            let parsed = ArticleParser.parse(try! ArticleDecoder().decode(Array(variant.text.utf8)))
            positives.append(Positive(a: variant.original, b: documents.count, kind: variant.kind, kept: variant.kept))
            documents.append(
                Document(title: parsed.title, paragraphs: parsed.paragraphs, cluster: clusters.find(variant.original)))
        }
        self.documents = documents
        self.positives = positives
        var sizes: [Int: Int] = [:]
        for document in documents { sizes[document.cluster, default: 0] += 1 }
        let all = documents.count * (documents.count - 1) / 2
        negativePairCount = all - sizes.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
    }

    /// Whether two documents tell different stories.
    ///
    /// - Parameters:
    ///   - a: a document index.
    ///   - b: another.
    /// - Returns: `true` for a negative pair.
    func isNegative(_ a: Int, _ b: Int) -> Bool {
        documents[a].cluster != documents[b].cluster
    }
}
