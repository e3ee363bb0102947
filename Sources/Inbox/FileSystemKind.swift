import DurableFiles
import SystemPackage

/// Tells whether a folder is on a network or FUSE file system, where inotify does not see
/// changes made by other hosts and the daemon must poll instead.
public enum FileSystemKind {
    private static let remoteTypes: [Int: String] = [
        0x6969: "nfs", 0x517B: "smb", 0xFF53_4D42: "cifs", 0xFE53_4D42: "smb2", 0x6573_5546: "fuse",
        0x00C3_6400: "ceph", 0x0102_1997: "9p", 0x5346_414F: "afs", 0x7375_7245: "coda", 0x564C: "ncp",
        0x7461_636F: "ocfs2", 0x0116_1970: "gfs2", 0x0BD0_0BD0: "lustre",
    ]

    /// The name of the remote file system type holding `path` (`nfs`, `cifs`, `fuse`…), or `nil`
    /// for a local one (or when `statfs` fails).
    public static func remoteType(of path: FilePath) -> String? {
        guard let type = try? FileSystem.fileSystemType(of: path) else { return nil }
        return remoteTypes[type & 0xFFFF_FFFF]
    }
}
