import ArticleStore
import Articles
import Foundation
import SystemPackage
import TestSupport
import Testing

@Suite struct StoreVerifierTests {
    let folder: TemporaryDirectory
    let store: FileArticleStore

    init() throws {
        folder = try TemporaryDirectory()
        store = try FileArticleStore.open(at: folder.path("store"), create: true, clock: FixedClock())
    }

    private func storeSamples() throws -> [ContentID] {
        try outcomes(store.commit([submission(sampleText), submission(otherText), submission(sampleText)])).compactMap {
            if case .stored(let id) = $0 { id } else { nil }
        }
    }

    private func recordURL(_ id: ContentID) -> URL {
        folder.url.appendingPathComponent("store/articles/\(id.shard)/\(id.hex).json")
    }

    @Test func cleanStoreVerifiesClean() throws {
        _ = try storeSamples()
        let report = try StoreVerifier(store: store, repair: false).run()
        #expect(report.problems.isEmpty)
        #expect(report.isClean)
        #expect(report.checked.articles == 2)
        #expect(report.checked.sightings == 1)
    }

    @Test func strayTempFileAndTruncatedRecordAreReportedThenRepaired() throws {
        let ids = try storeSamples()
        let good = recordURL(ids[1])
        let goodBytes = try Data(contentsOf: good)
        let goodInode = try FileManager.default.attributesOfItem(atPath: good.path)[.systemFileNumber] as? Int
        // A writer that died mid-write (pid 999999 does not exist) and a record cut short.
        let stray = folder.url.appendingPathComponent(
            "store/articles/\(ids[0].shard)/.tmp.\(ProcessInfo.processInfo.hostName).999999.abcdef")
        try Data("{\"schema\":1,\"id\":".utf8).write(to: stray)
        let truncated = recordURL(ids[0])
        let full = try Data(contentsOf: truncated)
        try full.prefix(full.count / 2).write(to: truncated)

        let report = try StoreVerifier(store: store, repair: false).run()
        #expect(!report.isClean)
        // The damaged record's stored entry now names a record verify cannot read: a warning.
        #expect(
            Set(report.problems.map(\.kind)) == [
                .strayTempFile, .unreadableFile, .orphanSighting, .feedEntryWithoutRecord,
            ])
        #expect(report.problems.first { $0.kind == .unreadableFile }?.path == truncated.path)
        #expect(report.problems.first { $0.kind == .strayTempFile }?.path == stray.path)
        #expect(FileManager.default.fileExists(atPath: stray.path))  // no repair without --repair

        let repaired = try StoreVerifier(store: store, repair: true).run()
        #expect(repaired.isClean)
        #expect(repaired.problems.filter { !$0.isWarning }.allSatisfy { $0.repair != nil })
        #expect(!FileManager.default.fileExists(atPath: stray.path))
        #expect(!FileManager.default.fileExists(atPath: truncated.path))
        #expect(try Data(contentsOf: good) == goodBytes)
        #expect(try FileManager.default.attributesOfItem(atPath: good.path)[.systemFileNumber] as? Int == goodInode)

        let after = try StoreVerifier(store: store, repair: false).run()
        #expect(after.isClean)
        // Warnings until the content is ingested again.
        #expect(Set(after.problems.map(\.kind)) == [.orphanSighting, .feedEntryWithoutRecord])
        _ = store.commit([try submission(sampleText)])
        #expect(try StoreVerifier(store: store, repair: false).run().problems.isEmpty)
    }

    @Test func tempFileOfALiveWriterIsLeftAlone() throws {
        let ids = try storeSamples()
        // pid 1 is alive in every pid namespace.
        let live = folder.url.appendingPathComponent(
            "store/articles/\(ids[0].shard)/.tmp.\(ProcessInfo.processInfo.hostName).1.abcdef")
        try Data("{".utf8).write(to: live)
        let report = try StoreVerifier(store: store, repair: true).run()
        #expect(report.problems.isEmpty)
        #expect(report.checked.inFlight == 1)
        #expect(FileManager.default.fileExists(atPath: live.path))
    }

    @Test func recordWhoseTextDoesNotHashToItsIdIsQuarantined() throws {
        let ids = try storeSamples()
        let url = recordURL(ids[0])
        let edited = String(decoding: try Data(contentsOf: url), as: UTF8.self).replacingOccurrences(
            of: "Shares rose", with: "Shares fell")
        try Data(edited.utf8).write(to: url)
        let report = try StoreVerifier(store: store, repair: true).run()
        #expect(report.problems.first?.kind == .contentMismatch)
        #expect(report.problems.first?.repair?.contains("quarantine") == true)
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test func misplacedRecordIsMovedWhereItsIdSays() throws {
        let ids = try storeSamples()
        let right = recordURL(ids[0])
        let wrong = folder.url.appendingPathComponent("store/articles/fff/ffffffffffffffff.json")
        try FileManager.default.createDirectory(
            at: wrong.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: right, to: wrong)
        let report = try StoreVerifier(store: store, repair: true).run()
        #expect(report.problems.map(\.kind) == [.misplacedRecord])
        #expect(FileManager.default.fileExists(atPath: right.path))
        #expect(!FileManager.default.fileExists(atPath: wrong.path))
        #expect(try StoreVerifier(store: store, repair: false).run().problems.isEmpty)
    }
}
