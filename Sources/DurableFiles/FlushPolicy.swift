import SystemPackage

/// How a writer makes what it wrote durable on one file system.
///
/// - `syncfs`: a batch of files is written, then one `syncfs(2)` flushes them all (a group commit)
///   — the cheapest way, where the kernel file system writes everything back through it.
/// - `fsync`: each file is `fsync`ed (a log `fdatasync`ed) before it is published and each folder
///   that gained or lost a name after, all at once on several threads.
///
/// `syncfs` is chosen only for the kernel file systems known to flush through it (`syncFSTypes`):
/// ext2/3/4 (`statfs` magic 0xEF53), XFS (0x58465342) and Btrfs (0x9123683E) write back every
/// dirty page and inode of the file system and wait for the disk; tmpfs (0x01021994) has no disk,
/// so `syncfs` is harmless there. Everything else gets `fsync`: on FUSE (GlusterFS, CephFS's FUSE
/// client, sshfs, JuiceFS…) `syncfs` returns 0 and sends nothing to the server (measured on
/// GlusterFS: no FSYNC reaches the bricks), and network file systems (NFS, CIFS, Ceph) flush
/// what `fsync` names, not what `syncfs` would; an unknown type is not trusted either.
public enum FlushPolicy: String, Sendable, Equatable, CaseIterable, Codable {
    /// One `syncfs` per batch (group commit).
    case syncfs
    /// `fsync` of every file and every touched folder.
    case fsync

    /// The `statfs` types whose `syncfs` flushes everything written, with their names.
    public static let syncFSTypes: [Int: String] = [
        0xEF53: "ext4", 0x5846_5342: "xfs", 0x9123_683E: "btrfs", 0x0102_1994: "tmpfs",
    ]

    /// Names of the network and FUSE `statfs` types (for the reason a choice gives, and polling).
    public static let remoteTypeNames: [Int: String] = [
        0x6969: "nfs", 0x517B: "smb", 0xFF53_4D42: "cifs", 0xFE53_4D42: "smb2", 0x6573_5546: "fuse",
        0x00C3_6400: "ceph", 0x0102_1997: "9p", 0x5346_414F: "afs", 0x7375_7245: "coda", 0x564C: "ncp",
        0x7461_636F: "ocfs2", 0x0116_1970: "gfs2", 0x0BD0_0BD0: "lustre",
    ]

    /// The policy for a file system of `statfs` type `type` (`nil`: `statfs` failed), and why.
    ///
    /// A pure function of the type: `syncfs` for the types in `syncFSTypes`, `fsync` for any other.
    public static func choose(forFileSystemType type: Int?) -> FlushChoice {
        guard let type else { return FlushChoice(.fsync, reason: "file system type unknown: fsync is safe anywhere") }
        let magic = type & 0xFFFF_FFFF
        if let name = syncFSTypes[magic] {
            let reason = name == "tmpfs" ? "tmpfs has nothing to flush" : "\(name) flushes through syncfs"
            return FlushChoice(.syncfs, reason: reason)
        }
        if let name = remoteTypeNames[magic] { return FlushChoice(.fsync, reason: "\(name): syncfs reaches no server") }
        let hex = String(magic, radix: 16)
        return FlushChoice(.fsync, reason: "file system type 0x\(hex) is not known to flush through syncfs")
    }
}
