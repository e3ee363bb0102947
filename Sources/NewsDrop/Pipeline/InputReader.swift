import Articles
import DurableFiles
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Reads an input file without ever following a symbolic link or blocking on a FIFO, and without
/// reading more than the size limit.
public struct InputReader: Sendable {
    /// The decoder, which holds the size limit.
    public let decoder: ArticleDecoder

    /// Creates a reader.
    ///
    /// - Parameter decoder: the decoder whose size limit applies.
    public init(decoder: ArticleDecoder) {
        self.decoder = decoder
    }

    /// What reading found.
    public enum Contents: Sendable {
        /// The file's bytes.
        case bytes([UInt8])
        /// Not something to read: a link, a FIFO, a device, or too large.
        case rejected(Rejection, size: Int)
    }

    /// Reads `path`.
    ///
    /// The file is opened with `O_NOFOLLOW | O_NONBLOCK` and checked with `fstat` on the open
    /// descriptor, so a link or FIFO swapped in after a listing is still caught, and opening a
    /// FIFO never blocks.
    /// - Parameter path: the input.
    /// - Returns: the bytes, or why the file is not readable as an article.
    /// - Throws: `FileSystemError` for I/O failures (the file vanished, permission denied…).
    public func read(_ path: FilePath) throws(FileSystemError) -> Contents {
        let fd: FileDescriptor
        do {
            fd = try FileSystem.open(path, .readOnly, options: [.noFollow, .nonBlocking, .closeOnExec])
        } catch {
            guard let rejection = Self.rejection(openFailure: error) else { throw error }
            return .rejected(rejection, size: 0)
        }
        defer { _ = try? fd.close() }
        let stat: Stat
        do { stat = try fd.stat() } catch { throw FileSystemError("stat", path, error) }
        guard stat.type == .regular else {
            return .rejected(
                Rejection(.notRegularFile, "it is \(Self.describe(stat.type)), not a regular file"), size: 0)
        }
        let size = Int(stat.size)
        do {
            try decoder.checkSize(size)
        } catch {
            return .rejected(error, size: size)
        }
        guard let bytes = try FileSystem.readAll(fd, path: path, limit: decoder.maxBytes, expectedSize: size) else {
            // It grew past the limit while being read.
            return .rejected(
                Rejection(.tooLarge, "the file grew past the limit of \(decoder.maxBytes) bytes while being read"),
                size: size)
        }
        return .bytes(bytes)
    }

    /// The rejection an input gets when opening it fails with `error`, or `nil` for a fault to
    /// retry. Only what says something about the file itself rejects it (a link, its owner or
    /// mode); every other errno — `EIO`, `ENOSPC`, and a network or FUSE mount gone away
    /// (`ENOTCONN`, `ESTALE`) — is a transient fault: the input waits and is retried.
    public static func rejection(openFailure error: FileSystemError) -> Rejection? {
        switch error.errno {
        case .tooManySymbolicLinkLevels:
            Rejection(.symlink, "it is a symbolic link, and links are never followed")
        case .permissionDenied, .notPermitted:
            Rejection(.unreadable, "newsdrop may not read it (\(error.errnoName)); check its owner and mode")
        default:
            nil
        }
    }

    private static func describe(_ type: FileType) -> String {
        switch type {
        case .directory: "a folder"
        case .fifo: "a FIFO (named pipe)"
        case .socket: "a socket"
        case .characterSpecial: "a character device"
        case .blockSpecial: "a block device"
        case .symbolicLink: "a symbolic link"
        default: "not a regular file"
        }
    }
}
