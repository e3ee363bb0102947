import Articles
import DurableFiles
import FoundationEssentials
import NearDuplicateIndex
import NearDuplicates
import Synchronization

/// Finds, for each new article of a batch, the stored articles it is a near-duplicate of: LSH
/// candidates from the store's `NearDuplicateIndex`, screened by the similarity their sketches
/// estimate, and those left confirmed by the exact Jaccard similarity of the shingle sets (the
/// candidate's shingles recomputed from its record).
public final class NearDuplicateMatcher: Sendable {
    /// Policy, threshold, links kept.
    public let settings: NearDuplicateSettings
    /// Makes fingerprints with the standard parameters and boilerplate list.
    public let fingerprinter: Fingerprinter
    /// The store's index.
    public let index: NearDuplicateIndex
    /// Candidates whose sketches are read per article, those sharing the most bands first: four
    /// per band of the layout (64 at the standard 16 bands), so a low threshold's layout — more
    /// bands of fewer rows, more candidates per article — is looked at in proportion, while a
    /// crowded key cannot turn one article into thousands of sketch reads.
    let candidateLimit: Int
    /// Candidates confirmed per article, the highest estimates first: a pathological store
    /// (templated texts that all look alike) must not turn one article into dozens of record reads.
    /// More than the links kept (`NearDuplicateSettings.maximumLinks`, 5).
    static let confirmedCandidates = 8
    /// The least sketch estimate a candidate needs to be confirmed: the threshold less the
    /// parameters' `sketchMargin` (3.3 standard errors of the estimate at the threshold).
    let screeningFloor: Double
    /// Shingles of recently read candidates, so a story republished many times is read once.
    private let recentShingles = Mutex(RecentShingles())

    private struct RecentShingles {
        static let capacity = 256
        var byID: [ContentID: [UInt64]] = [:]
        var order: [ContentID] = []

        mutating func insert(_ id: ContentID, _ shingles: [UInt64]) {
            guard byID.updateValue(shingles, forKey: id) == nil else { return }
            order.append(id)
            if order.count > Self.capacity { byID[order.removeFirst()] = nil }
        }
    }

    /// Opens the index of a store.
    ///
    /// - Throws: `StoreError`.
    init(layout: StoreLayout, settings: NearDuplicateSettings) throws(StoreError) {
        let parameters = NearDuplicateParameters(threshold: settings.threshold)
        self.settings = settings
        self.fingerprinter = Fingerprinter(parameters: parameters)
        self.candidateLimit = 4 * parameters.bands
        self.screeningFloor = settings.threshold - parameters.sketchMargin
        do {
            self.index = try NearDuplicateIndex(
                folder: layout.nearIndex, parameters: parameters, flushThreshold: settings.flushThreshold)
        } catch {
            throw StoreError(error)
        }
    }

    /// The fingerprint of an article. Thread-safe; the pipeline calls it on all cores.
    public func fingerprint(_ article: Article) -> Fingerprint {
        fingerprinter.fingerprint(article.parsed)
    }

    /// Sets `nearDuplicates` (and `divert`, under that policy) on every article submission with a
    /// fingerprint, comparing with stored articles, articles of batches still in flight, and earlier
    /// articles of this batch; then makes this batch's articles findable by the next.
    ///
    /// - Throws: `StoreError` when the index or a candidate's record cannot be read.
    func match(_ submissions: inout [Submission], store: FileArticleStore) throws(StoreError) {
        do { try index.refresh() } catch { throw StoreError(error) }
        let snapshot = submissions
        // `nil` for an article the store already holds: it will be a duplicate, not a new record.
        let found = snapshot.concurrentMap { submission in
            Result { () throws(StoreError) -> [NearDuplicate]? in
                if case .article(let article) = submission.content, (try? store.layout.record(article.id).stat()) != nil
                {
                    return nil
                }
                return try self.storedMatches(submission, store: store)
            }
        }
        var stored: [[NearDuplicate]?] = []
        for result in found { stored.append(try result.get()) }
        var batchKeys: [UInt32: [Int]] = [:]
        var inBatch: Set<ContentID> = []
        for position in submissions.indices {
            guard case .article(let article) = submissions[position].content,
                let fingerprint = submissions[position].fingerprint,
                !fingerprint.bandKeys.isEmpty, let found = stored[position], inBatch.insert(article.id).inserted
            else { continue }  // already stored, or a duplicate of an earlier article of the batch
            var matches = found
            var compared: Set<Int> = []
            for key in fingerprint.bandKeys {
                for earlier in batchKeys[key] ?? [] where compared.insert(earlier).inserted {
                    guard case .article(let other) = submissions[earlier].content, other.id != article.id,
                        let otherPrint = submissions[earlier].fingerprint
                    else { continue }
                    let similarity = fingerprint.similarity(to: otherPrint)
                    if similarity >= settings.threshold, !matches.contains(where: { $0.id == other.id }) {
                        matches.append(NearDuplicate(id: other.id, similarity: similarity))
                    }
                }
            }
            matches.sort { ($0.similarity, $1.id) > ($1.similarity, $0.id) }
            submissions[position].nearDuplicates = Array(matches.prefix(settings.maximumLinks))
            submissions[position].divert = settings.policy == .divert && !matches.isEmpty
            guard !submissions[position].divert else { continue }
            for key in fingerprint.bandKeys { batchKeys[key, default: []].append(position) }
            index.register(id: article.id, fingerprint: fingerprint)
        }
    }

    /// The confirmed near-duplicates of one submission among indexed (stored or in-flight) articles.
    private func storedMatches(_ submission: Submission, store: FileArticleStore) throws(StoreError) -> [NearDuplicate]
    {
        guard case .article(let article) = submission.content, let fingerprint = submission.fingerprint,
            !fingerprint.bandKeys.isEmpty
        else {
            return []
        }
        let candidates: [NearDuplicateIndex.Candidate]
        do {
            candidates = try index.candidates(
                for: fingerprint.bandKeys, excluding: article.id, limit: candidateLimit)
        } catch {
            throw StoreError(error)
        }
        // Articles in flight have their shingles at hand: compared at once, they cost no read and so
        // take no place among the confirmed (many of them, sharing a crowded band of a low
        // threshold's layout, once crowded a stored near-duplicate out of the places). Candidates
        // whose sketch puts them clearly below the threshold are dropped without reading their
        // records; the rest are confirmed with the exact Jaccard, likeliest first.
        var matches: [NearDuplicate] = []
        var toConfirm: [(candidate: NearDuplicateIndex.Candidate, estimate: Double)] = []
        for candidate in candidates {
            if let shingles = index.provisionalShingles(of: candidate) {
                let similarity = Similarity.jaccard(fingerprint.shingles, shingles)
                if similarity >= settings.threshold {
                    matches.append(NearDuplicate(id: candidate.id, similarity: similarity))
                }
            } else if let sketch = index.sketch(of: candidate) {
                let estimate = Similarity.estimate(fingerprint.sketch, sketch)
                if estimate >= screeningFloor { toConfirm.append((candidate, estimate)) }
            } else {
                toConfirm.append((candidate, settings.threshold))  // no sketch to go by
            }
        }
        for (candidate, _) in toConfirm.sorted(by: { $0.estimate > $1.estimate }).prefix(Self.confirmedCandidates) {
            // The one id made per candidate confirmed (at most `confirmedCandidates` per article).
            let id = candidate.id
            guard let shingles = try shingles(of: candidate, id: id, store: store) else { continue }
            let similarity = Similarity.jaccard(fingerprint.shingles, shingles)
            if similarity >= settings.threshold {
                matches.append(NearDuplicate(id: id, similarity: similarity))
            }
        }
        return matches
    }

    /// A candidate's shingles: from the index when it is in flight, else from its record; `nil`
    /// when there is no such record (an entry whose commit never completed).
    private func shingles(
        of candidate: NearDuplicateIndex.Candidate, id: ContentID, store: FileArticleStore
    ) throws(StoreError) -> [UInt64]? {
        if let shingles = index.provisionalShingles(of: candidate) { return shingles }
        if let shingles = recentShingles.withLock({ $0.byID[id] }) { return shingles }
        let text: (title: String, paragraphs: [String])?
        do {
            text = try store.recordText(id)
        } catch .corruptFile {
            return nil  // verify reports and repairs it; it must not stop ingest
        }
        guard let text else { return nil }
        let shingles = fingerprinter.shingles(title: text.title, paragraphs: text.paragraphs)
        recentShingles.withLock { $0.insert(id, shingles) }
        return shingles
    }
}
