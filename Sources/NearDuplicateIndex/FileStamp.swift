import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A file's identity and change time, to notice cheaply that another process replaced it.
struct FileStamp: Equatable, Sendable {
    let inode: UInt64
    let seconds: Int
    let nanoseconds: Int
    let size: Int64

    /// The stamp of `path`, or `nil` when it cannot be statted.
    init?(_ path: FilePath) {
        var info = stat()
        guard path.withPlatformString({ stat($0, &info) }) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        seconds = info.st_mtim.tv_sec
        nanoseconds = info.st_mtim.tv_nsec
        size = Int64(info.st_size)
    }
}
