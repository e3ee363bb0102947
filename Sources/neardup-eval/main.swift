// The labelled near-duplicate evaluation: corpus natural pairs (hand-labelled), derived variants of
// real articles, precision and recall per threshold, per edit kind and per (bands, rows), timings.
// Usage: neardup-eval CORPUS_FOLDER LABELS_JSON [--datasketch SCRIPT] [--heavy-only] [--write-heavy FOLDER]
//   --datasketch SCRIPT  run datasketch's MinHashLSH (Scripts/eval-near-dup-datasketch.py) beside newsdrop
//                        on the heavy edits
//   --heavy-only         only the heavy-edit comparison (after the natural pairs, which give its stories)
//   --write-heavy FOLDER write the heavy variants there as files, to read them
import Foundation
import NearDuplicates

var arguments = CommandLine.arguments
let heavyOnly = arguments.contains("--heavy-only")
arguments.removeAll { $0 == "--heavy-only" }
var datasketchScript: String?
if let flag = arguments.firstIndex(of: "--datasketch"), flag + 1 < arguments.count {
    datasketchScript = arguments[flag + 1]
    arguments.removeSubrange(flag...(flag + 1))
}
var heavyFolder: String?
if let flag = arguments.firstIndex(of: "--write-heavy"), flag + 1 < arguments.count {
    heavyFolder = arguments[flag + 1]
    arguments.removeSubrange(flag...(flag + 1))
}
guard arguments.count == 3 else {
    print("usage: neardup-eval CORPUS_FOLDER LABELS_JSON [--datasketch SCRIPT] [--heavy-only] [--write-heavy FOLDER]")
    exit(64)
}
let corpusURL = URL(fileURLWithPath: arguments[1])
let labels = try NaturalPairLabels.load(URL(fileURLWithPath: arguments[2]))
let clock = ContinuousClock()
let started = clock.now

func format(_ value: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", value) }
func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
func lpad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

let standard = NearDuplicateParameters.standard
let articles = try CorpusArticle.load(from: corpusURL)
print("== corpus: \(corpusURL.path)")
print("\(articles.count) distinct texts (\(articles.reduce(0) { $0 + $1.copies.count }) exact copies set aside)")

// MARK: Natural pairs

print(
    "\n== natural pairs: exact Jaccard over all \(articles.count * (articles.count - 1) / 2) pairs, "
        + "word \(standard.shingleWords)-grams, ≥ 0.20, with their hand labels")
let standardPrinter = Fingerprinter(parameters: standard)
let corpusShingles = articles.map { standardPrinter.shingles(title: $0.parsed.title, paragraphs: $0.parsed.paragraphs) }
let naturalPairs = PairFinder.exhaustivePairs(shingles: corpusShingles, floor: 0.2)
var naturalDuplicates: [(Int, Int)] = []
var unlabelled: [PairFinder.Pair] = []
for pair in naturalPairs {
    let (a, b) = (articles[pair.a].path, articles[pair.b].path)
    let verdict = labels.verdict(a, b)
    switch verdict {
    case true?: naturalDuplicates.append((pair.a, pair.b))
    case nil: unlabelled.append(pair)
    case false?: break
    }
    let label = verdict.map { $0 ? "duplicate" : "distinct" } ?? "UNLABELLED"
    print("  \(format(pair.jaccard))  \(pad(a, 20)) \(pad(b, 20)) \(label)")
}
let labelledDistinct = naturalPairs.count - naturalDuplicates.count - unlabelled.count
print(
    "\(naturalPairs.count) pairs: \(naturalDuplicates.count) duplicate, \(labelledDistinct) distinct, "
        + "\(unlabelled.count) unlabelled (treated as distinct)")
let lowestDuplicate =
    naturalPairs.filter { labels.verdict(articles[$0.a].path, articles[$0.b].path) == true }.map(\.jaccard).min() ?? 0
let highestDistinct =
    naturalPairs.filter { labels.verdict(articles[$0.a].path, articles[$0.b].path) == false }.map(\.jaccard).max() ?? 0
print("lowest duplicate \(format(lowestDuplicate)), highest distinct \(format(highestDistinct))")

/// Each corpus article's story: natural duplicates share one.
@MainActor func naturalStories() -> [Int] {
    var stories = UnionFind(0..<articles.count)
    for (a, b) in naturalDuplicates { stories.union(a, b) }
    return articles.indices.map { stories.find($0) }
}
if heavyOnly {
    _ = try HeavyComparison.run(
        articles: articles, corpus: corpusURL, stories: naturalStories(), datasketchScript: datasketchScript,
        writeTo: heavyFolder)
    print("\n(\(format(seconds(clock.now - started), 1)) s)")
    exit(0)
}

// MARK: Labelled set

let maker = VariantMaker(articles: articles)
let sample = Array(stride(from: 0, to: articles.count, by: 4))
let variants = sample.flatMap { maker.variants(of: $0) }
let set = LabelledSet(articles: articles, naturalDuplicates: naturalDuplicates, variants: variants)
func name(_ document: Int) -> String {
    document < articles.count
        ? articles[document].path
        : "\(articles[variants[document - articles.count].original].path)~\(variants[document - articles.count].kind.rawValue)"
}
print(
    "\n== labelled set: \(articles.count) originals + \(variants.count) variants of \(sample.count) sampled articles "
        + "(every 4th, ≥ 3 paragraphs)")
print(
    "positives: \(set.positives.count) (\(variants.count) variant–original, \(naturalDuplicates.count) natural); "
        + "negatives: \(set.negativePairCount) pairs of documents from different stories")
print("  \(pad("kind", 22)) \(lpad("pairs", 5)) \(lpad("kept min", 8)) \(lpad("mean", 6)) \(lpad("≥80%", 5))")
for kind in EditKind.allCases {
    let kept = variants.filter { $0.kind == kind }.map(\.kept)
    print(
        "  \(pad(kind.rawValue, 22)) \(lpad(String(kept.count), 5)) \(lpad(format(kept.min() ?? 0, 2), 8)) "
            + "\(lpad(format(kept.reduce(0, +) / Double(max(kept.count, 1)), 2), 6)) \(lpad(String(kept.count { $0 >= 0.8 }), 5))"
    )
}

// MARK: Feature settings

let thresholds = stride(from: 30, through: 90, by: 5).map { Double($0) / 100 }
print("\n== feature settings, exact Jaccard, every pair (no LSH): precision / recall of edits keeping ≥ 80%")
print("  \(pad("setting", 30))" + [0.3, 0.4, 0.5, 0.6, 0.7].map { lpad("t=\(format($0, 1))", 14) }.joined())
var chosenScores: SettingScores?
let settings: [(String, NearDuplicateParameters, BoilerplateFilter)] =
    [1, 2, 3, 4].map { width in
        var parameters = standard
        parameters.shingleWords = width
        return ("\(width)-grams, title", parameters, .standard)
    } + [
        (
            "2-grams, no title",
            {
                var p = standard
                p.shingleWords = 2
                p.includesTitle = false
                return p
            }(), .standard
        ),
        (
            "2-grams, title, no boilerplate",
            {
                var p = standard
                p.shingleWords = 2
                return p
            }(), .none
        ),
    ]
for (label, parameters, filter) in settings {
    let scores = SettingScores(set: set, parameters: parameters, boilerplate: filter)
    if parameters == standard, filter.lines == BoilerplateFilter.standard.lines { chosenScores = scores }
    let cells = [0.3, 0.4, 0.5, 0.6, 0.7].map { scores.metrics(at: $0) }.map {
        lpad("\(format($0.precision)) / \(format($0.recallKeptEighty))", 14)
    }
    print(
        "  \(pad(label + (parameters == standard && filter.lines == BoilerplateFilter.standard.lines ? " *" : ""), 30))"
            + cells.joined())
}
guard let scores = chosenScores else { fatalError("the standard setting was not scored") }

print(
    "\n== threshold curve, standard setting (word \(standard.shingleWords)-grams, title \(standard.includesTitle ? "in" : "out"), "
        + "standard boilerplate), exact Jaccard, every pair")
print("  threshold precision recall  ≥80%   natural  false+")
for metrics in thresholds.map({ scores.metrics(at: $0) }) {
    print(
        "  \(lpad(format(metrics.threshold, 2), 9)) \(lpad(format(metrics.precision), 9)) \(lpad(format(metrics.recall), 6)) "
            + "\(lpad(format(metrics.recallKeptEighty), 6)) \(lpad(format(metrics.recallNatural), 8)) \(lpad(String(metrics.falsePositives), 7))"
    )
}

print("\n== recall per kind of edit (exact Jaccard), standard setting")
let kindThresholds = [0.4, 0.5, 0.6, 0.7]
print(
    "  \(pad("kind", 22)) \(lpad("J min", 6)) \(lpad("J mean", 6))"
        + kindThresholds.map { lpad("t=\(format($0, 1))", 7) }.joined())
for kind in [nil] + EditKind.allCases.map(Optional.some) {
    let similarities = zip(set.positives, scores.positiveSimilarity).filter { $0.0.kind == kind }.map(\.1)
    guard !similarities.isEmpty else { continue }
    let cells = kindThresholds.map { t in
        lpad(format(Double(similarities.count { $0 >= t }) / Double(similarities.count)), 7)
    }
    print(
        "  \(pad(kind?.rawValue ?? "natural (labelled)", 22)) \(lpad(format(similarities.min()!, 2), 6)) "
            + "\(lpad(format(similarities.reduce(0, +) / Double(similarities.count), 2), 6))" + cells.joined())
}
let keptEighty = zip(set.positives, scores.positiveSimilarity).filter { $0.0.kind != nil && $0.0.kept >= 0.8 }
print("  edits keeping ≥ 80%: \(keptEighty.count) pairs, lowest Jaccard \(format(keptEighty.map(\.1).min() ?? 0))")
for (positive, similarity) in keptEighty.sorted(by: { $0.1 < $1.1 }).prefix(4) {
    print("    \(format(similarity))  \(name(positive.b)) kept \(format(positive.kept, 2))")
}
print("  hardest negatives (highest Jaccard between different stories):")
for pair in scores.negatives.prefix(6) {
    print("    \(format(pair.jaccard))  \(name(pair.a))  vs  \(name(pair.b))")
}

// MARK: LSH

print(
    "\n== LSH at threshold \(format(standard.threshold, 2)): recall = candidate (shares a band) and Jaccard ≥ threshold"
)
print(
    "  bands×rows perms keyB  P(t)   P(.8)  recall  ≥80%   natural precision  false-cand.  per 1M  max-bucket  cand. obs/pred"
)
let shapes = [
    (8, 2), (16, 2), (20, 2), (8, 3), (12, 3), (16, 3), (20, 3), (10, 4), (12, 4), (16, 4), (20, 4), (32, 4),
    (16, 5), (20, 5), (32, 5), (20, 6),
]
for (bands, rows) in shapes {
    var parameters = standard
    (parameters.bands, parameters.rows) = (bands, rows)
    let lsh = LSHScores(set: set, scores: scores, parameters: parameters)
    let mark = parameters == standard ? " *" : ""
    print(
        "  \(lpad("\(bands)×\(rows)", 10)) \(lpad(String(bands * rows), 5)) \(lpad(String(bands * 4), 4)) "
            + "\(format(parameters.candidateProbability(similarity: standard.threshold))) "
            + "\(format(parameters.candidateProbability(similarity: 0.8))) \(lpad(format(lsh.recall), 6)) "
            + "\(lpad(format(lsh.recallKeptEighty), 6)) \(lpad(format(lsh.recallNatural), 8)) \(lpad(format(lsh.precision), 9)) "
            + "\(lpad(String(format: "%.2e", lsh.falseCandidateRate), 12)) \(lpad(String(Int((lsh.falseCandidateRate * 1e6).rounded())), 8)) "
            + "\(lpad(String(lsh.largestBucket), 10)) "
            + "  \(format(lsh.observedCandidateRate))/\(format(lsh.predictedCandidateRate))\(mark)")
}
print(
    "  (false-cand. = share of negative pairs sharing a band; per 1M = expected false candidates per lookup in a "
        + "1M-article index, each costing one exact Jaccard; obs/pred = candidate rate of positives above the threshold, "
        + "observed vs 1-(1-s^r)^b; max-bucket = most documents of the \(set.documents.count) holding one band key in one "
        + "band — a key shared by stop-word shingles that an index should cap)")

LayoutTable.print(set: set, scores: scores)

// MARK: Learned boilerplate

print("\n== learned boilerplate (BoilerplateLearner, defaults: ≥ 20 articles and ≥ 0.1%, ≤ 25 words)")
/// Whether a normalised line is furniture the variants inject (standard or unlisted), for the report.
func allLearnedFurniture(_ line: String) -> Bool {
    line.hasPrefix("image credit")
        || VariantMaker.unlistedFurniture.contains { BoilerplateFilter.normalisedSentences(of: [$0]).contains(line) }
}

/// Counts each sentence once per story (cluster), as a store would by counting only articles that are
/// not near-duplicates of one already counted; counting per article instead learns the sentences of
/// every much-republished story.
func learn(_ documents: ArraySlice<LabelledSet.Document>, perStory: Bool = true) -> [String] {
    var sentencesByStory: [Int: Set<String>] = [:]
    for (index, document) in zip(documents.indices, documents) {
        sentencesByStory[perStory ? document.cluster : index, default: []]
            .formUnion(BoilerplateFilter.normalisedSentences(of: document.paragraphs))
    }
    var counts: [String: Int] = [:]
    for sentences in sentencesByStory.values {
        for sentence in sentences { counts[sentence, default: 0] += 1 }
    }
    return BoilerplateLearner.proposeLines(articleCounts: counts, articleCount: sentencesByStory.count)
}
let corpusLearned = learn(set.documents[..<articles.count])
print("corpus alone (\(articles.count) articles): \(corpusLearned.count) lines \(corpusLearned.prefix(5))")
let perArticle = learn(set.documents[...], perStory: false)
print(
    "corpus + variants counted per article (\(set.documents.count) documents): \(perArticle.count) lines, "
        + "\(perArticle.count { !BoilerplateFilter.standard.isBoilerplate($0) && !allLearnedFurniture($0) }) of them article sentences "
        + "of much-varied stories — so count once per story:")
let allLearned = learn(set.documents[...])
print(
    "corpus + variants counted per story (\(Set(set.documents.map(\.cluster)).count) stories): \(allLearned.count) lines"
)
for line in allLearned { print("    \(line)") }
do {
    var learnedScores = 0
    let learnedPrinter = Fingerprinter(parameters: standard, boilerplate: BoilerplateFilter(learnedLines: allLearned))
    var similarities: [Double] = []
    for positive in set.positives where positive.kind == .unlistedBoilerplate {
        let a = set.documents[positive.a]
        let b = set.documents[positive.b]
        let similarity = Similarity.jaccard(
            learnedPrinter.shingles(title: a.title, paragraphs: a.paragraphs),
            learnedPrinter.shingles(title: b.title, paragraphs: b.paragraphs))
        similarities.append(similarity)
        if similarity >= standard.threshold { learnedScores += 1 }
    }
    let before = zip(set.positives, scores.positiveSimilarity).filter { $0.0.kind == .unlistedBoilerplate }.map(\.1)
    print(
        "unlisted-boilerplate pairs: mean Jaccard \(format(before.reduce(0, +) / Double(before.count))) with the standard list, "
            + "\(format(similarities.reduce(0, +) / Double(similarities.count))) with the learned lines added")
}

// MARK: Performance

print("\n== performance (this build), standard parameters")
let fingerprinter = Fingerprinter(parameters: standard)
var rounds: [Double] = []
var sink = 0
for _ in 0..<7 {
    let start = clock.now
    for article in articles {
        sink &+=
            fingerprinter.fingerprint(title: article.parsed.title, paragraphs: article.parsed.paragraphs).bandKeys.count
    }
    rounds.append(seconds(clock.now - start) / Double(articles.count) * 1e6)
}
let bytes = articles.map { $0.parsed.paragraphs.reduce($0.parsed.title.utf8.count) { $0 + $1.utf8.count } }
let fourKB = articles.indices.filter { (3584...4608).contains(bytes[$0]) }
var fourKBRounds: [Double] = []
for _ in 0..<7 {
    let start = clock.now
    for index in fourKB {
        sink &+=
            fingerprinter.fingerprint(
                title: articles[index].parsed.title, paragraphs: articles[index].parsed.paragraphs
            ).bandKeys.count
    }
    fourKBRounds.append(seconds(clock.now - start) / Double(max(fourKB.count, 1)) * 1e6)
}
var shingleRounds: [Double] = []
for _ in 0..<7 {
    let start = clock.now
    for index in fourKB {
        sink &+=
            fingerprinter.shingles(title: articles[index].parsed.title, paragraphs: articles[index].parsed.paragraphs)
            .count
    }
    shingleRounds.append(seconds(clock.now - start) / Double(max(fourKB.count, 1)) * 1e6)
}
let shingleCounts = corpusShingles.map(\.count)
let jaccardStart = clock.now
var jaccardSum = 0.0
for index in 0..<20_000 {
    jaccardSum += Similarity.jaccard(
        corpusShingles[index % articles.count], corpusShingles[(index * 7 + 1) % articles.count])
}
let jaccardMicros = seconds(clock.now - jaccardStart) / 20_000 * 1e6
print(
    "fingerprint: \(format(rounds.sorted()[3], 1)) µs/article (median of 7 rounds over \(articles.count) articles, "
        + "mean \(bytes.reduce(0, +) / bytes.count) bytes); \(format(fourKBRounds.sorted()[3], 1)) µs for the \(fourKB.count) articles of 3.5–4.5 KB "
        + "(tokens, boilerplate and shingles \(format(shingleRounds.sorted()[3], 1)) µs of it)")
print(
    "band keys: \(standard.bands * 4) bytes/article (\(standard.bands) × UInt32); shingles: mean \(shingleCounts.reduce(0, +) / shingleCounts.count) "
        + "(\(shingleCounts.reduce(0, +) / shingleCounts.count * 8) bytes as UInt64), max \(shingleCounts.max() ?? 0)")
print("exact Jaccard confirmation: \(format(jaccardMicros, 2)) µs per pair of articles")

// MARK: Choice

let chosen = scores.metrics(at: standard.threshold)
let chosenLSH = LSHScores(set: set, scores: scores, parameters: standard)
print(
    "\n== chosen: NearDuplicateParameters.standard = word \(standard.shingleWords)-grams, title \(standard.includesTitle ? "included" : "excluded"), "
        + "\(standard.bands) bands × \(standard.rows) rows (\(standard.permutations) permutations), threshold \(format(standard.threshold, 2))"
)
print(
    "exact (every pair): precision \(format(chosen.precision)), recall \(format(chosen.recall)), ≥80% \(format(chosen.recallKeptEighty)), natural \(format(chosen.recallNatural))"
)
print(
    "with LSH:           precision \(format(chosenLSH.precision)), recall \(format(chosenLSH.recall)), ≥80% \(format(chosenLSH.recallKeptEighty)), natural \(format(chosenLSH.recallNatural))"
)
print(
    "with LSH and sketch screening (margin \(format(standard.sketchMargin, 3))): recall \(format(chosenLSH.recallScreened)) "
        + "(\(chosenLSH.screenedOut) true candidates above the threshold screened out)")
let meets = chosenLSH.precision >= 0.99 && chosenLSH.recallKeptEighty >= 0.95
print("target precision ≥ 0.99 and recall ≥ 0.95 on edits keeping ≥ 80%: \(meets ? "met" : "NOT met")")
if !unlabelled.isEmpty {
    print("\nunlabelled corpus pairs (inspect the files, then add them to the labels):")
    for pair in unlabelled {
        print(
            "    {\"a\": \"\(articles[pair.a].path)\", \"b\": \"\(articles[pair.b].path)\", \"label\": \"?\", \"note\": \"J=\(format(pair.jaccard))\"},"
        )
    }
}
_ = try HeavyComparison.run(
    articles: articles, corpus: corpusURL, stories: naturalStories(), datasketchScript: datasketchScript,
    writeTo: heavyFolder)
print("\n(\(format(seconds(clock.now - started), 1)) s; checksum \(sink % 10))")
