import DurableFiles
import Logging
import SystemPackage

#if canImport(Glibc)
    import Events
    import Glibc
#endif

/// This daemon instance's work folder, `<inbox>/.newsdrop/work/<instance>/`, and claiming.
///
/// A claim is a rename from the inbox into this folder: atomic, so of several daemons serving one
/// inbox (even on several hosts over NFS) exactly one gets each file; the others see `ENOENT`.
/// The instance holds an exclusive `flock` on `.lock` in its folder while it runs; a folder whose
/// lock anyone can take belongs to a dead instance, and its files are adopted and finished.
public final class WorkFolder: Sendable {
    /// The inbox folders, among them `.work/` which holds each instance's work folder.
    public let layout: InboxLayout
    /// This instance's name.
    public let instance: String
    /// This instance's folder.
    public let path: FilePath
    private let lock: FileDescriptor

    /// The lock file's name inside a work folder.
    static let lockName = ".lock"

    /// Creates (or reuses) the instance's folder and locks it.
    ///
    /// The lock can be held for a while by a process that is not this instance: a daemon (on this
    /// host or another) adopting the folder's files after this instance stopped. It locks the
    /// folder, moves the files out, removes the lock file and the folder, then lets go. A restart
    /// under the same name in that moment waits for it: the lock is tried again until `patience`
    /// has passed.
    ///
    /// - Parameters:
    ///   - layout: the inbox's folders.
    ///   - instance: this instance's name.
    ///   - patience: how long a held lock is waited for (none by default).
    ///   - waiting: called once, when the lock is found held and will be waited for.
    /// - Throws: `FileSystemError`; `EWOULDBLOCK` when another process still holds this
    ///   instance's lock after `patience` (a live daemon runs under this name).
    public init(
        layout: InboxLayout, instance: String, patience: Duration = .zero, waiting: () -> Void = {}
    ) throws(FileSystemError) {
        self.layout = layout
        self.instance = instance
        self.path = layout.workFolder(instance: instance)
        lock = try Self.lockOwnFolder(path, patience: patience, waiting: waiting)
    }

    /// Makes `folder` and takes its lock, waiting up to `patience` while another process holds it,
    /// and starting again while what it locked is no longer the folder's lock file (an adopter
    /// removed it after it was opened here).
    private static func lockOwnFolder(
        _ folder: FilePath, patience: Duration, waiting: () -> Void
    ) throws(FileSystemError) -> FileDescriptor {
        let clock = ContinuousClock()
        let deadline = clock.now + patience
        var toldWaiting = false
        var replaced = 0
        while true {
            do {
                try FileSystem.makeDirectories(folder)
                let descriptor = try lock(folder, blocking: false)
                let named = Result { () throws(FileSystemError) in
                    try FileSystem.isStillNamed(descriptor, at: folder.appending(lockName))
                }
                if case .success(true) = named { return descriptor }
                _ = try? descriptor.close()
                _ = try named.get()
            } catch let error where error.errno == .wouldBlock && clock.now < deadline {
                if !toldWaiting {
                    waiting()
                    toldWaiting = true
                }
                var pause = timespec(tv_sec: 0, tv_nsec: 100_000_000)
                nanosleep(&pause, nil)
                continue
            } catch let error where error.errno == .noSuchFileOrDirectory {
                // The folder was removed between making it and opening its lock file.
                guard replaced < 100 else { throw error }
            }
            // The lock file or the folder went away under us: an adopter finished. Make them anew
            // (a bounded number of times: each needs another adopter to finish).
            replaced += 1
            guard replaced <= 100 else { throw FileSystemError("lock", folder.appending(lockName), .wouldBlock) }
        }
    }

    /// Releases the lock and removes the folder when it is empty.
    public func release() {
        _ = try? FileSystem.removeFile(path.appending(Self.lockName))
        _ = path.withPlatformString { rmdir($0) }
        _ = try? lock.close()
    }

    /// Claims `name` from the inbox.
    ///
    /// - Returns: the claim, or `nil` when the name is gone (another instance took it), is a folder.
    /// - Throws: `FileSystemError` for other failures (the input stays in the inbox).
    public func claim(_ name: FilePath.Component) throws(FileSystemError) -> ClaimedInput? {
        let source = layout.inbox.appending(name)
        let stat: Stat
        do {
            stat = try source.stat(followTargetSymlink: false)
        } catch .noSuchFileOrDirectory {
            return nil
        } catch {
            throw FileSystemError("stat", source, error)
        }
        guard stat.type != .directory else { return nil }
        let key = ClaimKey.make(for: stat, name: name)
        let target = path.appending(ClaimKey.workName(key: key, name: name))
        do {
            try FileSystem.rename(source, to: target)
        } catch let error where error.errno == .noSuchFileOrDirectory {
            guard (try? path.stat())?.type != .directory else { return nil }  // taken by another instance
            try FileSystem.makeDirectories(path)  // the inbox was re-created: so is our folder
            do { try FileSystem.rename(source, to: target) } catch let again where again.errno == .noSuchFileOrDirectory
            { return nil }
        }
        let changed = stat.rawValue.st_ctim
        return ClaimedInput(
            key: key, name: name, workPath: target, inboxPath: source,
            arrival: Double(changed.tv_sec) + Double(changed.tv_nsec) / 1e9)
    }

    /// Files left in this instance's own folder (by an earlier run under the same name).
    ///
    /// - Throws: `FileSystemError`.
    public func leftovers() throws(FileSystemError) -> [ClaimedInput] {
        try FileSystem.entries(of: path).compactMap { entry in
            guard let (key, name) = ClaimKey.parse(entry.name) else { return nil }
            return ClaimedInput(
                key: key, name: name, workPath: path.appending(entry.name), inboxPath: layout.inbox.appending(name))
        }
    }

    /// Moves the files of dead instances into this folder and returns every file to finish, this
    /// folder's own leftovers included.
    ///
    /// - Parameter logger: where adoptions are logged.
    /// - Throws: `FileSystemError` when the work folders cannot be listed.
    public func adoptAbandoned(logger: Logger) throws(FileSystemError) -> [ClaimedInput] {
        for entry in try FileSystem.entries(of: layout.work) where entry.text != instance && entry.kind != .regular {
            let folder = layout.work.appending(entry.name)
            guard let deadLock = try? Self.lock(folder, blocking: false) else { continue }  // alive
            defer { _ = try? deadLock.close() }
            // Locked after another adopter removed the lock file: that one has finished the folder,
            // and any lock file there now is a live instance's.
            guard (try? FileSystem.isStillNamed(deadLock, at: folder.appending(Self.lockName))) == true else {
                continue
            }
            var moved = 0
            for file in (try? FileSystem.entries(of: folder)) ?? [] where ClaimKey.parse(file.name) != nil {
                let from = folder.appending(file.name)
                let to = path.appending(file.name)
                do {
                    if try FileSystem.renameNoClobber(from, to: to) {
                        moved += 1
                    } else {
                        try? FileSystem.removeFile(from)  // its name is here already: a second link
                    }
                } catch {
                    // A fault (this folder gone, the mount away: ENOENT, ENOTCONN, ESTALE, EIO) is no
                    // reason to drop an input: it stays where it is for the next adoption.
                    logger.warning(
                        "cannot adopt \(from): \(error); it stays for the next try",
                        metadata: ["errno": "\(error.errno.rawValue)", "errno_name": "\(error.errnoName)"])
                }
            }
            _ = try? FileSystem.removeFile(folder.appending(Self.lockName))
            _ = folder.withPlatformString { rmdir($0) }
            logger.notice(
                "adopted \(moved) claimed files of stopped instance \(entry.text)",
                metadata: .event(.recovering, ["work_folder": "\(folder)"]))
        }
        return try leftovers()
    }

    /// Adopts as `adoptAbandoned(logger:)` does, and returns only the files to finish that are not
    /// in `known` — the inputs the caller holds already (its retry list).
    ///
    /// Files are compared by their path in the work folder: a claim listed from the folder has no
    /// arrival time, so it is never equal to the claim this run made of the same file, and an
    /// input held twice would be processed twice — in one batch, a sighting of itself.
    /// - Parameters:
    ///   - logger: where adoptions are logged.
    ///   - known: the inputs already held.
    /// - Throws: `FileSystemError` when the work folders cannot be listed.
    public func adoptAbandoned(logger: Logger, besides known: [ClaimedInput]) throws(FileSystemError) -> [ClaimedInput]
    {
        let held = Set(known.map(\.workPath))
        return try adoptAbandoned(logger: logger).filter { !held.contains($0.workPath) }
    }

    /// Opens and locks a work folder's lock file.
    private static func lock(_ folder: FilePath, blocking: Bool) throws(FileSystemError) -> FileDescriptor {
        let file = folder.appending(lockName)
        let fd = try FileSystem.open(
            file, .readWrite, options: [.create, .closeOnExec], permissions: [.ownerReadWrite, .groupRead])
        do throws(FileSystemError) {
            guard try FileLock.lock(fd, exclusive: true, wait: blocking, path: file) else {
                throw FileSystemError("lock", file, .wouldBlock)
            }
        } catch {
            _ = try? fd.close()
            throw error
        }
        return fd
    }
}
