import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Advisory whole-file locks (`flock`): how instances, index writers and `newsdrop status` learn
/// what other processes hold. A lock ends with its descriptor, so a dead holder releases it.
public enum FileLock {
    /// Takes a shared or exclusive lock on the file open as `descriptor`, retrying `EINTR`.
    /// The corresponding C function is `flock`.
    ///
    /// - Parameters:
    ///   - descriptor: the open lock file.
    ///   - exclusive: an exclusive lock (else shared).
    ///   - wait: wait while another process holds a conflicting lock (else return `false`).
    ///   - path: the lock file's path, for the error.
    /// - Returns: `true` once the lock is held; `false` when `wait` is off and it is taken.
    /// - Throws: `FileSystemError`.
    @discardableResult
    public static func lock(
        _ descriptor: FileDescriptor, exclusive: Bool, wait: Bool = true, path: FilePath
    ) throws(FileSystemError) -> Bool {
        let operation = (exclusive ? LOCK_EX : LOCK_SH) | (wait ? 0 : LOCK_NB)
        do {
            try systemCall { flock(descriptor.rawValue, operation) }
            return true
        } catch .wouldBlock where !wait {
            return false
        } catch {
            throw FileSystemError("lock", path, error)
        }
    }

    /// Releases a lock taken with `lock(_:exclusive:wait:path:)`.
    public static func unlock(_ descriptor: FileDescriptor) {
        _ = try? systemCall { flock(descriptor.rawValue, LOCK_UN) }
    }

    /// Runs `body` while holding a lock on `descriptor`, waiting for it.
    ///
    /// - Parameters:
    ///   - descriptor: the open lock file.
    ///   - exclusive: an exclusive lock (else shared).
    ///   - path: the lock file's path, for the error.
    ///   - body: the work to do under the lock.
    /// - Throws: the lock's `FileSystemError` through `lockFailure`, or what `body` throws.
    public static func withLock<T: ~Copyable, Failure: Error>(
        _ descriptor: FileDescriptor, exclusive: Bool, path: FilePath, lockFailure: (FileSystemError) -> Failure,
        _ body: () throws(Failure) -> T
    ) throws(Failure) -> T {
        do { try lock(descriptor, exclusive: exclusive, path: path) } catch { throw lockFailure(error) }
        defer { unlock(descriptor) }
        return try body()
    }
}
