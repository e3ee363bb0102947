import ArticleStore
import DurableFiles
import FoundationEssentials
import Inbox
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The status channel: each daemon instance rewrites `<inbox>/.newsdrop/status/<instance>.json`
/// atomically (temp file + rename); `newsdrop status` reads them all and checks, through the
/// instance's work-folder lock, which daemons are still alive.
public enum StatusFile {
    /// Writes `status` to its instance's file, replacing the previous one atomically.
    ///
    /// - Throws: `FileSystemError`.
    public static func write(_ status: DaemonStatus, layout: InboxLayout) throws(FileSystemError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(status) else { return }
        let target = layout.statusFile(instance: status.instance)
        do {
            try FileSystem.replaceFile(target, bytes: Array(data) + [0x0A], durable: false)
        } catch let error where error.errno == .noSuchFileOrDirectory {
            try FileSystem.makeDirectories(layout.status)
            try FileSystem.replaceFile(target, bytes: Array(data) + [0x0A], durable: false)
        }
    }

    /// One instance's last status and whether it still runs.
    public struct Entry: Sendable {
        /// The status it wrote last.
        public let status: DaemonStatus
        /// Whether the instance still holds its work-folder lock.
        public let isRunning: Bool
    }

    /// Reads every instance's status in the inbox.
    ///
    /// - Returns: the entries, running instances first.
    /// - Throws: `FileSystemError` when the status folder exists but cannot be read.
    public static func readAll(layout: InboxLayout) throws(FileSystemError) -> [Entry] {
        let entries: [DirectoryEntry]
        do {
            entries = try FileSystem.entries(of: layout.status)
        } catch let error where error.errno == .noSuchFileOrDirectory {
            return []
        }
        var result: [Entry] = []
        for entry in entries where !entry.isHidden && entry.text.hasSuffix(".json") {
            guard let bytes = try? FileSystem.readFile(at: layout.status.appending(entry.name), limit: 1 << 20),
                let status = try? JSONDecoder().decode(DaemonStatus.self, from: Data(bytes))
            else { continue }
            result.append(Entry(status: status, isRunning: isRunning(instance: status.instance, layout: layout)))
        }
        return result.sorted { ($0.isRunning ? 0 : 1, $0.status.instance) < ($1.isRunning ? 0 : 1, $1.status.instance) }
    }

    /// Whether some process holds `instance`'s work-folder lock.
    static func isRunning(instance: String, layout: InboxLayout) -> Bool {
        let lock = layout.workFolder(instance: instance).appending(".lock")
        guard let fd = try? FileSystem.open(lock, .readOnly, options: [.closeOnExec]) else { return false }
        defer { _ = try? fd.close() }
        guard let free = try? FileLock.lock(fd, exclusive: false, wait: false, path: lock) else { return false }
        if free { FileLock.unlock(fd) }
        return !free
    }
}
