import CLinux
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A file written without a name (`O_TMPFILE`) and named later, atomically and without replacing
/// anything (`linkat`).
///
/// Compared with a temp name that is linked to the final name and then removed, it saves two
/// folder updates per file, and a crash leaves nothing behind to clean up: the kernel frees a file
/// that never got a name. Readers can never see it half-written.
public struct UnnamedFile: Sendable {
    /// The open descriptor; the file exists as long as it is open or has a name.
    public let descriptor: FileDescriptor
    /// The folder it was created in (its name must go in the same file system).
    public let folder: FilePath

    /// Creates an unnamed file in `folder` and writes all of `bytes`.
    ///
    /// - Returns: the file, or `nil` where the file system (NFS, some FUSE) or kernel cannot make
    ///   unnamed files; the caller then falls back to a temp name.
    /// - Throws: `FileSystemError`, e.g. `ENOENT` when the folder is missing, `EMFILE` when the
    ///   process has too many files open.
    public static func create(
        in folder: FilePath, bytes: [UInt8], permissions: FilePermissions = [.ownerReadWrite, .groupRead, .otherRead]
    )
        throws(FileSystemError) -> UnnamedFile?
    {
        let raw: Int32
        do {
            raw = try systemCall {
                folder.withPlatformString { newsdrop_open_unnamed($0, UInt32(permissions.rawValue)) }
            }
        } catch .notSupported, .isDirectory, .invalidArgument {
            return nil
        } catch {
            throw FileSystemError("create an unnamed file in", folder, error)
        }
        let file = UnnamedFile(descriptor: FileDescriptor(rawValue: raw), folder: folder)
        do {
            _ = try file.descriptor.writeAll(bytes)
        } catch {
            file.discard()
            throw FileSystemError("write an unnamed file in", folder, caught: error)
        }
        return file
    }

    /// Makes its contents durable (`fsync`).
    ///
    /// - Throws: `FileSystemError`.
    public func sync() throws(FileSystemError) {
        do { try systemCall { fsync(descriptor.rawValue) } } catch {
            throw FileSystemError("fsync an unnamed file in", folder, error)
        }
    }

    /// Whether unnamed files can be made and named in `folder`: tried once with a throw-away file
    /// (`/proc` may be missing, or the file system may refuse `O_TMPFILE`).
    public static func areSupported(in folder: FilePath) -> Bool {
        guard let probe = try? create(in: folder, bytes: []) else { return false }
        defer { probe.discard() }
        let name = folder.appending(".unnamed-probe.\(getpid()).\(UInt64.random(in: 0 ... .max))")
        guard (try? probe.link(as: name)) == true else { return false }
        try? FileSystem.removeFile(name)
        return true
    }

    /// Gives the file the name `target` (in the same file system), never replacing an existing one.
    ///
    /// - Returns: `false` when `target` already existed (nothing changed), `true` when named.
    /// - Throws: `FileSystemError` for any other failure.
    public func link(as target: FilePath) throws(FileSystemError) -> Bool {
        do {
            try systemCall { target.withPlatformString { newsdrop_link_unnamed(descriptor.rawValue, $0) } }
            return true
        } catch .fileExists {
            return false
        } catch {
            throw FileSystemError("name an unnamed file as", target, error)
        }
    }

    /// Raises the process's soft limit on open files to its hard limit (at most 65,536): a batch
    /// keeps each unnamed file open until it is named, and systemd's default soft limit is 1,024.
    /// Where it stays too low, writers fall back to temp names on `EMFILE`.
    public static func raiseOpenFileLimit() {
        _ = newsdrop_raise_open_file_limit()
    }

    /// Closes the descriptor; a file that was never named is then gone.
    public func discard() {
        _ = try? descriptor.close()
    }
}
