import Articles
import DurableFiles
import Foundation
import NearDuplicates
import SystemPackage
import TestSupport
import Testing

@testable import ArticleStore

#if canImport(Glibc)
    import Glibc
#endif

/// The flush policy through a real store: the choice from the file system's type, the per-file
/// (`fsync`) path storing and publishing what the group commit does, and the start-up survey
/// sweeping every folder a commit leaves temp files in.
@Suite struct FlushPolicyStoreTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    /// A commit's flushes as the test can see them: the policy the store took and, for a deferred
    /// commit, what is left for `completeCommit` (the folders under `fsync`, a `syncfs` otherwise).
    private func open(_ flush: FlushSetting, nearDuplicates: Bool = true) throws -> FileArticleStore {
        try FileArticleStore.open(
            at: folder.path("store"), create: true, clock: FixedClock(),
            nearDuplicates: nearDuplicates ? NearDuplicateSettings(policy: .keep) : nil, flush: flush)
    }

    private func fingerprinted(_ text: String, in store: FileArticleStore, name: String) throws -> Submission {
        var submitted = try submission(text, name: name)
        if case .article(let article) = submitted.content { submitted.fingerprint = store.fingerprint(article) }
        return submitted
    }

    @Test func autoFollowsTheStoreFolderFileSystemType() throws {
        let store = try open(.auto, nearDuplicates: false)
        let type = try FileSystem.fileSystemType(of: folder.path("store"))
        #expect(store.flush == FlushPolicy.choose(forFileSystemType: type))
        #expect(
            try open(.fsync, nearDuplicates: false).flush == FlushChoice(.fsync, reason: "forced by the flush setting"))
        #expect(try open(.syncfs, nearDuplicates: false).flush.policy == .syncfs)
    }

    @Test(arguments: [FlushSetting.fsync, .syncfs])
    func bothPoliciesStoreAndPublishTheSame(flush: FlushSetting) throws {
        let store = try open(flush)
        #expect(store.flush.policy.rawValue == flush.rawValue)
        let lone = try outcomes(
            store.commit([try fingerprinted(NearDuplicateStoreTests.story, in: store, name: "0_a.txt")]))
        guard case .stored(let original) = lone[0] else {
            Issue.record("\(lone)")
            return
        }
        // A group: a near-duplicate (record, back-link, index entry), a sighting, a rejection.
        var group = [
            try fingerprinted(NearDuplicateStoreTests.republished, in: store, name: "1_a.txt"),
            try fingerprinted(NearDuplicateStoreTests.story, in: store, name: "2_a.txt"),
            rejectedSubmission(.binary),
        ]
        try store.matchNearDuplicates(&group)
        let deferred = store.commitDeferringFlush(group)
        // Under fsync the names are made durable folder by folder, never by syncfs.
        if flush == .fsync {
            let folders = try #require(deferred.folders)
            #expect(folders.contains(folder.path("store/near/\(original.shard)")))
            #expect(folders.contains(folder.path("store/sightings/\(original.shard)")))
        } else {
            #expect(deferred.folders == nil)
        }
        try store.completeCommit(deferred)
        let results = try outcomes(deferred.outcomes)
        guard case .nearDuplicate(let copy, let matches) = results[0] else {
            Issue.record("\(results)")
            return
        }
        #expect(matches.map(\.id) == [original])
        #expect(results[1] == .duplicate(original))
        #expect(try store.record(copy)?.nearDuplicates == matches)
        #expect(try store.similar(to: original).map(\.id) == [copy])
        for path in ["articles/\(copy.shard)", "near/\(original.shard)", "sightings/\(original.shard)", "rejections"] {
            #expect(FileManager.default.fileExists(atPath: folder.path("store/\(path)").string), "\(path)")
        }
        let statistics = try store.statistics()
        #expect((statistics.articles, statistics.sightings, statistics.rejected) == (2, 3, 1))
        #expect(try store.changes(after: 0, limit: 10).count == 4)
        #expect(try StoreVerifier(store: store, repair: false).run().problems.isEmpty)
        // The index entries were flushed with the records: a reopened store finds the copy.
        let reopened = try open(flush)
        let third = try fingerprinted(NearDuplicateStoreTests.republished + "\nMore.", in: reopened, name: "3_a.txt")
        var batch = [third]
        try reopened.matchNearDuplicates(&batch)
        #expect(batch[0].nearDuplicates.map(\.id).contains(copy))
    }

    @Test func theFsyncPolicyWithTempNamesLeavesNoTempFiles() throws {
        let store = try open(.fsync).usingTemporaryNames()
        #expect(!store.usesUnnamedFiles)
        _ = try outcomes(store.commit([try submission(sampleText), try submission(otherText)]))
        _ = try outcomes(store.commit([try submission(sampleText)]))
        let hidden = try FileManager.default.subpathsOfDirectory(atPath: folder.path("store").string).filter {
            TemporaryName.isTemporary(($0 as NSString).lastPathComponent)
        }
        #expect(hidden.isEmpty)
        #expect(try StoreVerifier(store: store, repair: false).run().problems.isEmpty)
    }

    /// On GlusterFS a temp file lies where its name hashes to; named after its target, it lies on
    /// the target's brick, and publishing it is a link within one brick (see `TemporaryName`).
    @Test func aCommitsTempFilesAreNamedAfterTheFilesTheyBecome() throws {
        let store = try open(.fsync).usingTemporaryNames()
        let submitted = try submission(sampleText)
        guard case .article(let article) = submitted.content else {
            Issue.record("not an article: \(submitted.content)")
            return
        }
        let shard = folder.path("store/articles/\(article.id.shard)")
        try FileManager.default.createDirectory(atPath: shard.string, withIntermediateDirectories: true)
        let created = try namesCreated(in: shard) { _ = try outcomes(store.commit([submitted])) }
        let record = "\(article.id.hex).json"
        let temps = created.filter { TemporaryName.isTemporary($0) }
        #expect(created.contains(record))
        #expect(temps.count == 1, "\(created)")
        #expect(temps.allSatisfy { $0.hasPrefix(".\(record).\(TemporaryName.suffixMark)") }, "\(temps)")
    }

    /// The names created in `watched` while `body` runs, as a real inotify watch reports them.
    private func namesCreated(in watched: FilePath, during body: () throws -> Void) throws -> [String] {
        let inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        try #require(inotify >= 0)
        defer { close(inotify) }
        try #require(inotify_add_watch(inotify, watched.string, UInt32(IN_CREATE)) >= 0)
        try body()
        var names: [String] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            // struct inotify_event: wd, mask, cookie, len (4 bytes each), then len bytes of name.
            while offset + 16 <= count {
                let length = Int(
                    buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self) })
                names.append(
                    String(decoding: buffer[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }, as: UTF8.self))
                offset += 16 + length
            }
        }
        return names
    }

    @Test func theSurveySweepsDeadWritersTempFilesFromEveryFolderACommitWritesIn() throws {
        let store = try open(.auto)
        let stored = try outcomes(
            store.commit([try fingerprinted(NearDuplicateStoreTests.story, in: store, name: "0_a.txt")]))
        guard case .stored(let id) = stored[0] else {
            Issue.record("\(stored)")
            return
        }
        // A writer on this host whose pid is not alive (pid_max is at most 2^22).
        let dead = ".tmp.\(HostName.current).4194304.0123456789abcdef"
        var planted =
            [
                "near/\(id.shard)", "feed/pending", "articles/\(id.shard)", "sightings/\(id.shard)",
                "rejections/2026-12-07",
            ].map { folder.path("store/\($0)").appending(dead) } + [folder.path("store").appending(dead)]
        for path in planted {
            try FileManager.default.createDirectory(
                atPath: path.removingLastComponent().string, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: path.string, contents: Data("partial".utf8)))
        }
        // Temp files of live writers on this host (this process, and its parent: another process)
        // stay, beside the dead writer's in the same near/ shard.
        let live = [getpid(), getppid()].map {
            folder.path("store/near/\(id.shard)").appending(".tmp.\(HostName.current).\($0).fedcba9876543210")
        }
        // And this release's form of the dead writer's name, beside the earlier one.
        let deadNamedAfterTarget = folder.path("store/articles/\(id.shard)").appending(
            ".\(id.hex).json.\(TemporaryName.suffixMark)\(TemporaryName.host)~4194304~0123456789abcdef")
        #expect(FileManager.default.createFile(atPath: deadNamedAfterTarget.string, contents: Data("partial".utf8)))
        planted.append(deadNamedAfterTarget)
        for path in live { #expect(FileManager.default.createFile(atPath: path.string, contents: Data("busy".utf8))) }
        // The verifier, like the survey, leaves live writers' temp files alone.
        #expect(try StoreVerifier(store: store, repair: false).run().problems.count == planted.count)
        let survey = try store.survey()
        #expect(survey.removedTempFiles == planted.count)
        #expect(survey.articles == 1)
        for path in planted { #expect(!FileManager.default.fileExists(atPath: path.string), "\(path)") }
        for path in live { #expect(FileManager.default.fileExists(atPath: path.string), "\(path)") }
        for path in live { try FileManager.default.removeItem(atPath: path.string) }
        #expect(try StoreVerifier(store: store, repair: false).run().problems.isEmpty)
    }

    /// A back-link's shard under near/ is the older article's, which need not share a shard with
    /// any record or sighting; a dead writer's temp file there is swept too, from every such shard.
    @Test func theSurveySweepsEveryNearShardEvenWithoutARecordBeside() throws {
        let store = try open(.auto).usingTemporaryNames()
        let dead = ".tmp.\(HostName.current).4194304.0123456789abcdef"
        let shards = ["000", "7ab", "fff"]
        let planted = shards.map { folder.path("store/near/\($0)").appending(dead) }
        for path in planted {
            try FileManager.default.createDirectory(
                atPath: path.removingLastComponent().string, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: path.string, contents: Data("partial".utf8)))
        }
        let survey = try store.survey()
        #expect(survey.removedTempFiles == planted.count)
        for path in planted { #expect(!FileManager.default.fileExists(atPath: path.string), "\(path)") }
        #expect(try StoreVerifier(store: store, repair: false).run().problems.isEmpty)
    }
}
