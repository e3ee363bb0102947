import CLinux
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The file operations newsdrop builds its crash safety on, each failing with a
/// `FileSystemError` that names the operation and the path.
public enum FileSystem {
    /// Creates a new file that must not exist yet, writes all of `bytes`, optionally fsyncs it, and
    /// closes it.
    ///
    /// - Parameters:
    ///   - path: the new file.
    ///   - bytes: its whole content.
    ///   - sync: whether to `fsync` before closing.
    ///   - permissions: the mode before the umask.
    /// - Throws: `FileSystemError`, e.g. `EEXIST` when the name is taken or `ENOENT` when the folder is missing.
    public static func createFile(
        at path: FilePath, bytes: [UInt8], sync: Bool,
        permissions: FilePermissions = [.ownerReadWrite, .groupRead, .otherRead]
    ) throws(FileSystemError) {
        let fd = try open(
            path, .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec], permissions: permissions,
            operation: "create")
        // A half-written file must not stay behind: remove it on any failure.
        func fail(_ error: FileSystemError) -> FileSystemError {
            _ = try? fd.close()
            try? removeFile(path)
            return error
        }
        do {
            _ = try fd.writeAll(bytes)
        } catch {
            throw fail(FileSystemError("write", path, caught: error))
        }
        if sync {
            do { try systemCall { fsync(fd.rawValue) } } catch { throw fail(FileSystemError("fsync", path, error)) }
        }
        do { try fd.close() } catch {
            try? removeFile(path)
            throw FileSystemError("close", path, caught: error)
        }
    }

    /// Gives an existing file a second name, failing if that name exists. `link(2)` never
    /// replaces its target, on local file systems and on NFS alike, so two processes racing to
    /// publish the same name cannot both win.
    ///
    /// - Parameters:
    ///   - source: the existing file.
    ///   - target: the new name.
    /// - Returns: `false` when `target` already existed (nothing changed), `true` when linked.
    /// - Throws: `FileSystemError` for any other failure.
    public static func linkNoClobber(_ source: FilePath, to target: FilePath) throws(FileSystemError) -> Bool {
        do {
            try systemCall { source.withPlatformString { src in target.withPlatformString { dst in link(src, dst) } } }
            return true
        } catch .fileExists {
            return false
        } catch {
            throw FileSystemError("link \(source) to", target, error)
        }
    }

    /// Renames a file, replacing whatever `target` named.
    ///
    /// - Throws: `FileSystemError`; `ENOENT` when `source` is gone (e.g. another process took it).
    public static func rename(_ source: FilePath, to target: FilePath) throws(FileSystemError) {
        do {
            try systemCall {
                source.withPlatformString { src in target.withPlatformString { dst in Glibc.rename(src, dst) } }
            }
        } catch {
            throw FileSystemError("rename \(source) to", target, error)
        }
    }

    /// Renames a file unless `target` exists, atomically: `renameat2(RENAME_NOREPLACE)`. Where the
    /// file system lacks that flag (NFS, some FUSE), it falls back to `link` + `unlink`, after which
    /// a crash can leave both names; callers that replay must tolerate that.
    ///
    /// - Returns: `false` when `target` exists (nothing changed), `true` when renamed.
    /// - Throws: `FileSystemError`; `ENOENT` when `source` is gone.
    public static func renameNoClobber(_ source: FilePath, to target: FilePath) throws(FileSystemError) -> Bool {
        do {
            try systemCall {
                source.withPlatformString { src in
                    target.withPlatformString { dst in
                        newsdrop_renameat2(AT_FDCWD, src, AT_FDCWD, dst, UInt32(NEWSDROP_RENAME_NOREPLACE))
                    }
                }
            }
            return true
        } catch .fileExists {
            return false
        } catch .invalidArgument, .notSupported, .noFunction {
            guard try linkNoClobber(source, to: target) else { return false }
            try removeFile(source)
            return true
        } catch {
            throw FileSystemError("rename \(source) to", target, error)
        }
    }

    /// Replaces `target` with a file holding `bytes`, atomically: readers see the old file or the
    /// new one, never a part. Writes a hidden temp file beside it and renames it over the target.
    ///
    /// - Parameters:
    ///   - target: the file to replace (or create).
    ///   - bytes: its new contents.
    ///   - durable: `fsync` the temp file before the rename and the folder after it, so the new
    ///     contents survive a crash; without it, a crash may leave the old file.
    /// - Throws: `FileSystemError`; the temp file is removed.
    public static func replaceFile(_ target: FilePath, bytes: [UInt8], durable: Bool) throws(FileSystemError) {
        let parent = target.removingLastComponent()
        let folder = parent.isEmpty ? FilePath(".") : parent
        let temp = folder.appending(".\(target.lastComponent?.string ?? "file").\(UInt64.random(in: 0 ... .max)).tmp")
        do {
            try createFile(at: temp, bytes: bytes, sync: durable)
            try rename(temp, to: target)
            if durable { try syncDirectory(folder) }
        } catch {
            try? removeFile(temp)
            throw error
        }
    }

    /// Whether anything (a file, a folder, a link) has the name `path`.
    public static func itemExists(at path: FilePath) -> Bool {
        var info = stat()
        return path.withPlatformString { lstat($0, &info) } == 0
    }

    /// Removes a name; a name that is already gone is not an error.
    ///
    /// - Throws: `FileSystemError` for failures other than `ENOENT`.
    public static func removeFile(_ path: FilePath) throws(FileSystemError) {
        do {
            try systemCall { path.withPlatformString { unlink($0) } }
        } catch .noSuchFileOrDirectory {
            return
        } catch {
            throw FileSystemError("remove", path, error)
        }
    }

    /// Creates a folder; an existing folder is fine.
    ///
    /// - Returns: `true` when this call created it.
    /// - Throws: `FileSystemError`.
    @discardableResult
    public static func makeDirectory(
        _ path: FilePath, permissions: FilePermissions = [.ownerReadWriteExecute, .groupReadExecute, .otherReadExecute]
    ) throws(FileSystemError) -> Bool {
        do {
            try systemCall { path.withPlatformString { mkdir($0, permissions.rawValue) } }
            return true
        } catch .fileExists {
            return false
        } catch {
            throw FileSystemError("create the folder", path, error)
        }
    }

    /// Creates a folder and any missing parents, and returns the folder's status once it can be
    /// seen.
    ///
    /// Safe when several processes, or hosts sharing the folders, create the same folders at once:
    /// a folder that exists is fine. On a distributed file system (GlusterFS) `mkdir` can answer
    /// `EEXIST` for a folder another client is still creating, while this client cannot see it yet
    /// (`stat`, or a `mkdir` inside it, fails with `ENOENT`): then the path is tried again, after
    /// pauses doubling from 5 ms to 0.5 s, for up to about 5 s.
    ///
    /// - Returns: the folder's status (`stat`, following a symbolic link).
    /// - Throws: `FileSystemError`; `ENOTDIR` when the path exists but is not a folder.
    @discardableResult
    public static func makeDirectories(_ path: FilePath) throws(FileSystemError) -> Stat {
        var delay: Duration = .milliseconds(5)
        var waited: Duration = .zero
        while true {
            do throws(FileSystemError) {
                var partial = path.root.map { FilePath(root: $0) } ?? FilePath()
                for component in path.components {
                    partial.append(component)
                    try makeDirectory(partial)
                }
                let status: Stat
                do { status = try path.stat() } catch { throw FileSystemError("stat", path, error) }
                guard status.type == .directory else { throw FileSystemError("create the folder", path, .notDirectory) }
                return status
            } catch let error where error.errno == .noSuchFileOrDirectory && waited < .seconds(5) {
                pause(for: delay)
                waited += delay
                delay = min(delay * 2, .milliseconds(500))
            }
        }
    }

    /// Blocks the calling thread for `duration` (a bounded wait for another host, never for
    /// synchronisation within this process).
    private static func pause(for duration: Duration) {
        var request = timespec(
            tv_sec: Int(duration.components.seconds), tv_nsec: Int(duration.components.attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }

    /// Makes a folder's entries (names created, renamed or removed in it) durable.
    ///
    /// - Throws: `FileSystemError`.
    public static func syncDirectory(_ path: FilePath) throws(FileSystemError) {
        let fd = try open(path, .readOnly, options: [.directory, .closeOnExec], operation: "open the folder")
        defer { _ = try? fd.close() }
        do { try systemCall { fsync(fd.rawValue) } } catch { throw FileSystemError("fsync the folder", path, error) }
    }

    /// Makes a file's contents durable (`fsync` through a descriptor of its own).
    ///
    /// - Throws: `FileSystemError`.
    public static func syncFile(_ path: FilePath) throws(FileSystemError) {
        let fd = try open(path, .readOnly, options: [.closeOnExec])
        defer { _ = try? fd.close() }
        do { try systemCall { fsync(fd.rawValue) } } catch { throw FileSystemError("fsync", path, error) }
    }

    /// Makes each folder's entries durable (`syncDirectory`), all at once on several threads:
    /// the disk (or the servers) serve the flushes together.
    ///
    /// - Throws: the first `FileSystemError`, in the order given.
    public static func syncDirectories(_ paths: [FilePath]) throws(FileSystemError) {
        try Concurrently.run(paths) { path throws(FileSystemError) in try syncDirectory(path) }
    }

    /// Flushes everything written to the file system that holds `path`: the group commit that
    /// makes a whole batch of new files durable for the cost of one flush.
    ///
    /// The corresponding C function is `syncfs`.
    /// - Throws: `FileSystemError`.
    public static func syncFileSystem(containing path: FilePath) throws(FileSystemError) {
        let fd = try open(path, .readOnly, options: [.directory, .closeOnExec], operation: "open the folder")
        defer { _ = try? fd.close() }
        do { try systemCall { newsdrop_syncfs(fd.rawValue) } } catch { throw FileSystemError("syncfs", path, error) }
    }

    /// Writes the dirty pages of a range of an open file to the disk and waits for them: not a
    /// durability step (no metadata, no device cache flush; `fsync` still follows), but a file
    /// written in the background that is written back as it grows leaves little for someone else's
    /// `syncfs` to wait on. Where the file system refuses (`EINVAL`, `ESPIPE`, `ENOSYS`,
    /// `EOPNOTSUPP`) it does nothing.
    ///
    /// The corresponding C function is `sync_file_range`.
    /// - Throws: `FileSystemError` for an I/O error.
    public static func writeBack(
        _ fd: FileDescriptor, offset: Int64, length: Int64, path: FilePath
    ) throws(FileSystemError) {
        do {
            _ = try systemCall { newsdrop_write_back_range(fd.rawValue, offset, length) }
        } catch let error where [.invalidArgument, .illegalSeek, .noFunction, .notSupported].contains(error) {
            return
        } catch {
            throw FileSystemError("sync_file_range", path, error)
        }
    }

    /// The type of the file system holding `path` (`statfs`'s `f_type`: 0xEF53 for ext4, the FUSE
    /// magic 0x65735546, …). The corresponding C function is `statfs`.
    ///
    /// - Throws: `FileSystemError`.
    public static func fileSystemType(of path: FilePath) throws(FileSystemError) -> Int {
        var type = 0
        do { try systemCall { path.withPlatformString { newsdrop_statfs_type($0, &type) } } } catch {
            throw FileSystemError("statfs", path, error)
        }
        return type
    }

    /// Whether the file open as `descriptor` still has the name `path` (not removed, nor replaced
    /// by another file, since it was opened). A lock on a file whose name another process removed
    /// guards nothing: whoever opens `path` next locks another file.
    ///
    /// - Returns: `false` also when nothing has the name `path`.
    /// - Throws: `FileSystemError` when either cannot be looked at.
    public static func isStillNamed(_ descriptor: FileDescriptor, at path: FilePath) throws(FileSystemError) -> Bool {
        do {
            let open = try descriptor.stat()
            let named = try path.stat()
            return open.inode == named.inode && open.deviceID == named.deviceID
        } catch .noSuchFileOrDirectory {
            return false
        } catch {
            throw FileSystemError("stat", path, error)
        }
    }

    /// The size of the file open as `descriptor`, as the file system has it now: not from the
    /// kernel's attribute cache, which a FUSE or network client keeps for a while without seeing
    /// other clients' writes. On a local file system it costs what
    /// `fstat` costs.
    ///
    /// - Parameters:
    ///   - descriptor: the open file.
    ///   - path: its path, for the error.
    /// - Throws: `FileSystemError`.
    public static func freshSize(of descriptor: FileDescriptor, path: FilePath) throws(FileSystemError) -> Int {
        var size: Int64 = 0
        do { try systemCall { newsdrop_fresh_size(descriptor.rawValue, &size) } } catch {
            throw FileSystemError("statx", path, error)
        }
        return Int(size)
    }

    /// Reads a whole file, refusing to read more than `limit` bytes.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - limit: the most bytes to accept.
    ///   - followSymlinks: `false` opens with `O_NOFOLLOW`, failing with `ELOOP` on a link.
    /// - Returns: the bytes, or `nil` when the file holds more than `limit`.
    /// - Throws: `FileSystemError`.
    public static func readFile(
        at path: FilePath, limit: Int = .max, followSymlinks: Bool = true
    ) throws(FileSystemError) -> [UInt8]? {
        var options: FileDescriptor.OpenOptions = [.closeOnExec]
        if !followSymlinks { options.insert(.noFollow) }
        let fd = try open(path, .readOnly, options: options, operation: "open")
        defer { _ = try? fd.close() }
        return try readAll(fd, path: path, limit: limit)
    }

    /// Reads from `fd` until end of file, refusing more than `limit` bytes.
    ///
    /// - Parameters:
    ///   - expectedSize: the file's size from a `stat` the caller already made (else `readAll`
    ///     makes one). When a read brings exactly that many bytes and no more, the file is taken
    ///     as whole without a further read to see its end.
    /// - Returns: the bytes, or `nil` when there are more than `limit`.
    /// - Throws: `FileSystemError` naming `path`.
    public static func readAll(
        _ fd: FileDescriptor, path: FilePath, limit: Int = .max, expectedSize: Int? = nil
    ) throws(FileSystemError) -> [UInt8]? {
        let limit = min(limit, Int.max - 1)
        let expected = expectedSize ?? (try? fd.stat().size).map { Int(clamping: $0) } ?? 0
        // One byte more than expected: a file still as long as its stat said fills all but that byte.
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, min(limit, expected) + 1), alignment: 1)
        defer { buffer.deallocate() }
        var filled = 0
        while true {
            if filled == buffer.count {
                guard filled <= limit else { return nil }
                let grown = UnsafeMutableRawBufferPointer.allocate(
                    byteCount: min(limit + 1, buffer.count * 2), alignment: 1)
                grown.copyMemory(from: UnsafeRawBufferPointer(buffer))
                buffer.deallocate()
                buffer = grown
            }
            let count: Int
            do {
                count = try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            } catch {
                throw FileSystemError("read", path, caught: error)
            }
            filled += count
            if count == 0 || (filled == expected && filled < buffer.count) { return Array(buffer[..<filled]) }
            if filled > limit { return nil }
        }
    }

    /// Lists a folder's entries, without `.` and `..`.
    ///
    /// - Returns: the entries in the order the file system gives them.
    /// - Throws: `FileSystemError`.
    public static func entries(of path: FilePath) throws(FileSystemError) -> [DirectoryEntry] {
        var entries: [DirectoryEntry] = []
        try forEachEntry(in: path) { name, kind in
            // `name` is NUL-terminated, as `d_name` is.
            let path = FilePath(platformString: UnsafeRawPointer(name.baseAddress!).assumingMemoryBound(to: CChar.self))
            if let component = path.lastComponent, component.kind == .regular {
                entries.append(DirectoryEntry(name: component, kind: kind))
            }
            return true
        }
        return entries
    }

    /// Calls `body` with the name and kind of each entry of a folder (without `.` and `..`), the
    /// name as raw bytes valid only during the call (a NUL follows them, as in `d_name`), until
    /// `body` returns `false`: for walks over folders of many entries (`entries(of:)` makes a path
    /// component of each and holds them all).
    ///
    /// - Throws: `FileSystemError`.
    public static func forEachEntry(
        in path: FilePath, _ body: (UnsafeBufferPointer<UInt8>, DirectoryEntry.Kind) -> Bool
    ) throws(FileSystemError) {
        let stream: OpaquePointer? = path.withPlatformString { opendir($0) }
        guard let stream else { throw FileSystemError("list the folder", path, Errno(rawValue: errno)) }
        defer { closedir(stream) }
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw FileSystemError("list the folder", path, Errno(rawValue: errno)) }
                return
            }
            let kind = kind(Int32(entry.pointee.d_type))
            let more = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                let name = UnsafeBufferPointer(
                    start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    count: strlen(raw.baseAddress!.assumingMemoryBound(to: CChar.self)))
                if name.count == 1, name[0] == 0x2E { return true }
                if name.count == 2, name[0] == 0x2E, name[1] == 0x2E { return true }
                return body(name, kind)
            }
            if !more { return }
        }
    }

    private static func kind(_ type: Int32) -> DirectoryEntry.Kind {
        switch type {
        case Int32(DT_REG): .regular
        case Int32(DT_DIR): .directory
        case Int32(DT_LNK): .symlink
        case Int32(DT_UNKNOWN): .unknown
        default: .special
        }
    }

    /// `FileDescriptor.open` with the error wrapped.
    public static func open(
        _ path: FilePath, _ mode: FileDescriptor.AccessMode, options: FileDescriptor.OpenOptions = [.closeOnExec],
        permissions: FilePermissions? = nil, operation: String = "open"
    ) throws(FileSystemError) -> FileDescriptor {
        do {
            return try FileDescriptor.open(path, mode, options: options, permissions: permissions)
        } catch {
            throw FileSystemError(operation, path, caught: error)
        }
    }
}
