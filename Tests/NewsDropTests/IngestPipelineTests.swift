import ArticleStore
import Articles
import DurableFiles
import Foundation
import NewsDrop
import SystemPackage
import TestSupport
import Testing

@Suite struct IngestPipelineTests {
    private func pending(_ path: FilePath) -> PendingInput {
        PendingInput(
            readPath: path,
            source: SourceFile(
                key: FileArticleStore.randomToken(), file: path.lastComponent!.string, path: path.string, size: 0,
                host: "h", via: "test"))
    }

    @Test func seedsGoThroughThePipelineIntoTheMemoryTwin() throws {
        let store = MemoryArticleStore()
        let pipeline = IngestPipeline(store: store)
        let seeds = try InputCollector(paths: [FilePath(Fixtures.seedsFolder.path)]).files
        let outcomes = pipeline.process(seeds.map(pending))
        #expect(outcomes.map(\.label) == ["stored", "stored"])
        #expect(outcomes.map(\.size) == [3709, 5405])
        let again = pipeline.process(seeds.map(pending))
        #expect(again.map(\.label) == ["duplicate", "duplicate"])
        #expect(store.statistics().sightings == 4)
    }

    @Test func vanishedInputFailsWithoutBeingRecorded() throws {
        let folder = try TemporaryDirectory()
        let store = MemoryArticleStore()
        let outcome = IngestPipeline(store: store).process([pending(folder.path("gone.txt"))])
        guard case .failed(.input(let error)) = outcome.first?.kind else {
            Issue.record("\(outcome)")
            return
        }
        #expect(error.errno == .noSuchFileOrDirectory)
        #expect(error.description.contains("ENOENT"))
        #expect(store.statistics() == MemoryArticleStore().statistics())
    }

    @Test(arguments: [
        Errno.socketNotConnected, .staleNFSFileHandle, .ioError, .noSpace, .tooManyOpenFiles, .timedOut,
        .noSuchFileOrDirectory,
    ])
    func aMountGoneAwayOrAnIOFaultIsNeverARejection(errno: Errno) {
        let error = FileSystemError("open", "/mnt/gluster/inbox/.newsdrop/work/a/x.txt", errno)
        #expect(InputReader.rejection(openFailure: error) == nil)
    }

    @Test func onlyALinkOrAForbiddingModeRejectsAnInputAtOpening() {
        let path: FilePath = "/inbox/x.txt"
        #expect(
            InputReader.rejection(openFailure: FileSystemError("open", path, .permissionDenied))?.reason == .unreadable)
        #expect(InputReader.rejection(openFailure: FileSystemError("open", path, .notPermitted))?.reason == .unreadable)
        #expect(
            InputReader.rejection(openFailure: FileSystemError("open", path, .tooManySymbolicLinkLevels))?.reason
                == .symlink)
        #expect(FileSystemError("open", path, .socketNotConnected).errnoName == "ENOTCONN")
        #expect(FileSystemError("open", path, .staleNFSFileHandle).errnoName == "ESTALE")
    }

    @Test func readerNeverFollowsLinksNorBlocksOnFIFOs() throws {
        let folder = try TemporaryDirectory()
        try folder.write("real.txt", "Title\n\nBody.")
        try FileManager.default.createSymbolicLink(
            atPath: folder.path("link.txt").string, withDestinationPath: folder.path("real.txt").string)
        #expect(mkfifo(folder.path("fifo").string, 0o600) == 0)
        let reader = InputReader(decoder: ArticleDecoder())
        guard case .rejected(let link, _) = try reader.read(folder.path("link.txt")) else {
            Issue.record()
            return
        }
        #expect(link.reason == .symlink)
        guard case .rejected(let fifo, _) = try reader.read(folder.path("fifo")) else {
            Issue.record()
            return
        }
        #expect(fifo.reason == .notRegularFile)
        #expect(fifo.message.contains("FIFO"))
        guard case .bytes(let bytes) = try reader.read(folder.path("real.txt")) else {
            Issue.record()
            return
        }
        #expect(bytes.count == 12)
    }

    @Test func collectorWalksFoldersInNameOrderAndSkipsHiddenEntries() throws {
        let folder = try TemporaryDirectory()
        try folder.write("b/2.txt", "x")
        try folder.write("b/1.txt", "x")
        try folder.write("a.txt", "x")
        try folder.write(".hidden.txt", "x")
        try folder.write(".git/config", "x")
        try folder.write("b/.partial", "x")
        let explicit = try folder.write(".explicit.txt", "x")
        let collected = try InputCollector(paths: [folder.path, FilePath(explicit.path)])
        #expect(collected.files.map { $0.lastComponent!.string } == ["a.txt", "1.txt", "2.txt", ".explicit.txt"])
        #expect(collected.skippedHidden == 4)
    }

    @Test func storeLocationPrefersFlagThenEnvironment() {
        #expect(StoreLocation.resolve(flag: "/a", environment: ["NEWSDROP_STORE": "/b"]) == "/a")
        #expect(StoreLocation.resolve(flag: nil, environment: ["NEWSDROP_STORE": "/b"]) == "/b")
        #expect(StoreLocation.resolve(flag: nil, environment: [:]) == "newsdrop-store")
    }
}
