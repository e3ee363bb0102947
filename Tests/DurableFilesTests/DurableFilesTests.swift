import DurableFiles
import Foundation
import SystemPackage
import TestSupport
import Testing

/// The file operations crash safety rests on, on real files in a temp folder.
@Suite struct DurableFilesTests {
    private let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    @Test func linkNoClobberNeverReplacesAnExistingName() throws {
        let first = try folder.write("first", "one")
        let second = try folder.write("second", "two")
        let target = folder.path("target")
        #expect(try FileSystem.linkNoClobber(FilePath(first.path), to: target))
        #expect(
            try !FileSystem.linkNoClobber(FilePath(second.path), to: target),
            "an existing name is reported, not replaced")
        #expect(try String(contentsOfFile: target.string, encoding: .utf8) == "one")
    }

    @Test func renameNoClobberMovesOnlyOntoAFreeName() throws {
        let source = FilePath(try folder.write("source", "new").path)
        let taken = FilePath(try folder.write("taken", "old").path)
        #expect(try !FileSystem.renameNoClobber(source, to: taken))
        #expect(try String(contentsOfFile: taken.string, encoding: .utf8) == "old")
        #expect(try FileSystem.renameNoClobber(source, to: folder.path("free")))
        #expect(!FileManager.default.fileExists(atPath: source.string))
        #expect(try String(contentsOfFile: folder.path("free").string, encoding: .utf8) == "new")
    }

    @Test func readAllGrowsPastAStaleSizeAndStopsAtTheLimit() throws {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        let path = FilePath(try folder.write("big", bytes).path)
        let fd = try FileDescriptor.open(path, .readOnly)
        defer { try? fd.close() }
        // A size from an earlier stat that is far too small: the buffer must grow to hold it all.
        #expect(try FileSystem.readAll(fd, path: path, expectedSize: 10) == bytes)
        let again = try FileDescriptor.open(path, .readOnly)
        defer { try? again.close() }
        #expect(
            try FileSystem.readAll(again, path: path, limit: 99_999, expectedSize: 10) == nil, "one byte over the limit"
        )
    }

    @Test func anUnnamedFileHasNoNameUntilLinkedAndNeverClobbers() throws {
        let shard = folder.path("shard")
        try FileSystem.makeDirectories(shard)
        guard let file = try UnnamedFile.create(in: shard, bytes: Array("record".utf8)) else {
            // Only where the file system cannot make them (not the case on these ext4 disks).
            #expect(!UnnamedFile.areSupported(in: shard))
            return
        }
        #expect(try FileSystem.entries(of: shard).isEmpty, "nothing is visible before the link")
        try file.sync()
        #expect(try file.link(as: shard.appending("a.json")))
        #expect(try !file.link(as: shard.appending("a.json")), "the published name is never replaced")
        file.discard()
        #expect(try FileSystem.entries(of: shard).map(\.text) == ["a.json"])
        #expect(try FileSystem.readFile(at: shard.appending("a.json")) == Array("record".utf8))
    }

    @Test func errorsCarryTheOperationThePathAndTheErrno() throws {
        let missing = folder.path("missing/file")
        do {
            _ = try FileSystem.readFile(at: missing)
            Issue.record("read a missing file")
        } catch {
            #expect(error.errno == .noSuchFileOrDirectory)
            #expect(error.errnoName == "ENOENT")
            #expect(error.path == missing)
            #expect(error.description.contains("missing/file") && error.description.contains("ENOENT"))
        }
        struct NotAnErrno: Error {}
        #expect(FileSystemError("read", missing, caught: Errno.noSpace).errno == .noSpace)
        #expect(
            FileSystemError("read", missing, caught: NotAnErrno()).errno == .ioError,
            "an error without an errno reads as EIO")
    }

    @Test func aFolderListingSkipsDotEntriesAndReportsKinds() throws {
        _ = try folder.write("list/a.txt", "a")
        try FileSystem.makeDirectories(folder.path("list/sub"))
        let entries = try FileSystem.entries(of: folder.path("list")).sorted { $0.text < $1.text }
        #expect(entries.map(\.text) == ["a.txt", "sub"])
        #expect(entries.map(\.kind) == [.regular, .directory])
    }

    @Test func anExclusiveLockKeepsOthersOutUntilReleased() throws {
        let path = FilePath(try folder.write("lock", "").path)
        let holder = try FileDescriptor.open(path, .readWrite)
        let other = try FileDescriptor.open(path, .readWrite)
        defer {
            try? holder.close()
            try? other.close()
        }
        #expect(try FileLock.lock(holder, exclusive: true, wait: false, path: path))
        #expect(try !FileLock.lock(other, exclusive: false, wait: false, path: path), "flock locks are per open file")
        FileLock.unlock(holder)
        #expect(try FileLock.lock(other, exclusive: false, wait: false, path: path))
    }

    @Test func durationsConvertWithoutOverflow() {
        #expect(Duration.milliseconds(1500).nanoseconds == 1_500_000_000)
        #expect(Duration.seconds(Int64.max).nanoseconds == .max)
        #expect(Duration.milliseconds(250).seconds == 0.25)
    }

    /// Several daemons (hosts) starting at once on a fresh folder create the same folders: each
    /// must succeed and see a folder, whoever made it.
    @Test func foldersCreatedByManyAtOnceAreSeenByAll() throws {
        for round in 0..<20 {
            let root = folder.path("fresh-\(round)")
            let paths = (0..<8).map {
                root.appending("inbox").appending(["processed", "rejected", ".newsdrop/work"][$0 % 3])
            }
            let seen = paths.concurrentMap { path in
                Result { () throws(FileSystemError) in try FileSystem.makeDirectories(path) }
            }
            for (path, result) in zip(paths, seen) {
                #expect(try result.get().type == .directory, "\(path)")
            }
        }
    }

    @Test func makingFoldersWhereAFileIsFailsAsNotAFolder() throws {
        let file = try folder.write("taken", "x")
        #expect(throws: FileSystemError("create the folder", FilePath(file.path), .notDirectory)) {
            try FileSystem.makeDirectories(FilePath(file.path))
        }
    }

    @Test func concurrentMapKeepsTheOrder() {
        #expect((0..<1000).map { $0 }.concurrentMap { $0 * 2 } == (0..<1000).map { $0 * 2 })
    }
}
