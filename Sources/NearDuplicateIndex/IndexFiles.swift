import SystemPackage

/// The files of an index folder (`near-index/`), named once; `docs/store-format.md` describes them.
enum IndexFiles {
    /// The manifest: which segments make up the index and how far the log is merged.
    static let manifest = "manifest.json"
    /// The append-only log of entries not yet merged into a segment.
    static let log = "log.bin"
    /// The `flock` file: appends and flushes exclusive, reads shared.
    static let lock = "lock"

    /// `folder/manifest.json`.
    static func manifest(in folder: FilePath) -> FilePath { folder.appending(manifest) }
    /// `folder/log.bin`.
    static func log(in folder: FilePath) -> FilePath { folder.appending(log) }
    /// `folder/lock`.
    static func lock(in folder: FilePath) -> FilePath { folder.appending(lock) }
}
