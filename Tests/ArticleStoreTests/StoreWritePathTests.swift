import Articles
import DurableFiles
import Foundation
import SystemPackage
import TestSupport
import Testing

@testable import ArticleStore

/// The two ways a commit writes files — unnamed (`O_TMPFILE`, then `linkat`) and under temp names
/// (file systems without `O_TMPFILE`) — and the deferred flush of a group commit's names.
@Suite struct StoreWritePathTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    @Test func aLocalFileSystemGetsUnnamedFiles() throws {
        let store = try FileArticleStore.open(at: folder.path("store"), create: true, clock: FixedClock())
        #expect(store.usesUnnamedFiles)
        #expect(UnnamedFile.areSupported(in: folder.path))
    }

    @Test(arguments: [true, false])
    func bothWritePathsStoreTheSameAndLeaveNoTempNames(unnamed: Bool) throws {
        let opened = try FileArticleStore.open(at: folder.path("store"), create: true, clock: FixedClock())
        let store = unnamed ? opened : opened.usingTemporaryNames()
        let lone = try outcomes(store.commit([submission(sampleText)]))
        let group = try outcomes(
            store.commit([submission(otherText), submission(sampleText), rejectedSubmission(.binary)]))
        guard case .stored(let first) = lone[0], case .stored(let second) = group[0] else {
            Issue.record("\(lone) \(group)")
            return
        }
        #expect(group[1] == .duplicate(first))
        #expect(try store.record(first)?.title == "Markets rally")
        #expect(try store.record(second)?.title == "Rates unchanged")
        let statistics = try store.statistics()
        // sightings count the first ones, in the records
        #expect((statistics.articles, statistics.sightings, statistics.rejected) == (2, 3, 1))
        #expect(try hiddenFiles(under: folder.path("store")).isEmpty)
        #expect(try StoreVerifier(store: store, repair: false).run().problems.isEmpty)
    }

    @Test func aDeferredGroupCommitIsPublishedBeforeItsFlush() throws {
        let store = try FileArticleStore.open(at: folder.path("store"), create: true, clock: FixedClock())
        let deferred = try store.commitDeferringFlush([submission(sampleText), submission(otherText)])
        let results = try outcomes(deferred.outcomes)
        guard case .stored(let id) = results[0] else {
            Issue.record("\(results)")
            return
        }
        // Readers (another daemon deduplicating, `newsdrop show`) see the records at once.
        #expect(try store.record(id)?.title == "Markets rally")
        #expect(try outcomes(store.commit([submission(sampleText)])) == [.duplicate(id)])
        // The feed gets the deferred commit's entries only once its names are durable.
        #expect(try store.changes(after: 0, limit: 10).map(\.event) == [.duplicate])
        try store.completeCommit(deferred)
        #expect(try store.changes(after: 0, limit: 10).map(\.event) == [.duplicate, .stored, .stored])
        #expect(try store.changes(after: 0, limit: 10).map(\.seq) == [1, 2, 3])
    }

    /// Names starting with "." anywhere below `root` (temp files and probes).
    private func hiddenFiles(under root: FilePath) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root.string)
        var hidden: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if (relative as NSString).lastPathComponent.hasPrefix(".") { hidden.append(relative) }
        }
        return hidden
    }
}
