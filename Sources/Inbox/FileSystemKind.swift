import DurableFiles
import SystemPackage

/// Tells whether a folder is on a network or FUSE file system, where inotify does not see
/// changes made by other hosts and the daemon must poll instead.
public enum FileSystemKind {
    /// The name of the remote file system type holding `path` (`nfs`, `cifs`, `fuse`…), or `nil`
    /// for a local one (or when `statfs` fails).
    public static func remoteType(of path: FilePath) -> String? {
        guard let type = try? FileSystem.fileSystemType(of: path) else { return nil }
        return FlushPolicy.remoteTypeNames[type & 0xFFFF_FFFF]
    }
}
