import Dispatch
import DurableFiles
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Watches one folder with inotify, read through a Dispatch read source (Linux has no
/// file-system-object Dispatch source). Events are delivered on the given queue.
///
/// The descriptor is non-blocking and drained until `EAGAIN` on every wake-up; it is closed only
/// in the source's cancel handler.
final class InotifyWatcher: @unchecked Sendable {
    /// What the watcher reports.
    enum Event: Sendable {
        /// A name in the folder was created, closed after writing, or moved in.
        case file(FilePath.Component, Change)
        /// The kernel queue overflowed: events were lost, rescan.
        case overflow
        /// The folder itself was deleted or moved away: the watch is gone.
        case folderGone
    }

    /// Which change a file event reports.
    enum Change: Sendable {
        /// Moved into the folder (a finished rename, Maildir style).
        case movedIn
        /// Closed after being opened for writing.
        case closedAfterWrite
        /// Created (by `open`, `link`, `mknod`…) and not yet closed.
        case created
    }

    static let watchMask: UInt32 =
        UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE)
        | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF) | UInt32(IN_ONLYDIR) | UInt32(IN_EXCL_UNLINK)

    private let descriptor: Int32
    private let source: any DispatchSourceRead
    private let folder: FilePath
    // Touched only on `queue`.
    private var watch: Int32 = -1
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// Starts watching `folder`.
    ///
    /// - Parameters:
    ///   - folder: the folder (must exist).
    ///   - queue: the serial queue events are delivered on.
    ///   - handler: receives events, on `queue`.
    /// - Throws: `FileSystemError` when inotify cannot be set up (e.g. `EMFILE`: too many instances).
    init(folder: FilePath, queue: DispatchQueue, handler: @escaping @Sendable (Event) -> Void) throws(FileSystemError) {
        self.folder = folder
        do {
            descriptor = try systemCall { inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC)) }
        } catch {
            throw FileSystemError("set up inotify for", folder, error)
        }
        let fd = descriptor
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        do {
            watch = try Self.addWatch(fd, folder)
        } catch {
            close(fd)
            throw error
        }
        source.setEventHandler { [weak self] in
            self?.drain(handler)
        }
        source.setCancelHandler {
            close(fd)
        }
        source.activate()
    }

    /// Watches the folder again after it was re-created. Call on the event queue.
    ///
    /// - Throws: `FileSystemError` when the folder is (still) missing.
    func rewatch() throws(FileSystemError) {
        if watch >= 0 { inotify_rm_watch(descriptor, watch) }
        watch = try Self.addWatch(descriptor, folder)
    }

    /// Stops watching; the descriptor is closed by the source's cancel handler.
    func cancel() {
        source.cancel()
    }

    private static func addWatch(_ fd: Int32, _ folder: FilePath) throws(FileSystemError) -> Int32 {
        do {
            return try systemCall { folder.withPlatformString { inotify_add_watch(fd, $0, watchMask) } }
        } catch {
            throw FileSystemError("watch", folder, error)
        }
    }

    /// Reads every queued event until `EAGAIN`.
    private func drain(_ handler: (Event) -> Void) {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return  // EAGAIN: drained
            }
            if count == 0 { return }
            parse(count, handler)
        }
    }

    private func parse(_ count: Int, _ handler: (Event) -> Void) {
        var offset = 0
        let headerSize = MemoryLayout<inotify_event>.size
        while offset + headerSize <= count {
            let (wd, mask, nameLength) = buffer.withUnsafeBytes { raw in
                (
                    raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                    raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                    Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                )
            }
            let nameStart = offset + headerSize
            offset = nameStart + nameLength
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                handler(.overflow)
                continue
            }
            guard wd == watch else { continue }  // a stale watch's last events
            if mask & (UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF) | UInt32(IN_IGNORED)) != 0 {
                if mask & UInt32(IN_MOVE_SELF) != 0 { inotify_rm_watch(descriptor, watch) }
                watch = -1
                handler(.folderGone)
                continue
            }
            guard mask & UInt32(IN_ISDIR) == 0, nameLength > 0 else { continue }
            let nameBytes = buffer[nameStart..<(nameStart + nameLength)].prefix { $0 != 0 }
            let name = FilePath(platformString: nameBytes.map { CChar(bitPattern: $0) } + [0]).lastComponent
            guard let name else { continue }
            let change: Change =
                mask & UInt32(IN_MOVED_TO) != 0
                ? .movedIn : mask & UInt32(IN_CLOSE_WRITE) != 0 ? .closedAfterWrite : .created
            handler(.file(name, change))
        }
    }
}
