import SystemPackage

/// The `flush` setting: `auto` (from the file system's type), or a policy forced.
public enum FlushSetting: String, Sendable, Equatable, CaseIterable, Codable {
    /// Choose from the file system's `statfs` type (`FlushPolicy.choose(forFileSystemType:)`).
    case auto
    /// Always group commit with `syncfs`.
    case syncfs
    /// Always `fsync` each file and folder.
    case fsync

    /// The policy for the file system holding `folder`.
    ///
    /// - Parameter folder: an existing folder (the store's, the inbox).
    public func choice(for folder: FilePath) -> FlushChoice {
        switch self {
        case .auto: FlushPolicy.choose(forFileSystemType: try? FileSystem.fileSystemType(of: folder))
        case .syncfs: FlushChoice(.syncfs, reason: "forced by the flush setting")
        case .fsync: FlushChoice(.fsync, reason: "forced by the flush setting")
        }
    }
}
