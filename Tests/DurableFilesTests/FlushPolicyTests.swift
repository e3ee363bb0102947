import DurableFiles
import SystemPackage
import TestSupport
import Testing

/// Which file systems get the group commit (`syncfs`) and which an `fsync` per file.
@Suite struct FlushPolicyTests {
    @Test(arguments: [
        (0xEF53, "ext4 flushes through syncfs"), (0x5846_5342, "xfs flushes through syncfs"),
        (0x9123_683E, "btrfs flushes through syncfs"), (0x0102_1994, "tmpfs has nothing to flush"),
    ])
    func kernelFileSystemsThatFlushThroughSyncfsGetTheGroupCommit(type: Int, reason: String) {
        #expect(FlushPolicy.choose(forFileSystemType: type) == FlushChoice(.syncfs, reason: reason))
    }

    @Test(arguments: [
        (0x6573_5546, "fuse: syncfs reaches no server"), (0x6969, "nfs: syncfs reaches no server"),
        (0xFF53_4D42, "cifs: syncfs reaches no server"), (0x00C3_6400, "ceph: syncfs reaches no server"),
        (0x0102_1997, "9p: syncfs reaches no server"),
        (0x1234_5678, "file system type 0x12345678 is not known to flush through syncfs"),
    ])
    func fuseNetworkAndUnknownFileSystemsGetAnFsyncPerFile(type: Int, reason: String) {
        #expect(FlushPolicy.choose(forFileSystemType: type) == FlushChoice(.fsync, reason: reason))
    }

    @Test func aFailedStatfsGetsFsync() {
        #expect(FlushPolicy.choose(forFileSystemType: nil).policy == .fsync)
        #expect(FlushSetting.auto.choice(for: "/no/such/folder/anywhere").policy == .fsync)
    }

    @Test func aSignExtendedMagicIsRecognised() {
        // statfs's f_type is a signed long: Btrfs's 0x9123683E may come back sign-extended.
        #expect(FlushPolicy.choose(forFileSystemType: Int(Int32(bitPattern: 0x9123_683E))).policy == .syncfs)
    }

    @Test func theSettingForcesEitherPolicyWhateverTheFileSystem() throws {
        let folder = try TemporaryDirectory()
        #expect(
            FlushSetting.fsync.choice(for: folder.path) == FlushChoice(.fsync, reason: "forced by the flush setting"))
        #expect(
            FlushSetting.syncfs.choice(for: folder.path) == FlushChoice(.syncfs, reason: "forced by the flush setting"))
        let type = try FileSystem.fileSystemType(of: folder.path)
        #expect(FlushSetting.auto.choice(for: folder.path) == FlushPolicy.choose(forFileSystemType: type))
    }

    @Test func syncingFoldersAtOnceReportsAMissingOne() throws {
        let folder = try TemporaryDirectory()
        try FileSystem.makeDirectories(folder.path("a"))
        try FileSystem.makeDirectories(folder.path("b"))
        try FileSystem.syncDirectories([folder.path("a"), folder.path("b")])
        #expect(throws: FileSystemError.self) { try FileSystem.syncDirectories([folder.path("a"), folder.path("c")]) }
    }
}
