import ArticleStore
import Articles
import Benchmark
import BenchmarkCorpus
import Foundation
import SystemPackage

/// The store's write path: `FileArticleStore.open(at:create:)` of a fresh store, then one
/// `commit(_:)` of 1 submission (its files `fsync`ed one by one) or of 256 (group commit: one
/// `syncfs`), all new articles from the corpus. And the near-duplicate work of a batch: fingerprints
/// of 256 new articles matched (`matchNearDuplicates`) against a store holding the corpus's other
/// 963 distinct articles, at the default threshold and at 0.3, whose layout has more bands of
/// fewer rows.
///
/// Each write iteration measures open + commit into a store folder that does not exist yet;
/// creating the name and deleting the store afterwards are outside the measurement. The stores live
/// under `$NEWSDROP_BENCH_TMPDIR`, else `/var/tmp` — a disk-backed file system, so that durability
/// costs what it costs for the daemon (`/tmp` may be a tmpfs, where `fsync` is free).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .mallocBytesCount],
        timeUnits: .microseconds,
        warmupIterations: 1
    )
    let articles = BenchmarkCorpus().distinctArticles(256)
    precondition(articles.count == 256, "the corpus must hold at least 256 distinct articles")
    let scratch = StoreScratch()

    for count in [1, 256] {
        let submissions = articles.prefix(count).enumerated().map { index, article in
            let name = String(format: "%06d_%@.txt", index, String(article.id.hex))
            let source = SourceFile(
                key: FileArticleStore.randomToken(), file: name, path: "/inbox/\(name)", size: article.text.utf8.count,
                host: "bench", via: "bench")
            return Submission(.article(article), source: source)
        }
        Benchmark(
            "FileArticleStore open+commit \(count) new",
            configuration: .init(maxDuration: .seconds(count == 1 ? 3 : 10), maxIterations: count == 1 ? 200 : 30)
        ) { benchmark in
            let root = scratch.nextStore()
            benchmark.startMeasurement()
            do {
                let store = try FileArticleStore.open(at: root, create: true)
                for result in store.commit(submissions) {
                    guard case .success(.stored) = result else {
                        benchmark.error("commit did not store a new article: \(result)")
                        break
                    }
                }
            } catch {
                benchmark.error("opening \(root) failed: \(error)")
            }
            benchmark.stopMeasurement()
            scratch.remove(root)
        } teardown: {
            scratch.removeAll()
        }
    }

    let distinct = BenchmarkCorpus().distinctArticles(1_219)
    let stored = Array(distinct.dropLast(256))
    let new = Array(distinct.suffix(256))
    for threshold in [0.6, 0.3] {
        let matching = MatchingStore(threshold: threshold, scratch: scratch)
        Benchmark(
            "near-duplicate fingerprint+match \(new.count) new vs \(stored.count) stored, threshold \(threshold)",
            configuration: .init(maxDuration: .seconds(5), maxIterations: 100)
        ) { benchmark in
            guard let store = matching.store else { return benchmark.error("the store was not set up") }
            var submissions = new.map { article in
                var submission = Submission(.article(article), source: matching.source(for: article))
                submission.fingerprint = store.fingerprint(article)
                return submission
            }
            do { try store.matchNearDuplicates(&submissions) } catch { benchmark.error("matching failed: \(error)") }
            blackHole(submissions)
        } setup: {
            matching.fill(with: stored)
        } teardown: {
            scratch.removeAll()
        }
    }
}

/// A store with near-duplicate detection at one threshold, filled with stored articles before
/// the matching benchmark measures.
final class MatchingStore: @unchecked Sendable {  // used by the benchmark thread only
    /// The near-duplicate threshold the store is opened with.
    let threshold: Double
    /// Where the store is created.
    let scratch: StoreScratch
    /// The filled store, once `fill(with:)` has run.
    private(set) var store: FileArticleStore?

    /// Prepares a store at `threshold` in `scratch`; `fill(with:)` creates it.
    init(threshold: Double, scratch: StoreScratch) {
        self.threshold = threshold
        self.scratch = scratch
    }

    /// Opens a new store and commits `articles` into it (with their near-duplicate index entries).
    func fill(with articles: [Article]) {
        do {
            let store = try FileArticleStore.open(
                at: scratch.nextStore(), create: true,
                nearDuplicates: NearDuplicateSettings(policy: .keep, threshold: threshold))
            for start in stride(from: 0, to: articles.count, by: 256) {
                var batch = articles[start..<min(start + 256, articles.count)].map { article in
                    Submission(.article(article), source: source(for: article), fingerprint: store.fingerprint(article))
                }
                try store.matchNearDuplicates(&batch)
                _ = store.commit(batch)
            }
            self.store = store
        } catch {
            FileHandle.standardError.write(Data("cannot fill the matching store: \(error)\n".utf8))
        }
    }

    /// A source file description for an article.
    func source(for article: Article) -> SourceFile {
        let name = "000_\(article.id.hex).txt"
        return SourceFile(
            key: FileArticleStore.randomToken(), file: name, path: "/inbox/\(name)", size: article.text.utf8.count,
            host: "bench", via: "bench")
    }
}

/// A folder of throw-away stores, one new name per iteration.
final class StoreScratch: @unchecked Sendable {  // used by the benchmark thread only
    /// The folder holding this run's stores.
    let folder: FilePath
    private var next = 0

    /// Names a scratch folder under `$NEWSDROP_BENCH_TMPDIR` or `/var/tmp`; it is created by the
    /// first `nextStore()`, so a process that only lists the benchmarks leaves nothing behind.
    init() {
        let base =
            ProcessInfo.processInfo.environment["NEWSDROP_BENCH_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/var/tmp"
        folder = FilePath(base).appending("newsdrop-microbench-\(getpid())")
    }

    /// A store path that does not exist yet, in the scratch folder (created when missing).
    ///
    /// - Returns: `folder/store-N`.
    func nextStore() -> FilePath {
        next += 1
        try? FileManager.default.createDirectory(atPath: folder.string, withIntermediateDirectories: true)
        return folder.appending("store-\(next)")
    }

    /// Deletes one store.
    ///
    /// - Parameter store: a path returned by `nextStore()`.
    func remove(_ store: FilePath) {
        try? FileManager.default.removeItem(atPath: store.string)
    }

    /// Deletes the scratch folder and everything in it.
    func removeAll() {
        try? FileManager.default.removeItem(atPath: folder.string)
    }
}
