import DurableFiles
import SystemPackage

/// Moves a claimed input out of the work folder once its outcome is durable: to `processed/`,
/// `duplicates/` or `rejected/` (with `NAME.reason.json` beside it), never overwriting a name —
/// `000_x.txt` becomes `000_x.1.txt`, `000_x.2.txt`… when taken. Processed and duplicate inputs
/// can be deleted instead of kept.
public struct Disposer: Sendable {
    /// Where an input goes.
    public enum Destination: String, Sendable {
        /// Its content was stored.
        case processed
        /// Its content was already stored.
        case duplicates
        /// It was rejected.
        case rejected
    }

    /// The inbox folders, among them `processed/`, `duplicates/` and `rejected/`.
    public let layout: InboxLayout
    /// Delete processed inputs instead of keeping them.
    public let deleteProcessed: Bool
    /// Delete duplicate inputs instead of keeping them.
    public let deleteDuplicates: Bool
    /// How the moves are made durable: under `fsync` the reason files are `fsync`ed as written and
    /// `makeDurable(_:)` `fsync`s the folders of a batch's moves; under `syncfs` the group commit
    /// of the next batch flushes them along with the store (on the same file system).
    public let flush: FlushPolicy

    /// Creates a disposer.
    public init(
        layout: InboxLayout, deleteProcessed: Bool = false, deleteDuplicates: Bool = false,
        flush: FlushPolicy = .syncfs
    ) {
        self.layout = layout
        self.deleteProcessed = deleteProcessed
        self.deleteDuplicates = deleteDuplicates
        self.flush = flush
    }

    /// Whether `makeDurable(_:)` syncs the folders it is given (the `fsync` policy): under
    /// `syncfs` a caller need not gather them.
    public var syncsFolders: Bool { flush == .fsync }

    /// Makes a batch's moves durable under the `fsync` policy: `fsync` of every folder that gained
    /// or lost a name (the destinations and the work folder), all at once; nothing under `syncfs`.
    ///
    /// - Parameter folders: the folders the batch's disposals touched.
    /// - Throws: `FileSystemError` for the first folder that could not be synced.
    public func makeDurable(_ folders: Set<FilePath>) throws(FileSystemError) {
        guard flush == .fsync, !folders.isEmpty else { return }
        try FileSystem.syncDirectories(folders.sorted { $0.string < $1.string })
    }

    /// Moves (or deletes) a claimed input.
    ///
    /// Safe to repeat after a crash: a file already at its destination (same inode) is recognised.
    /// - Parameters:
    ///   - claim: the input.
    ///   - destination: where it goes.
    ///   - reason: for `rejected`, the JSON written to `NAME.reason.json`.
    /// - Returns: the input's new path, or `nil` when it was deleted.
    /// - Throws: `FileSystemError`; the input then stays in the work folder.
    @discardableResult
    public func dispose(
        _ claim: ClaimedInput, to destination: Destination, reason: [UInt8]? = nil
    ) throws(FileSystemError) -> FilePath? {
        if (destination == .processed && deleteProcessed) || (destination == .duplicates && deleteDuplicates) {
            try FileSystem.removeFile(claim.workPath)
            return nil
        }
        let folder = self.folder(destination)
        // The input's identity is looked up only once a name is found taken (the input is still
        // in the work folder then): the usual move needs no extra stat.
        var identity: Stat?
        var identityKnown = false
        for attempt in 0..<10_000 {
            let name = Self.candidate(claim.name, attempt)
            let target = folder.appending(name)
            if let reason, !(try reserve(folder.appending("\(name.string).reason.json"), with: reason)) { continue }
            if try moveNoClobber(claim.workPath, to: target, folder: folder) { return target }
            if !identityKnown {
                identity = try? claim.workPath.stat(followTargetSymlink: false)
                identityKnown = true
            }
            if let identity, let existing = try? target.stat(followTargetSymlink: false),
                existing.rawValue.st_ino == identity.rawValue.st_ino,
                existing.rawValue.st_dev == identity.rawValue.st_dev
            {
                try FileSystem.removeFile(claim.workPath)  // a link left by an interrupted earlier disposal
                return target
            }
            if reason != nil { try? FileSystem.removeFile(folder.appending("\(name.string).reason.json")) }
        }
        throw FileSystemError("find a free name for", folder.appending(claim.name), .fileExists)
    }

    private func folder(_ destination: Destination) -> FilePath {
        switch destination {
        case .processed: layout.processed
        case .duplicates: layout.duplicates
        case .rejected: layout.rejected
        }
    }

    private func moveNoClobber(
        _ source: FilePath, to target: FilePath, folder: FilePath
    ) throws(FileSystemError) -> Bool {
        do {
            return try FileSystem.renameNoClobber(source, to: target)
        } catch let error where error.errno == .noSuchFileOrDirectory && (try? folder.stat()) == nil {
            try FileSystem.makeDirectories(folder)
            return try FileSystem.renameNoClobber(source, to: target)
        }
    }

    /// Creates `path` holding `bytes` unless it exists; `false` when it does.
    private func reserve(_ path: FilePath, with bytes: [UInt8]) throws(FileSystemError) -> Bool {
        let folder = path.removingLastComponent()
        let temp = folder.appending(".reason.\(UInt64.random(in: .min ... .max))")
        let sync = flush == .fsync
        do {
            try FileSystem.createFile(at: temp, bytes: bytes, sync: sync)
        } catch let error where error.errno == .noSuchFileOrDirectory {
            try FileSystem.makeDirectories(folder)
            try FileSystem.createFile(at: temp, bytes: bytes, sync: sync)
        }
        defer { try? FileSystem.removeFile(temp) }
        return try FileSystem.linkNoClobber(temp, to: path)
    }

    /// `name` for attempt 0, then `base.1.ext`, `base.2.ext`…
    static func candidate(_ name: FilePath.Component, _ attempt: Int) -> FilePath.Component {
        guard attempt > 0 else { return name }
        let suffix = ".\(attempt)"
        let stem = name.stem
        let ext = name.extension.map { ".\($0)" } ?? ""
        var base = stem
        while base.utf8.count + suffix.utf8.count + ext.utf8.count > ClaimKey.maximumNameBytes, !base.isEmpty {
            base.removeLast()
        }
        return FilePath.Component(base + suffix + ext) ?? name
    }
}
