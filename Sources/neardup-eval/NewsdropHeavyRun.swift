import ArticleStore
import Articles
import Foundation
import SystemPackage

/// newsdrop on the heavy set: the documents ingested in order into a fresh `FileArticleStore` with
/// near-duplicate detection at one threshold, in batches of 256 as the pipeline commits them
/// (read and parse, fingerprint, match against the index, commit), timing the near-duplicate part.
struct NewsdropHeavyRun {
    /// (newer, older) document pairs the store linked.
    let links: [(Int, Int)]
    /// Fingerprinting and matching (index lookups, sketch screening, exact confirmation), µs per document.
    let nearDuplicateMicros: Double
    /// Everything: reading the text, fingerprinting, matching, committing, µs per document.
    let ingestMicros: Double
    /// The index's layout at this threshold, as the store chose it.
    let layout: String

    /// Documents per batch, as `batch_size` defaults.
    static let batchSize = 256

    /// Ingests every document into a new store under `folder` and collects its links.
    ///
    /// - Throws: when the store cannot be written or a text is not an article.
    init(set: HeavySet, threshold: Double, folder: URL) throws {
        let clock = ContinuousClock()
        let root = folder.appendingPathComponent("store-\(Int((threshold * 100).rounded()))")
        try? FileManager.default.removeItem(at: root)
        defer { try? FileManager.default.removeItem(at: root) }
        var nearDuplicateTime = Duration.zero
        let started = clock.now
        let store = try FileArticleStore.open(
            at: FilePath(root.path), create: true,
            nearDuplicates: NearDuplicateSettings(policy: .keep, threshold: threshold))
        guard let matcher = store.nearDuplicates else { fatalError("near-duplicate detection is off") }
        layout = "\(matcher.fingerprinter.parameters.bands)×\(matcher.fingerprinter.parameters.rows)"
        var document: [ContentID: Int] = [:]
        var links: [(Int, Int)] = []
        for start in stride(from: 0, to: set.documents.count, by: Self.batchSize) {
            let range = start..<min(start + Self.batchSize, set.documents.count)
            var submissions = try range.map { index in
                let text = set.documents[index].text
                let article = try Article(bytes: Array(text.utf8))
                document[article.id] = index
                return Submission(
                    .article(article),
                    source: SourceFile(
                        key: FileArticleStore.randomToken(), file: "\(index).txt", path: "/eval/\(index).txt",
                        size: text.utf8.count, host: "eval", via: "neardup-eval"))
            }
            let nearStart = clock.now
            for position in submissions.indices {
                guard case .article(let article) = submissions[position].content else { continue }
                submissions[position].fingerprint = store.fingerprint(article)
            }
            try store.matchNearDuplicates(&submissions)
            nearDuplicateTime += clock.now - nearStart
            for result in store.commit(submissions) {
                guard case .nearDuplicate(let id, let matches) = try result.get(), let newer = document[id] else {
                    continue
                }
                for match in matches {
                    if let older = document[match.id] { links.append((newer, older)) }
                }
            }
        }
        let count = Double(set.documents.count)
        ingestMicros = Self.micros(clock.now - started) / count
        nearDuplicateMicros = Self.micros(nearDuplicateTime) / count
        self.links = links
    }

    private static func micros(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) * 1e-12
    }
}
