import DurableFiles
import FoundationEssentials
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The entries a commit is about to append, written to `feed/pending/<batch>.json` — named before
/// the commit's flush, so that the flush makes it durable, name included, before any of the
/// commit's files is published — and removed once the entries are appended. Its writer holds an exclusive `flock` on it while it lives, so another process can
/// tell a live commit's intent from one whose writer died (`ChangesFeed.recoverIntents`).
///
/// The file is JSON lines: a header `{"schema":1,"batch":"…","after":<seq>}`, where `after` is a
/// seq at or before which none of these entries can be, then one `FeedEntry` per line (seq 0).
final class FeedIntent: Sendable {
    /// The batch name: `<writer>.<token>`, also the file's name without `.json`.
    let batch: String
    /// The entries, in order, with `batch` set.
    let entries: [FeedEntry]
    private let file: UnpublishedFile
    private let descriptor: FileDescriptor
    private let path: FilePath

    private init(batch: String, entries: [FeedEntry], file: UnpublishedFile, descriptor: FileDescriptor, path: FilePath)
    {
        self.batch = batch
        self.entries = entries
        self.file = file
        self.descriptor = descriptor
        self.path = path
    }

    /// Writes an intent (not yet durable, not yet named) and locks it.
    ///
    /// - Parameters:
    ///   - feed: the store's feed.
    ///   - entries: the commit's entries.
    ///   - unnamed: write it unnamed (`O_TMPFILE`) rather than under a temp name.
    /// - Throws: `FileSystemError`.
    static func write(feed: ChangesFeed, entries: [FeedEntry], unnamed: Bool) throws(FileSystemError) -> FeedIntent {
        let batch = "\(feed.writer).\(FileArticleStore.randomToken())"
        let numbered = entries.map { entry in
            var entry = entry
            entry.batch = batch
            entry.writer = feed.writer
            return entry
        }
        var bytes = Header(batch: batch, after: feed.knownHead).jsonLine
        for entry in numbered { bytes += entry.jsonLine }
        let folder = feed.pendingFolder
        let path = folder.appending(batch + ".json")
        let file: UnpublishedFile
        let descriptor: FileDescriptor
        do {
            (file, descriptor) = try create(bytes, as: path, unnamed: unnamed)
        } catch let error where error.errno == .noSuchFileOrDirectory {
            try FileSystem.makeDirectories(folder)
            (file, descriptor) = try create(bytes, as: path, unnamed: unnamed)
        }
        let intent = FeedIntent(batch: batch, entries: numbered, file: file, descriptor: descriptor, path: path)
        do {
            try FileLock.lock(descriptor, exclusive: true, path: intent.path)
        } catch {
            intent.discard()
            throw error
        }
        return intent
    }

    /// Writes `bytes` as an unnamed file (or a temp file) beside `path`, its name to be.
    private static func create(
        _ bytes: [UInt8], as path: FilePath, unnamed: Bool
    ) throws(FileSystemError) -> (UnpublishedFile, FileDescriptor) {
        if unnamed, let file = try UnnamedFile.create(in: path.removingLastComponent(), bytes: bytes) {
            return (.unnamed(file), file.descriptor)
        }
        let temp = TemporaryName.path(for: path, token: FileArticleStore.randomToken())
        let fd = try FileSystem.open(
            temp, .readWrite, options: [.create, .exclusiveCreate, .closeOnExec],
            permissions: [.ownerReadWrite, .groupRead, .otherRead], operation: "create")
        do {
            _ = try fd.writeAll(bytes)
        } catch {
            _ = try? fd.close()
            try? FileSystem.removeFile(temp)
            throw FileSystemError("write", temp, caught: error)
        }
        return (.temporary(temp), fd)
    }

    /// Makes its contents durable (`fsync`); a group commit's `syncfs` does the same.
    func sync() throws(FileSystemError) {
        do { try systemCall { fsync(descriptor.rawValue) } } catch { throw FileSystemError("fsync", path, error) }
    }

    /// Gives it its name: call before the flush that makes the commit's files durable (a crash
    /// before that flush completes leaves at worst a damaged intent of a commit that published
    /// nothing, which recovery sets aside).
    func name() throws(FileSystemError) {
        _ = try file.link(as: path)
        if case .temporary(let temp) = file { try FileSystem.removeFile(temp) }
    }

    /// Makes its name durable (`fsync` of `feed/pending/`); a group commit's `syncfs` does the same.
    func syncName() throws(FileSystemError) {
        try FileSystem.syncDirectory(path.removingLastComponent())
    }

    /// The entries are appended: removes the intent and lets go of it.
    func finish() {
        try? FileSystem.removeFile(path)
        discard()
    }

    /// Lets go of it without removing it: whoever next recovers intents appends what it lists
    /// and is missing (after a failure, when some of the commit's files may be published).
    func abandon() {
        discard()
    }

    private func discard() {
        if case .temporary(let temp) = file { try? FileSystem.removeFile(temp) }
        _ = try? descriptor.close()
    }

    /// The first line of an intent file.
    struct Header: Codable {
        var schema = 1
        var batch: String
        var after: Int

        var jsonLine: [UInt8] {
            var writer = JSONWriter(capacity: 96)
            writer.object { json in
                json.field("schema", schema)
                json.field("batch", batch)
                json.field("after", after)
            }
            writer.finishLine()
            return writer.bytes
        }
    }
}
