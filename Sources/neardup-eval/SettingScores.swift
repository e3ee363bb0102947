import NearDuplicates

/// Exact-Jaccard scores of one feature setting (shingle width, title, boilerplate filter) on the
/// labelled set: the similarity of every positive pair and of every negative pair above the floor.
struct SettingScores {
    /// Precision and recall at one threshold.
    struct Metrics {
        let threshold: Double
        let precision: Double
        let recall: Double
        let recallKeptEighty: Double
        let recallNatural: Double
        let falsePositives: Int
    }

    /// The negatives' floor: pairs below it count as rejected at every threshold reported.
    static let floor = 0.25

    let parameters: NearDuplicateParameters
    let shingles: [[UInt64]]
    /// The exact Jaccard similarity of each positive, in `LabelledSet.positives` order.
    let positiveSimilarity: [Double]
    /// Negative pairs with Jaccard ≥ `floor`, most similar first.
    let negatives: [PairFinder.Pair]
    private let set: LabelledSet

    /// Scores a setting.
    ///
    /// - Parameters:
    ///   - set: the labelled set.
    ///   - parameters: shingle width and title use (bands and rows are not used here).
    ///   - boilerplate: the filter.
    init(set: LabelledSet, parameters: NearDuplicateParameters, boilerplate: BoilerplateFilter = .standard) {
        self.set = set
        self.parameters = parameters
        var screening = parameters
        (screening.bands, screening.rows) = (128, 1)
        let screener = Fingerprinter(parameters: screening, boilerplate: boilerplate)
        var shingles: [[UInt64]] = []
        var signatures: [[UInt32]] = []
        for document in set.documents {
            let print = screener.fingerprint(title: document.title, paragraphs: document.paragraphs)
            shingles.append(print.shingles)
            signatures.append(print.bandKeys.isEmpty ? Array(repeating: 0, count: 128) : print.bandKeys)
        }
        self.shingles = shingles
        positiveSimilarity = set.positives.map { Similarity.jaccard(shingles[$0.a], shingles[$0.b]) }
        negatives = PairFinder.pairs(shingles: shingles, signatures: signatures, floor: Self.floor)
            .filter { set.isNegative($0.a, $0.b) }
    }

    /// Precision and recall when pairs with Jaccard ≥ `threshold` are linked (no LSH: every pair compared).
    ///
    /// - Parameter threshold: at least `floor`.
    /// - Returns: the metrics.
    func metrics(at threshold: Double) -> Metrics {
        var found = 0
        var eighty = 0
        var eightyFound = 0
        var natural = 0
        var naturalFound = 0
        for (positive, similarity) in zip(set.positives, positiveSimilarity) {
            let hit = similarity >= threshold
            if hit { found += 1 }
            if positive.kind == nil {
                natural += 1
                if hit { naturalFound += 1 }
            } else if positive.kept >= 0.8 {
                eighty += 1
                if hit { eightyFound += 1 }
            }
        }
        let falsePositives = negatives.count { $0.jaccard >= threshold }
        return Metrics(
            threshold: threshold,
            precision: found + falsePositives == 0 ? 1 : Double(found) / Double(found + falsePositives),
            recall: Double(found) / Double(set.positives.count),
            recallKeptEighty: Double(eightyFound) / Double(max(eighty, 1)),
            recallNatural: Double(naturalFound) / Double(max(natural, 1)),
            falsePositives: falsePositives
        )
    }
}
