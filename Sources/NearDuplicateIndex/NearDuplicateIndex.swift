import DurableFiles
import FoundationEssentials
import NearDuplicates
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The LSH index of a store: which stored articles have which band keys, on disk so that it survives
/// restarts without re-reading records, and in bounded memory at any store size.
///
/// ```
/// near-index/manifest.json   parameters, segment list, how much of the log the segments cover, the
///                            next segment number
/// near-index/log.bin         append-only entries (IndexEntry: id, band keys, sketch), written in the
///                            commit's durability window
/// near-index/seg-NNNNNN.bin  immutable sorted (band key, id, log position) pairs + fences (IndexSegment)
/// near-index/lock            flock: appends, flushes and a merge's reserving and publishing exclusive,
///                            reads shared; a merge streams holding none
/// ```
/// Entries reach the log before the records they describe are made durable (the same `syncfs`, or an
/// `fdatasync` for a lone commit), so a durable record always has its entry; an entry whose record
/// never got published is harmless (its candidate is dropped when the record cannot be read). The
/// log's uncovered tail lives in memory (`DeltaTable`); past `flushThreshold` articles `refresh()`
/// writes it as a segment there and then (a bounded amount of work). Segments merge like a binary
/// counter, so there are about log2(n / threshold) of them, but in the background (`SegmentMerger`,
/// one merge at a time per index, on a low-priority thread): a merge reserves its output's number in
/// the manifest under the exclusive lock, streams the two inputs into it holding neither the lock
/// nor the state mutex (so appends, refreshes and lookups of every process go on meanwhile), and
/// publishes it under the exclusive lock only if the manifest still lists both inputs side by side
/// (else another process won, and the output is removed). Until then lookups use the inputs: a
/// merge changes the layout, never the answers. A merge in progress `flock`s its output, so opening
/// the index removes only unlisted segments nobody claims — a dead writer's leftovers. Closing the
/// index stops a merge (its output removed); `waitForMerges()` waits for them to settle.
///
/// Several processes may share the index: each reads the others' appends from the log and follows
/// the manifest when another flushes or merges. This process's articles are also *provisional* from
/// when they are matched until two refreshes later, so articles of the batches in flight are found
/// (with their shingles) even before their records are linked. Every other candidate comes with
/// its entry's log position, where its sketch can be read (`sketch(of:)`) to estimate its
/// similarity before anyone reads its record.
public final class NearDuplicateIndex: Sendable {
    /// The index folder (`<store>/near-index`).
    public let folder: FilePath
    /// The band-key parameters.
    public let parameters: NearDuplicateParameters
    /// Most ids taken per band key: a crowded key (say, one-line briefs that all look alike) must not
    /// turn one lookup into thousands of candidate reads.
    public let limitPerKey: Int
    /// Articles the log tail holds in memory before it is written as a segment.
    let flushThreshold: Int
    /// The bytes of one log entry (`IndexEntry`) with these parameters.
    let entrySize: Int
    /// This process's writer number, stamped on its log entries.
    let writer: UInt32
    /// `log.bin`, open for appending.
    let log: FileDescriptor
    /// The `flock` file.
    let lock: FileDescriptor
    /// What this process knows of the index; also orders its own threads (flock does not).
    let state: Mutex<State>
    /// Merges segments on a thread of its own.
    let merger: SegmentMerger

    /// An article of this process's batches in flight, findable before its record is published.
    struct Provisional {
        var bandKeys: [UInt32]
        var shingles: [UInt64]
        var generation: Int
    }

    /// The manifest followed, the open segments, the log tail and the provisional articles.
    struct State {
        var manifest: IndexManifest
        var manifestStamp: FileStamp?
        var segments: [IndexSegment]
        var delta: DeltaTable
        var readOffset: Int64
        var provisional: [UInt64: Provisional] = [:]
        var provisionalByKey: [UInt32: [UInt64]] = [:]
        var generation = 0
        /// New segments being published (by a flush, or by the merger), open with the fences and
        /// filters their writer handed over: whichever thread adopts the manifest that lists one
        /// first takes it from here instead of reading them back.
        var offered: [IndexSegment] = []
    }

    /// Opens the index in `folder`, creating it when missing.
    ///
    /// - Parameters:
    ///   - folder: `near-index/` of a store.
    ///   - parameters: the fingerprint parameters in use.
    ///   - flushThreshold: articles kept in memory before they become a segment.
    ///   - limitPerKey: the most ids taken per band key.
    /// - Throws: `NearIndexError`.
    public init(
        folder: FilePath, parameters: NearDuplicateParameters, flushThreshold: Int = 16_384, limitPerKey: Int = 32
    ) throws(NearIndexError) {
        self.folder = folder
        self.parameters = parameters
        self.flushThreshold = max(1, flushThreshold)
        self.limitPerKey = limitPerKey
        self.entrySize = IndexEntry.size(parameters)
        self.writer = UInt32.random(in: 1 ... .max)
        let lock: FileDescriptor
        let log: FileDescriptor
        do {
            try FileSystem.makeDirectories(folder)
            lock = try FileSystem.open(
                IndexFiles.lock(in: folder), .readWrite, options: [.create, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
            log = try FileSystem.open(
                IndexFiles.log(in: folder), .readWrite, options: [.create, .append, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw .fileSystem(error)
        }
        self.lock = lock
        self.log = log
        let manifestPath = IndexFiles.manifest(in: folder)
        let initial = try Self.withLock(lock, exclusive: true, folder: folder) { () throws(NearIndexError) -> State in
            var manifest: IndexManifest
            if let existing = try Self.readManifest(manifestPath) {
                manifest = existing
            } else {
                manifest = IndexManifest(parameters: parameters)
                try Self.writeManifest(manifest, folder: folder)
            }
            guard manifest.isCurrentFormat, manifest.isCompatible(with: parameters) else {
                throw .incompatible(manifestPath)
            }
            manifest.parameters.threshold = parameters.threshold
            try Self.alignLog(log, entrySize: IndexEntry.size(parameters), folder: folder)
            Self.removeUnclaimedSegments(listed: Set(manifest.segments.map(\.name)), folder: folder)
            let segments = try manifest.segments.map { segment throws(NearIndexError) in
                do throws(FileSystemError) {
                    return try IndexSegment(folder: folder, name: segment.name, count: segment.pairs)
                } catch { throw .fileSystem(error) }
            }
            return State(
                manifest: manifest, manifestStamp: FileStamp(manifestPath), segments: segments,
                delta: DeltaTable(bands: parameters.bands), readOffset: manifest.coveredBytes
            )
        }
        // A merge a stopped process left undone (its pair still qualifies) is asked for below.
        let mergeDue = Self.mergeCandidate(in: initial.manifest.segments) != nil
        state = Mutex(initial)
        merger = try SegmentMerger(folder: folder, parameters: parameters)
        merger.attach(self)
        try refresh()
        if mergeDue { merger.request() }
    }

    deinit {
        // A merge streaming now stops and removes its output; the next open or flush asks again.
        merger.stop()
        _ = try? log.close()
        _ = try? lock.close()
    }

    /// Forgets a provisional article and its band keys.
    func removeProvisional(_ id: UInt64, from state: inout State) {
        guard let entry = state.provisional.removeValue(forKey: id) else { return }
        for key in entry.bandKeys {
            state.provisionalByKey[key]?.removeAll { $0 == id }
            if state.provisionalByKey[key]?.isEmpty == true { state.provisionalByKey[key] = nil }
        }
    }

    /// Runs `body` holding the index lock, exclusive or shared.
    ///
    /// - Parameter held: the caller already holds the lock on this descriptor: `body` just runs
    ///   (`flock` again would convert the lock, and the unlock after `body` would release it).
    static func withLock<T: ~Copyable>(
        _ lock: FileDescriptor, exclusive: Bool, folder: FilePath, held: Bool = false,
        _ body: () throws(NearIndexError) -> T
    ) throws(NearIndexError) -> T {
        guard !held else { return try body() }
        return try FileLock.withLock(
            lock, exclusive: exclusive, path: IndexFiles.lock(in: folder), lockFailure: NearIndexError.fileSystem, body)
    }
}
