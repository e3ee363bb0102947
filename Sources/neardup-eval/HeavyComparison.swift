import Foundation
import NearDuplicates

/// The heavy-edit comparison: newsdrop's store and datasketch's `MinHashLSH` on the same documents
/// (`HeavySet`), in the same order, at the same thresholds; prints both curves, recall per kind
/// and both per-document costs, and whether newsdrop meets its targets.
enum HeavyComparison {
    /// The thresholds compared.
    static let thresholds = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]

    /// Runs both sides and prints the report.
    ///
    /// - Parameters:
    ///   - articles: the distinct corpus articles.
    ///   - corpus: the corpus folder.
    ///   - stories: each article's story.
    ///   - datasketchScript: the script's path, or `nil` to leave datasketch out.
    ///   - writeTo: a folder to write the variants into as files (`<document>-<original>-<kind>.txt`).
    /// - Returns: whether every target was met (`false` also when datasketch did not run).
    /// - Throws: when a side cannot run.
    static func run(
        articles: [CorpusArticle], corpus: URL, stories: [Int], datasketchScript: String?, writeTo: String? = nil
    ) throws -> Bool {
        let set = try HeavySet(articles: articles, corpus: corpus, stories: stories)
        if let writeTo {
            try FileManager.default.createDirectory(atPath: writeTo, withIntermediateDirectories: true)
            for index in set.variantIndices {
                let document = set.documents[index]
                let name = "\(index)-\(articles[document.original!].path.replacingOccurrences(of: "/", with: "-"))"
                try document.text.write(
                    toFile: "\(writeTo)/\(name)-\(document.kind!.rawValue).txt", atomically: false, encoding: .utf8)
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "neardup-eval-\(UInt64.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        print(
            "\n== heavy edits: \(set.sample.count) originals × \(HeavyEditKind.allCases.count) kinds = "
                + "\(set.variantIndices.count) variants (seed \(String(HeavySet.seed, radix: 16))), ingested after all "
                + "\(set.originalCount) corpus articles; a link counts when it joins a variant to its own original")
        printSimilarities(set)
        let newsdrop = try thresholds.map { try NewsdropHeavyRun(set: set, threshold: $0, folder: folder) }
        var datasketch: [DatasketchRun.Result]?
        if let datasketchScript {
            datasketch = try DatasketchRun(script: datasketchScript, set: set, thresholds: thresholds, folder: folder)
                .results
        }
        let ours = newsdrop.map { HeavyScores(links: $0.links, set: set) }
        let theirs = datasketch?.map { HeavyScores(links: $0.links, set: set) }
        print(
            "  newsdrop: its store, word 2-shingles minus boilerplate, exact Jaccard; µs = fingerprint + match per document. "
                + "datasketch: MinHashLSH, \(DatasketchRun.permutations) perms, word \(DatasketchRun.shingleWords)-shingles, "
                + "candidates verified by estimate; µs = MinHash, query, verify, insert per document.")
        print(
            "  | threshold | newsdrop bands×rows | recall / precision / F1 | µs | datasketch b×r | recall / precision / F1 | µs | target |"
        )
        print("  |---:|---:|---|---:|---:|---|---:|---|")
        var met = theirs != nil
        for (number, threshold) in thresholds.enumerated() {
            let mine = ours[number]
            var line =
                "  | \(format(threshold, 1)) | \(newsdrop[number].layout) | "
                + "\(format(mine.recall)) / \(format(mine.precision)) / \(format(mine.f1)) | "
                + "\(format(newsdrop[number].nearDuplicateMicros, 0)) | "
            if let theirs, let datasketch {
                let other = theirs[number]
                line +=
                    "\(datasketch[number].bands)×\(datasketch[number].rows) | "
                    + "\(format(other.recall)) / \(format(other.precision)) / \(format(other.f1)) | "
                    + "\(format(datasketch[number].micros, 0)) | "
                let pass = mine.f1 >= other.f1 && mine.precision >= 0.97
                met = met && pass
                line += pass ? "met |" : "**missed** |"
            } else {
                line += "– | – | – | – |"
            }
            print(line)
        }
        print("  variants linked to their own original, per kind (newsdrop / datasketch); false links:")
        print(
            "  \(pad("threshold", 10))" + HeavyEditKind.allCases.map { lpad($0.rawValue, 20) }.joined()
                + lpad("false", 12))
        for (number, threshold) in thresholds.enumerated() {
            let cells = HeavyEditKind.allCases.map { kind in
                let mine = ours[number].found[kind, default: 0]
                let other = theirs.map { String($0[number].found[kind, default: 0]) } ?? "–"
                return lpad("\(mine) / \(other)", 20)
            }
            let falseLinks = "\(ours[number].falseLinks) / \(theirs.map { String($0[number].falseLinks) } ?? "–")"
            print("  \(pad(format(threshold, 1), 10))" + cells.joined() + lpad(falseLinks, 12))
        }
        printFalseLinks(ours, set: set)
        let ingest = newsdrop.map(\.ingestMicros).sorted()[newsdrop.count / 2]
        let near = newsdrop.map(\.nearDuplicateMicros).sorted()[newsdrop.count / 2]
        print(
            "  cost per document (median over the thresholds): newsdrop near-duplicate work (fingerprint + match) "
                + "\(format(near, 1)) µs, whole ingest into the store (read, parse, fingerprint, match, commit) \(format(ingest, 1)) µs"
                + (datasketch.map { runs in
                    "; datasketch near-duplicate work (MinHash, query, verify, insert) "
                        + "\(format(runs.map(\.micros).sorted()[runs.count / 2], 1)) µs"
                } ?? "; datasketch not run"))
        print(
            "  target: at every threshold newsdrop F1 ≥ datasketch F1 and precision ≥ 0.97: \(met ? "met" : "NOT met")")
        return met
    }

    /// newsdrop's false links with their similarity, and how close page furniture alone brings two
    /// wrapped variants of different stories.
    private static func printFalseLinks(_ scores: [HeavyScores], set: HeavySet) {
        let printer = Fingerprinter()
        var shingles: [Int: [UInt64]] = [:]
        func features(_ index: Int) -> [UInt64] {
            if let known = shingles[index] { return known }
            let article = try! CorpusArticle.parse(set.documents[index].text)
            let made = printer.shingles(title: article.title, paragraphs: article.paragraphs)
            shingles[index] = made
            return made
        }
        for (number, threshold) in thresholds.enumerated() where !scores[number].falseLinkPairs.isEmpty {
            let links = scores[number].falseLinkPairs.map { variant, other in
                "\(set.documents[variant].kind!.rawValue) → \(set.documents[other].kind?.rawValue ?? "original") "
                    + format(Similarity.jaccard(features(variant), features(other)), 2)
            }
            print("  newsdrop's false links at \(format(threshold, 1)): \(links.joined(separator: ", "))")
        }
        let wrapped = set.variantIndices.filter { [.wireRewrite, .firstHalf].contains(set.documents[$0].kind) }
        var closest = 0.0
        for (position, a) in wrapped.enumerated() {
            for b in wrapped[(position + 1)...] where set.documents[a].story != set.documents[b].story {
                closest = max(closest, Similarity.jaccard(features(a), features(b)))
            }
        }
        print(
            "  furniture: the highest similarity (newsdrop's features) between two variants of different stories "
                + "wrapped in outlet furniture is \(format(closest)) (\(wrapped.count) wrapped variants)")
    }

    /// Each kind's similarity to its original: word 3-shingles of the whole text (no boilerplate
    /// filter, as datasketch sees it) and newsdrop's features.
    private static func printSimilarities(_ set: HeavySet) {
        var raw = NearDuplicateParameters.standard
        raw.shingleWords = 3
        let rawPrinter = Fingerprinter(parameters: raw, boilerplate: .none)
        let ownPrinter = Fingerprinter()
        func shingles(_ printer: Fingerprinter, _ index: Int) -> [UInt64] {
            let article = try! CorpusArticle.parse(set.documents[index].text)
            return printer.shingles(title: article.title, paragraphs: article.paragraphs)
        }
        print(
            "  \(pad("kind", 20)) word-3-shingle Jaccard (raw text)  newsdrop's features (2-shingles, boilerplate out)")
        print(
            "  \(pad("", 20)) \(lpad("min", 7)) \(lpad("median", 7)) \(lpad("max", 7))       \(lpad("min", 7)) "
                + "\(lpad("median", 7)) \(lpad("max", 7))")
        var all: [(Double, Double)] = []
        for kind in HeavyEditKind.allCases {
            let pairs = set.variantIndices.filter { set.documents[$0].kind == kind }.map { index in
                let original = set.documents[index].original!
                return (
                    Similarity.jaccard(shingles(rawPrinter, index), shingles(rawPrinter, original)),
                    Similarity.jaccard(shingles(ownPrinter, index), shingles(ownPrinter, original))
                )
            }
            all += pairs
            printRow(kind.rawValue, pairs)
        }
        printRow("all", all)
    }

    private static func printRow(_ label: String, _ pairs: [(Double, Double)]) {
        let raw = pairs.map(\.0).sorted()
        let own = pairs.map(\.1).sorted()
        print(
            "  \(pad(label, 20)) \(lpad(format(raw[0]), 7)) \(lpad(format(raw[raw.count / 2]), 7)) "
                + "\(lpad(format(raw[raw.count - 1]), 7))       \(lpad(format(own[0]), 7)) "
                + "\(lpad(format(own[own.count / 2]), 7)) \(lpad(format(own[own.count - 1]), 7))")
    }
}
