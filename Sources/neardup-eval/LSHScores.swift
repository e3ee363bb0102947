import NearDuplicates

/// What one (bands, rows) choice does at a threshold: which positives become candidates, how many
/// negative pairs become (false) candidates, and how that compares with `1 - (1 - s^r)^b`.
struct LSHScores {
    let parameters: NearDuplicateParameters
    /// Recall of all labelled positives: candidate and Jaccard ≥ threshold.
    let recall: Double
    /// Recall of the variants keeping ≥ 80% of the text.
    let recallKeptEighty: Double
    /// Recall of the corpus's natural pairs.
    let recallNatural: Double
    /// Recall of all labelled positives when candidates are also screened by their sketches, as the
    /// store does: candidate, sketch estimate ≥ threshold − `sketchMargin`, and Jaccard ≥ threshold.
    let recallScreened: Double
    /// The positives a true candidate above the threshold lost to the sketch screening.
    let screenedOut: Int
    /// Precision: negatives linked are candidates with Jaccard ≥ threshold.
    let precision: Double
    /// The share of all negative pairs that share a band key.
    let falseCandidateRate: Double
    /// Among positives with Jaccard ≥ threshold: the observed share that are candidates, and the
    /// share `candidateProbability` predicts.
    let observedCandidateRate: Double
    let predictedCandidateRate: Double
    /// The most documents that hold one key in one band.
    let largestBucket: Int

    /// Scores one LSH configuration.
    ///
    /// - Parameters:
    ///   - set: the labelled set.
    ///   - scores: the exact scores of the same feature setting.
    ///   - parameters: the setting with the bands and rows to try.
    init(set: LabelledSet, scores: SettingScores, parameters: NearDuplicateParameters) {
        self.parameters = parameters
        let fingerprinter = Fingerprinter(parameters: parameters)
        let fingerprints = set.documents.map { fingerprinter.fingerprint(title: $0.title, paragraphs: $0.paragraphs) }
        let keys = fingerprints.map(\.bandKeys)
        let threshold = parameters.threshold
        var found = 0
        var eighty = 0
        var eightyFound = 0
        var natural = 0
        var naturalFound = 0
        var above = 0
        var aboveCandidates = 0
        var predicted = 0.0
        var screened = 0
        for (positive, similarity) in zip(set.positives, scores.positiveSimilarity) {
            let candidate = zip(keys[positive.a], keys[positive.b]).contains { $0 == $1 }
            if similarity >= threshold {
                above += 1
                predicted += parameters.candidateProbability(similarity: similarity)
                if candidate { aboveCandidates += 1 }
            }
            let hit = candidate && similarity >= threshold
            if hit { found += 1 }
            if hit,
                Similarity.estimate(fingerprints[positive.a].sketch, fingerprints[positive.b].sketch) < threshold
                    - parameters.sketchMargin
            {
                screened += 1
            }
            if positive.kind == nil {
                natural += 1
                if hit { naturalFound += 1 }
            } else if positive.kept >= 0.8 {
                eighty += 1
                if hit { eightyFound += 1 }
            }
        }
        let falsePositives = scores.negatives.count { pair in
            pair.jaccard >= threshold && zip(keys[pair.a], keys[pair.b]).contains { $0 == $1 }
        }
        var candidates = Set<Int>()
        var largestBucket = 0
        for band in 0..<parameters.bands {
            var buckets: [UInt32: [Int]] = [:]
            for (document, documentKeys) in keys.enumerated() where !documentKeys.isEmpty {
                buckets[documentKeys[band], default: []].append(document)
            }
            largestBucket = max(largestBucket, buckets.values.map(\.count).max() ?? 0)
            for members in buckets.values where members.count > 1 {
                for i in members.indices {
                    for j in members.indices where j > i && set.isNegative(members[i], members[j]) {
                        candidates.insert(members[i] * keys.count + members[j])
                    }
                }
            }
        }
        self.largestBucket = largestBucket
        recall = Double(found) / Double(set.positives.count)
        recallKeptEighty = Double(eightyFound) / Double(max(eighty, 1))
        recallNatural = Double(naturalFound) / Double(max(natural, 1))
        recallScreened = Double(found - screened) / Double(set.positives.count)
        screenedOut = screened
        precision = found + falsePositives == 0 ? 1 : Double(found) / Double(found + falsePositives)
        falseCandidateRate = Double(candidates.count) / Double(set.negativePairCount)
        observedCandidateRate = Double(aboveCandidates) / Double(max(above, 1))
        predictedCandidateRate = predicted / Double(max(above, 1))
    }
}
