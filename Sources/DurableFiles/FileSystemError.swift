import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A failed file-system operation: what was attempted, on which path, and the `errno` it failed
/// with. Prints as a sentence a person can act on.
public struct FileSystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was attempted, as a verb phrase: "create", "fsync", "link", "read".
    public let operation: String
    /// The path it was attempted on.
    public let path: FilePath
    /// Why it failed.
    public let errno: Errno

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - operation: a verb phrase such as "create" or "fsync the folder".
    ///   - path: the path the operation was for.
    ///   - errno: the error number the system call returned.
    public init(_ operation: String, _ path: FilePath, _ errno: Errno) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// Creates an error from whatever a swift-system call threw: its `Errno`, else `EIO`.
    ///
    /// - Parameters:
    ///   - operation: a verb phrase such as "read" or "write".
    ///   - path: the path the operation was for.
    ///   - error: the caught error.
    public init(_ operation: String, _ path: FilePath, caught error: any Error) {
        self.init(operation, path, error as? Errno ?? .ioError)
    }

    /// The symbolic name of the error number, such as `ENOSPC`.
    public var errnoName: String { ErrnoNames.name(of: errno) }

    public var description: String { "could not \(operation) \(path): \(errno) (\(errnoName))" }
}

/// Symbolic names of the error numbers a file system reports.
enum ErrnoNames {
    private static let names: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EIO: "EIO", EBADF: "EBADF", EAGAIN: "EAGAIN",
        ENOMEM: "ENOMEM", EACCES: "EACCES", EBUSY: "EBUSY", EEXIST: "EEXIST", EXDEV: "EXDEV", ENODEV: "ENODEV",
        ENOTDIR: "ENOTDIR", EISDIR: "EISDIR", EINVAL: "EINVAL", ENFILE: "ENFILE", EMFILE: "EMFILE",
        EFBIG: "EFBIG", ENOSPC: "ENOSPC", EROFS: "EROFS", EMLINK: "EMLINK", ENAMETOOLONG: "ENAMETOOLONG",
        ENOTEMPTY: "ENOTEMPTY", ELOOP: "ELOOP", EDQUOT: "EDQUOT", ESTALE: "ESTALE", ENOTSUP: "ENOTSUP",
        ENXIO: "ENXIO", ETXTBSY: "ETXTBSY", ENOTCONN: "ENOTCONN", ETIMEDOUT: "ETIMEDOUT",
        ECONNREFUSED: "ECONNREFUSED", ECONNABORTED: "ECONNABORTED", ECONNRESET: "ECONNRESET",
        EHOSTUNREACH: "EHOSTUNREACH", ENETUNREACH: "ENETUNREACH", EHOSTDOWN: "EHOSTDOWN",
    ]

    /// `ENOSPC` for `.noSpace`, or `errno N` for a number without a name here.
    static func name(of errno: Errno) -> String { names[errno.rawValue] ?? "errno \(errno.rawValue)" }
}
