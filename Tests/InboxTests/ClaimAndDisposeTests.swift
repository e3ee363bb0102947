import Articles
import Crypto
import DurableFiles
import Foundation
import Logging
import Synchronization
import SystemPackage
import TestSupport
import Testing

@testable import Inbox

@Suite struct ClaimAndDisposeTests {
    let folder: TemporaryDirectory
    let layout: InboxLayout

    init() throws {
        folder = try TemporaryDirectory()
        layout = InboxLayout(inbox: folder.path("inbox"))
        try FileManager.default.createDirectory(atPath: folder.path("inbox").string, withIntermediateDirectories: true)
    }

    @Test func workNamesCarryTheKeyAndTheOriginalName() async throws {
        let name = FilePath.Component("000_2a12523330ba2c24.txt")
        let work = ClaimKey.workName(key: "0123456789abcdef", name: name)
        #expect(work.string == "0123456789abcdef.000_2a12523330ba2c24.txt")
        let parsed = try #require(ClaimKey.parse(work))
        #expect(parsed.key == "0123456789abcdef")
        #expect(parsed.name == name)
        let long = try #require(FilePath.Component(String(repeating: "x", count: 250)))
        #expect(ClaimKey.workName(key: "0123456789abcdef", name: long).string.utf8.count == 255)
        #expect(ClaimKey.parse(FilePath.Component("notakey.txt")) == nil)
    }

    @Test func claimMovesTheFileAndASecondClaimFindsNothing() async throws {
        try folder.write("inbox/a.txt", "Title\n\nBody.")
        let work = try WorkFolder(layout: layout, instance: "one")
        defer { work.release() }
        let name = FilePath.Component("a.txt")
        let claim = try #require(try work.claim(name))
        #expect(claim.key.count == 16)
        #expect(FileManager.default.fileExists(atPath: claim.workPath.string))
        #expect(!FileManager.default.fileExists(atPath: folder.path("inbox/a.txt").string))
        #expect(try work.claim(name) == nil)
    }

    @Test func claimKeyIsStableForTheSameFileAndDiffersForAnother() async throws {
        try folder.write("inbox/a.txt", "Title\n\nBody.")
        let stat = try folder.path("inbox/a.txt").stat()
        let name = FilePath.Component("a.txt")
        #expect(
            ClaimKey.make(for: stat, name: name)
                == ClaimKey.make(for: try folder.path("inbox/a.txt").stat(), name: name))
        #expect(ClaimKey.make(for: stat, name: name) != ClaimKey.make(for: stat, name: FilePath.Component("b.txt")))
    }

    /// The key is part of the work-folder name a crash leaves behind: it must stay the one every
    /// earlier version made (16 hex digits of SHA-256 over "dev:ino:size:sec.nsec:name").
    @Test func claimKeyIsTheDigestOfTheFilesIdentity() async throws {
        try folder.write("inbox/a.txt", "Title\n\nBody.")
        let stat = try folder.path("inbox/a.txt").stat()
        let identity =
            "\(stat.rawValue.st_dev):\(stat.rawValue.st_ino):\(stat.size):\(stat.st_mtim.tv_sec).\(stat.st_mtim.tv_nsec):a.txt"
        let expected = String(HexEncoding.encode(SHA256.hash(data: Array(identity.utf8))).prefix(16))
        #expect(ClaimKey.make(for: stat, name: FilePath.Component("a.txt")) == expected)
    }

    @Test func onlyOneOfTwoLiveInstancesGetsAName() async throws {
        try folder.write("inbox/a.txt", "x")
        let one = try WorkFolder(layout: layout, instance: "one")
        let two = try WorkFolder(layout: layout, instance: "two")
        defer {
            one.release()
            two.release()
        }
        let name = FilePath.Component("a.txt")
        let claims = [try one.claim(name), try two.claim(name)].compactMap { $0 }
        #expect(claims.count == 1)
        // locked by a live instance
        #expect(throws: FileSystemError.self) { try WorkFolder(layout: layout, instance: "one") }
    }

    @Test func filesOfAStoppedInstanceAreAdoptedButALiveOnesAreNot() async throws {
        try folder.write("inbox/a.txt", "x")
        try folder.write("inbox/b.txt", "y")
        let dead = try WorkFolder(layout: layout, instance: "dead")
        _ = try dead.claim(FilePath.Component("a.txt"))
        // as if killed: lock gone with the process
        try FileManager.default.removeItem(atPath: dead.path.appending(".lock").string)
        let live = try WorkFolder(layout: layout, instance: "live")
        _ = try live.claim(FilePath.Component("b.txt"))
        let me = try WorkFolder(layout: layout, instance: "me")
        defer {
            me.release()
            live.release()
        }
        let adopted = try me.adoptAbandoned(logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        #expect(adopted.map(\.name.string) == ["a.txt"])
        #expect(adopted.first?.workPath.removingLastComponent() == me.path)
        #expect(files(in: URL(fileURLWithPath: live.path.string)).count == 1)
        #expect(!FileManager.default.fileExists(atPath: dead.path.string))
    }

    /// A daemon restarting under its old name while another adopts that name's folder (which it
    /// locks, empties and removes) waits for the adopter, then runs with a folder and lock of its
    /// own — not "another daemon runs as this instance", and not a lock on a removed file.
    @Test func aRestartWaitsForTheAdopterOfItsFolder() async throws {
        // What a killed instance b leaves: its folder, its lock file (unlocked), a claimed file.
        let deadFolder = layout.workFolder(instance: "b")
        let claimed = deadFolder.appending("0123456789abcdef.a.txt")
        try FileManager.default.createDirectory(atPath: deadFolder.string, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: claimed.string, contents: Data("x".utf8)))
        // The adopter's hold: a lock on b's lock file.
        let lockFile = deadFolder.appending(WorkFolder.lockName)
        let adopter = try FileDescriptor.open(lockFile, .readWrite, options: .create, permissions: .ownerReadWrite)
        #expect(try FileLock.lock(adopter, exclusive: true, wait: false, path: lockFile))
        let waiting = Mutex(false)
        let layout = layout
        let restarted = Task {
            try await onThread {
                try WorkFolder(layout: layout, instance: "b", patience: .seconds(60)) { waiting.withLock { $0 = true } }
            }
        }
        try await waitUntil("the restart waits for the lock") { waiting.withLock { $0 } }
        // The adopter moves the file out, removes the lock file and the folder, then lets go.
        try FileManager.default.moveItem(atPath: claimed.string, toPath: folder.path("adopted").string)
        try FileManager.default.removeItem(atPath: lockFile.string)
        try FileManager.default.removeItem(atPath: deadFolder.string)
        try adopter.close()
        let again = try await restarted.value
        defer { again.release() }
        #expect(FileManager.default.fileExists(atPath: lockFile.string))
        // Its lock is on the lock file that is there: no one else takes the folder.
        let other = try WorkFolder(layout: layout, instance: "other")
        defer { other.release() }
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        try folder.write("inbox/c.txt", "y")
        _ = try again.claim(FilePath.Component("c.txt"))
        #expect(try other.adoptAbandoned(logger: logger).isEmpty)
        #expect(files(in: URL(fileURLWithPath: again.path.string)).count == 1)
        #expect(throws: FileSystemError.self) { try WorkFolder(layout: layout, instance: "b") }
    }

    /// A live instance's lock is waited for only as long as asked, then the start fails.
    @Test func aLiveInstancesLockIsWaitedForThenRefused() async throws {
        let live = try WorkFolder(layout: layout, instance: "one")
        defer { live.release() }
        let told = Mutex(0)
        let layout = layout
        await #expect {
            try await onThread {
                try WorkFolder(layout: layout, instance: "one", patience: .milliseconds(300)) {
                    told.withLock { $0 += 1 }
                }
            }
        } throws: { error in
            (error as? FileSystemError)?.errno == .wouldBlock
        }
        #expect(told.withLock { $0 } == 1)
    }

    /// Runs `body`, which blocks while it waits for a lock, on a thread of its own: blocking one
    /// of the few threads that run every test's async work would stall tests beside it.
    private func onThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    @Test func aFaultWhileAdoptingKeepsTheDeadInstancesFile() async throws {
        try folder.write("inbox/a.txt", "x")
        let dead = try WorkFolder(layout: layout, instance: "dead")
        let claim = try #require(try dead.claim(FilePath.Component("a.txt")))
        try FileManager.default.removeItem(atPath: dead.path.appending(".lock").string)
        let me = try WorkFolder(layout: layout, instance: "me")
        defer { me.release() }
        // This instance's folder is gone (as on a mount gone away): every rename into it fails.
        let aside = folder.path("aside")
        try FileManager.default.moveItem(atPath: me.path.string, toPath: aside.string)
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        #expect(throws: FileSystemError.self) { try me.adoptAbandoned(logger: logger) }
        #expect(FileManager.default.fileExists(atPath: claim.workPath.string), "a fault must never drop an input")
        // Once the folder is back, the next adoption takes it.
        try FileManager.default.moveItem(atPath: aside.string, toPath: me.path.string)
        #expect(try me.adoptAbandoned(logger: logger).map(\.name.string) == ["a.txt"])
    }

    /// The daemon adopts while it retries inputs that failed: the claims it holds (made by this
    /// run, with an arrival time) must not come back as second copies (listed, without one).
    @Test func adoptionWhileRetryingReturnsNoInputHeldAlready() async throws {
        try folder.write("inbox/a.txt", "Title\n\nBody.")
        try folder.write("inbox/b.txt", "Other\n\nBody.")
        let me = try WorkFolder(layout: layout, instance: "me")
        defer { me.release() }
        let held = try #require(try me.claim(FilePath.Component("a.txt")))
        #expect(held.arrival != nil)
        let other = try #require(try me.claim(FilePath.Component("b.txt")))
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let listed = try me.adoptAbandoned(logger: logger)
        #expect(Set(listed.map(\.workPath)) == [held.workPath, other.workPath])
        #expect(!listed.contains(held), "a listed claim differs from the one made (no arrival time)")
        let adopted = try me.adoptAbandoned(logger: logger, besides: [held])
        #expect(adopted.map(\.workPath) == [other.workPath])
        #expect(try me.adoptAbandoned(logger: logger, besides: [held, other]).isEmpty)
    }

    @Test func theFsyncPolicySyncsTheFoldersOfABatchAndSyncfsLeavesThemToTheCommit() async throws {
        let work = try WorkFolder(layout: layout, instance: "one")
        defer { work.release() }
        try folder.write("inbox/a.txt", "x")
        let claim = try #require(try work.claim(FilePath.Component("a.txt")))
        let disposer = Disposer(layout: layout, flush: .fsync)
        let moved = try #require(try disposer.dispose(claim, to: .rejected, reason: Array("{}".utf8)))
        try disposer.makeDurable([moved.removingLastComponent(), work.path])
        // Each folder is really opened and synced: a missing one fails under fsync only.
        let missing: Set<FilePath> = [folder.path("inbox/nowhere")]
        #expect(throws: FileSystemError.self) { try disposer.makeDurable(missing) }
        try Disposer(layout: layout, flush: .syncfs).makeDurable(missing)
    }

    @Test func disposalNeverOverwritesAndWritesTheReasonBeside() async throws {
        let work = try WorkFolder(layout: layout, instance: "one")
        defer { work.release() }
        let disposer = Disposer(layout: layout)
        var destinations: [String] = []
        for content in ["1", "2", "3"] {
            try folder.write("inbox/000_x.txt", content)
            let claim = try #require(try work.claim(FilePath.Component("000_x.txt")))
            destinations.append(
                try #require(try disposer.dispose(claim, to: .rejected, reason: Array("{\"n\":\(content)}".utf8)))
                    .lastComponent!.string)
        }
        #expect(destinations == ["000_x.txt", "000_x.1.txt", "000_x.2.txt"])
        for (index, name) in destinations.enumerated() {
            #expect(
                try String(contentsOfFile: layout.rejected.appending(name).string, encoding: .utf8) == "\(index + 1)")
            #expect(
                try String(contentsOfFile: layout.rejected.appending("\(name).reason.json").string, encoding: .utf8)
                    == "{\"n\":\(index + 1)}")
        }
    }

    @Test func disposalRepeatedAfterAnInterruptedLinkFindsItsOwnFile() async throws {
        let work = try WorkFolder(layout: layout, instance: "one")
        defer { work.release() }
        try folder.write("inbox/a.txt", "x")
        let claim = try #require(try work.claim(FilePath.Component("a.txt")))
        // A link-and-unlink fallback cut short: the file has both names.
        try FileManager.default.createDirectory(atPath: layout.processed.string, withIntermediateDirectories: true)
        #expect(link(claim.workPath.string, layout.processed.appending("a.txt").string) == 0)
        let moved = try Disposer(layout: layout).dispose(claim, to: .processed)
        #expect(moved == layout.processed.appending("a.txt"))
        #expect(files(in: URL(fileURLWithPath: layout.processed.string)) == ["a.txt"])
        #expect(!FileManager.default.fileExists(atPath: claim.workPath.string))
    }

    @Test func deletePolicyRemovesInsteadOfKeeping() async throws {
        let work = try WorkFolder(layout: layout, instance: "one")
        defer { work.release() }
        try folder.write("inbox/a.txt", "x")
        let claim = try #require(try work.claim(FilePath.Component("a.txt")))
        #expect(try Disposer(layout: layout, deleteProcessed: true).dispose(claim, to: .processed) == nil)
        #expect(!FileManager.default.fileExists(atPath: claim.workPath.string))
    }

    @Test func ignoreRulesSkipDotFilesAndPartialDownloads() async throws {
        let rules = IgnoreRules()
        for name in [".hidden", "a.tmp", "a.part", "a.partial", "a.filepart", "a.crdownload", "a.txt~"] {
            #expect(rules.ignores(try #require(FilePath.Component(name))), "\(name)")
        }
        #expect(!rules.ignores(FilePath.Component("000_2a12523330ba2c24.txt")))
        #expect(IgnoreRules(patterns: ["*.json"]).ignores(FilePath.Component("x.json")))
        #expect(IgnoreRules(patterns: []).ignores(FilePath.Component(".x")))
    }
}
