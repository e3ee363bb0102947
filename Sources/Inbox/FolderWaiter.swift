import DurableFiles
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Blocks until something in a folder changes (a file written, created or moved in), another
/// descriptor becomes readable (a stop request), or a time passes: for a command that follows a
/// growing file without a busy loop. inotify where it sees every change; on network and FUSE file
/// systems, where it cannot see other hosts' writes, a poll every `pollInterval` instead.
public final class FolderWaiter {
    /// How it learns of changes.
    public enum Mode: Sendable, Equatable {
        /// inotify on the folder.
        case inotify
        /// Looking again every interval (the file system is remote: `reason`).
        case polling(Duration, reason: String)
    }

    /// How it learns of changes.
    public let mode: Mode
    private let descriptor: Int32?

    /// Watches `folder`.
    ///
    /// - Parameters:
    ///   - folder: the folder (must exist).
    ///   - pollInterval: the interval for remote file systems (and when forced).
    ///   - forcePolling: poll even where inotify works.
    /// - Throws: `FileSystemError` when inotify cannot be set up.
    public init(
        folder: FilePath, pollInterval: Duration = .seconds(1), forcePolling: Bool = false
    ) throws(FileSystemError) {
        if let remote = FileSystemKind.remoteType(of: folder) {
            (mode, descriptor) = (.polling(pollInterval, reason: "\(remote) file system"), nil)
            return
        }
        if forcePolling {
            (mode, descriptor) = (.polling(pollInterval, reason: "asked for"), nil)
            return
        }
        let fd: Int32
        do {
            fd = try systemCall { inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC)) }
        } catch {
            throw FileSystemError("set up inotify for", folder, error)
        }
        let mask = UInt32(IN_MODIFY) | UInt32(IN_CLOSE_WRITE) | UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)
        do {
            _ = try systemCall { folder.withPlatformString { inotify_add_watch(fd, $0, mask) } }
        } catch {
            close(fd)
            throw FileSystemError("watch", folder, error)
        }
        (mode, descriptor) = (.inotify, fd)
    }

    deinit {
        if let descriptor { close(descriptor) }
    }

    /// What ended a wait.
    public enum Wake: Sendable, Equatable {
        /// The folder changed (or, polling, the interval passed).
        case changed
        /// `interrupt` became readable.
        case interrupted
    }

    /// Waits for a change, or for `interrupt` to become readable.
    ///
    /// - Parameter interrupt: a descriptor that becomes readable when the wait must end.
    /// - Returns: why it woke.
    public func wait(interrupt: Int32) -> Wake {
        var polled = [pollfd(fd: interrupt, events: Int16(POLLIN), revents: 0)]
        if let descriptor { polled.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)) }
        let timeout: Int32
        switch mode {
        case .inotify: timeout = -1
        case .polling(let interval, _): timeout = Int32(clamping: max(1, interval.nanoseconds / 1_000_000))
        }
        while poll(&polled, nfds_t(polled.count), timeout) < 0 && errno == EINTR {}
        if polled[0].revents != 0 { return .interrupted }
        if let descriptor {
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
        }
        return .changed
    }
}
