#if canImport(Glibc)
import Glibc
#endif
import DurableFiles
import FoundationEssentials
import NearDuplicates
import Synchronization
import SystemPackage

/// The LSH index of a store: which stored articles have which band keys, on disk so that it survives
/// restarts without re-reading records, and in bounded memory at any store size.
///
/// ```
/// near-index/manifest.json   parameters, segment list, how much of the log the segments cover
/// near-index/log.bin         append-only entries (IndexEntry: id, band keys, sketch), written in the
///                            commit's durability window
/// near-index/seg-NNNNNN.bin  immutable sorted (band key, id, log position) pairs + fences (IndexSegment)
/// near-index/lock            flock: appends and flushes exclusive, reads shared
/// ```
/// Entries reach the log before the records they describe are made durable (the same `syncfs`, or an
/// `fdatasync` for a lone commit), so a durable record always has its entry; an entry whose record
/// never got published is harmless (its candidate is dropped when the record cannot be read). The
/// log's uncovered tail lives in memory (`DeltaTable`); past `flushThreshold` articles it becomes a
/// segment, and segments merge like a binary counter, so there are about log2(n / threshold) of
/// them. Several processes may share the index: each reads the others' appends from the log and
/// follows the manifest when another flushes. This process's articles are also *provisional* from
/// when they are matched until two refreshes later, so articles of the batches in flight are found
/// (with their shingles) even before their records are linked. Every other candidate comes with
/// its entry's log position, where its sketch can be read (`sketch(of:)`) to estimate its
/// similarity before anyone reads its record.
public final class NearDuplicateIndex: Sendable {
    /// The index folder.
    public let folder: FilePath
    /// The band-key parameters.
    public let parameters: NearDuplicateParameters
    /// Most ids taken per band key: a crowded key (say, one-line briefs that all look alike) must not
    /// turn one lookup into thousands of candidate reads.
    public let limitPerKey: Int
    private let flushThreshold: Int
    private let entrySize: Int
    private let writer: UInt32
    private let log: FileDescriptor
    private let lock: FileDescriptor
    private let state: Mutex<State>

    private struct Provisional {
        var bandKeys: [UInt32]
        var shingles: [UInt64]
        var generation: Int
    }

    private struct State {
        var manifest: IndexManifest
        var manifestStamp: FileStamp?
        var segments: [IndexSegment]
        var delta: DeltaTable
        var readOffset: Int64
        var provisional: [UInt64: Provisional] = [:]
        var provisionalByKey: [UInt32: [UInt64]] = [:]
        var generation = 0
    }

    /// Opens the index in `folder`, creating it when missing.
    ///
    /// - Parameters:
    ///   - folder: `near-index/` of a store.
    ///   - parameters: the fingerprint parameters in use.
    ///   - flushThreshold: articles kept in memory before they become a segment.
    ///   - limitPerKey: the most ids taken per band key.
    /// - Throws: `NearIndexError`.
    public init(folder: FilePath, parameters: NearDuplicateParameters, flushThreshold: Int = 16_384, limitPerKey: Int = 32) throws(NearIndexError) {
        self.folder = folder
        self.parameters = parameters
        self.flushThreshold = max(1, flushThreshold)
        self.limitPerKey = limitPerKey
        self.entrySize = IndexEntry.size(parameters)
        self.writer = UInt32.random(in: 1 ... .max)
        let lock: FileDescriptor, log: FileDescriptor
        do {
            try FileSystem.makeDirectories(folder)
            lock = try FileSystem.open(folder.appending("lock"), .readWrite, options: [.create, .closeOnExec], permissions: [.ownerReadWrite, .groupRead, .otherRead])
            log = try FileSystem.open(folder.appending("log.bin"), .readWrite, options: [.create, .append, .closeOnExec], permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw .fileSystem(error)
        }
        self.lock = lock
        self.log = log
        let manifestPath = folder.appending("manifest.json")
        let initial = try Self.withLock(lock, exclusive: true, folder: folder) { () throws(NearIndexError) -> State in
            var manifest: IndexManifest
            if let existing = try Self.readManifest(manifestPath) {
                manifest = existing
            } else {
                manifest = IndexManifest(parameters: parameters)
                try Self.writeManifest(manifest, folder: folder)
            }
            guard manifest.isCurrentFormat, manifest.isCompatible(with: parameters) else { throw .incompatible(manifestPath) }
            manifest.parameters.threshold = parameters.threshold
            try Self.alignLog(log, entrySize: IndexEntry.size(parameters), folder: folder)
            let segments = try manifest.segments.map { segment throws(NearIndexError) in
                do throws(FileSystemError) { return try IndexSegment(folder: folder, name: segment.name, count: segment.pairs) } catch { throw .fileSystem(error) }
            }
            return State(
                manifest: manifest, manifestStamp: FileStamp(manifestPath), segments: segments,
                delta: DeltaTable(bands: parameters.bands), readOffset: manifest.coveredBytes
            )
        }
        state = Mutex(initial)
        try refresh()
    }

    deinit {
        _ = try? log.close()
        _ = try? lock.close()
    }

    // MARK: - Reading

    /// Reads what other processes appended and what they flushed; flushes the in-memory tail to a
    /// segment when it has grown past the threshold. Call once per batch, before looking up.
    ///
    /// - Throws: `NearIndexError`.
    public func refresh() throws(NearIndexError) {
        try state.withLock { state throws(NearIndexError) in
            state.generation += 1
            try followManifest(&state)
            try readLog(&state)
            let expired = state.provisional.filter { $0.value.generation < state.generation - 2 }.map(\.key)
            for id in expired { removeProvisional(id, from: &state) }
            if state.delta.count >= flushThreshold { try flush(&state) }
        }
    }

    /// An article found by `candidates(for:excluding:limit:)`.
    public struct Candidate: Sendable, Equatable {
        /// Its content id, as `ContentID.bits`.
        public let id: UInt64
        /// Its log entry's position, where its sketch is; `nil` for an article known only
        /// provisionally (its shingles are at hand: `provisionalShingles(of:)`).
        public let position: UInt32?

        /// Creates a candidate.
        public init(id: UInt64, position: UInt32?) {
            self.id = id
            self.position = position
        }
    }

    /// The articles that share a band key with `bandKeys`, from segments, log tail and provisional
    /// entries, each once, without `excluding`; those sharing the most bands (the most similar, by
    /// the LSH estimate) first, at most `limit`.
    ///
    /// - Throws: `NearIndexError` when a segment cannot be read.
    public func candidates(for bandKeys: [UInt32], excluding: UInt64, limit: Int = .max) throws(NearIndexError) -> [Candidate] {
        // Per band: the articles under its key, each counted once although an article of a batch
        // in flight can be both provisional and already read back from the log.
        var perBand: [[IndexedID]] = Array(repeating: [], count: bandKeys.count)
        var provisional: [[UInt64]] = Array(repeating: [], count: bandKeys.count)
        let segments = state.withLock { state in
            for (band, key) in bandKeys.enumerated() {
                state.delta.entries(for: key, band: band, limit: limitPerKey, into: &perBand[band])
                if let ids = state.provisionalByKey[key] { provisional[band] = Array(ids.prefix(limitPerKey)) }
            }
            return state.segments
        }
        do {
            var buffer = IndexSegment.blockBuffer()
            for segment in segments.reversed() {
                for (band, key) in bandKeys.enumerated() { try segment.entries(for: key, limit: limitPerKey, into: &perBand[band], buffer: &buffer) }
            }
        } catch {
            throw .fileSystem(error)
        }
        var hits: [UInt64: (bands: Int, position: UInt32?)] = [:]
        for (found, provisionalIDs) in zip(perBand, provisional) {
            var positions: [UInt64: UInt32?] = [:]
            for entry in found where entry.id != excluding { positions[entry.id] = entry.position }
            for id in provisionalIDs where id != excluding && positions[id] == nil { positions[id] = .some(nil) }
            for (id, position) in positions {
                let earlier = hits[id]
                hits[id] = ((earlier?.bands ?? 0) + 1, earlier?.position ?? position)
            }
        }
        return hits.sorted { ($0.value.bands, $1.key) > ($1.value.bands, $0.key) }.prefix(limit).map { Candidate(id: $0.key, position: $0.value.position) }
    }

    /// The sketch in a candidate's log entry, or `nil` when it has no position, its entry cannot
    /// be read back (damaged, or not this article's) or was appended without a sketch.
    public func sketch(of candidate: Candidate) -> [UInt8]? {
        guard let position = candidate.position else { return nil }
        var buffer = [UInt8](repeating: 0, count: entrySize)
        // Positions come from entries already read, so the entry is whole; `pread` needs no lock.
        let read = try? buffer.withUnsafeMutableBytes { try log.read(fromAbsoluteOffset: Int64(position) * Int64(entrySize), into: $0) }
        guard read == entrySize else { return nil }
        let entry = buffer.withUnsafeBytes { IndexEntry.decode($0, bands: parameters.bands, sketchBytes: parameters.permutations) }
        guard let entry, entry.id == candidate.id, entry.sketch.contains(where: { $0 != 0 }) else { return nil }
        return entry.sketch
    }

    /// The shingles of an article registered provisionally (in a batch not yet durable), if it is.
    public func provisionalShingles(of id: UInt64) -> [UInt64]? {
        state.withLock { $0.provisional[id]?.shingles }
    }

    /// Makes an article findable at once, before its entry is appended and read back.
    public func register(id: UInt64, fingerprint: Fingerprint) {
        guard !fingerprint.bandKeys.isEmpty else { return }
        state.withLock { state in
            if state.provisional[id] == nil {
                for key in fingerprint.bandKeys { state.provisionalByKey[key, default: []].append(id) }
            }
            state.provisional[id] = Provisional(bandKeys: fingerprint.bandKeys, shingles: fingerprint.shingles, generation: state.generation)
        }
    }

    // MARK: - Writing

    /// Appends entries for newly stored articles in one write.
    ///
    /// - Parameters:
    ///   - articles: ids, band keys and sketches (articles without band keys are skipped).
    ///   - sync: `fdatasync` the log before returning (a lone commit); a group commit's `syncfs`
    ///     covers it otherwise.
    /// - Throws: `NearIndexError`.
    public func append(_ articles: [(id: UInt64, bandKeys: [UInt32], sketch: [UInt8])], sync: Bool) throws(NearIndexError) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(articles.count * entrySize)
        for article in articles where article.bandKeys.count == parameters.bands {
            // A missing sketch is stored as zeros, which `sketch(of:)` reports as unknown (a real
            // sketch is all zeros with a chance of 1 in 256^64).
            let sketch = article.sketch.count == parameters.permutations ? article.sketch : [UInt8](repeating: 0, count: parameters.permutations)
            IndexEntry(id: article.id, writer: writer, bandKeys: article.bandKeys, sketch: sketch).encode(into: &bytes)
        }
        guard !bytes.isEmpty else { return }
        let path = folder.appending("log.bin")
        // The state lock orders this thread against this process's readers (flock does not: it
        // is per open file, shared by all threads); the file lock orders it against other processes.
        try state.withLock { _ throws(NearIndexError) in
            try Self.withLock(lock, exclusive: true, folder: folder) { () throws(NearIndexError) in
                do {
                    _ = try bytes.withUnsafeBytes { try log.writeAll($0) }
                    if sync { try systemCall { fdatasync(log.rawValue) } }
                } catch {
                    throw .fileSystem(FileSystemError("append to", path, error as? Errno ?? .ioError))
                }
            }
        }
    }

    /// Makes every append so far durable (`fdatasync` of the log), for a caller that appended
    /// without `sync` and flushes the log beside its other files.
    ///
    /// - Throws: `NearIndexError.fileSystem`.
    public func syncLog() throws(NearIndexError) {
        do {
            try systemCall { fdatasync(log.rawValue) }
        } catch {
            throw .fileSystem(FileSystemError("fdatasync", folder.appending("log.bin"), error))
        }
    }

    /// Articles in segments, in the log tail, and provisional, for statistics.
    public var counts: (segmentPairs: Int, segments: Int, tail: Int, provisional: Int) {
        state.withLock { state in
            (state.segments.reduce(0) { $0 + $1.count }, state.segments.count, state.delta.count, state.provisional.count)
        }
    }

    // MARK: - Private

    private func removeProvisional(_ id: UInt64, from state: inout State) {
        guard let entry = state.provisional.removeValue(forKey: id) else { return }
        for key in entry.bandKeys {
            state.provisionalByKey[key]?.removeAll { $0 == id }
            if state.provisionalByKey[key]?.isEmpty == true { state.provisionalByKey[key] = nil }
        }
    }

    /// Picks up a manifest another process wrote: new segments, and the tail they now cover.
    private func followManifest(_ state: inout State) throws(NearIndexError) {
        let path = folder.appending("manifest.json")
        let stamp = FileStamp(path)
        guard stamp != state.manifestStamp, let manifest = try Self.readManifest(path) else { return }
        try adopt(manifest, stamp: stamp, into: &state)
    }

    private func adopt(_ manifest: IndexManifest, stamp: FileStamp?, into state: inout State) throws(NearIndexError) {
        var segments: [IndexSegment] = []
        for segment in manifest.segments {
            if let open = state.segments.first(where: { $0.name == segment.name }) {
                segments.append(open)
            } else {
                do { segments.append(try IndexSegment(folder: folder, name: segment.name, count: segment.pairs)) } catch { throw .fileSystem(error) }
            }
        }
        let newlyCovered = Int((manifest.coveredBytes - state.manifest.coveredBytes) / Int64(entrySize))
        if manifest.coveredBytes >= state.readOffset {
            state.delta = DeltaTable(bands: parameters.bands)
            state.readOffset = manifest.coveredBytes
        } else if newlyCovered > 0 {
            state.delta.dropFirst(newlyCovered)
        }
        var adopted = manifest
        adopted.parameters.threshold = parameters.threshold
        state.manifest = adopted
        state.manifestStamp = stamp
        state.segments = segments
    }

    /// Reads whole entries appended after `readOffset`.
    private func readLog(_ state: inout State) throws(NearIndexError) {
        let path = folder.appending("log.bin")
        let bytes: [UInt8]
        do {
            let size = try log.stat().size
            let available = (size - state.readOffset) / Int64(entrySize) * Int64(entrySize)
            guard available > 0 else { return }
            var buffer = [UInt8](repeating: 0, count: Int(available))
            let read = try Self.withLock(lock, exclusive: false, folder: folder) { () throws(NearIndexError) -> Int in
                do {
                    return try buffer.withUnsafeMutableBytes { try log.read(fromAbsoluteOffset: state.readOffset, into: $0) }
                } catch {
                    throw .fileSystem(FileSystemError("read", path, error as? Errno ?? .ioError))
                }
            }
            bytes = Array(buffer[..<(read / entrySize * entrySize)])
        } catch let error as NearIndexError {
            throw error
        } catch {
            throw .fileSystem(FileSystemError("stat", path, error as? Errno ?? .ioError))
        }
        bytes.withUnsafeBytes { raw in
            for start in stride(from: 0, to: raw.count, by: entrySize) {
                // A damaged entry (a torn write before a crash) is skipped; its article is found again
                // only after `verify --rebuild-index`.
                let encoded = UnsafeRawBufferPointer(rebasing: raw[start..<(start + entrySize)])
                guard let entry = IndexEntry.decode(encoded, bands: parameters.bands, sketchBytes: parameters.permutations) else { continue }
                // This process's own provisional entry stays until it expires: the entry is appended
                // before the record is linked, and until then only the provisional entry has the
                // shingles that confirm a match (a candidate without a record is skipped).
                let position = UInt32(truncatingIfNeeded: (state.readOffset + Int64(start)) / Int64(entrySize))
                state.delta.insert(id: entry.id, position: position, bandKeys: entry.bandKeys)
            }
        }
        state.readOffset += Int64(bytes.count)
    }

    /// Writes the log tail as a segment, merges segments of similar size, and publishes the manifest.
    private func flush(_ state: inout State) throws(NearIndexError) {
        try Self.withLock(lock, exclusive: true, folder: folder) { () throws(NearIndexError) in
            try followManifest(&state)  // another process may have flushed meanwhile
            try readLog(&state)
            guard state.delta.count >= flushThreshold else { return }
            var manifest = state.manifest
            var written: [IndexManifest.Segment] = []
            let name = Self.segmentName(manifest.nextSegment)
            manifest.nextSegment += 1
            var segmentWriter: SegmentWriter
            let pairs = state.delta.sortedPairs()
            do throws(FileSystemError) { segmentWriter = try SegmentWriter(path: folder.appending(name), expectedPairs: pairs.count) } catch { throw .fileSystem(error) }
            do throws(FileSystemError) {
                for pair in pairs { try segmentWriter.append(pair) }
                try segmentWriter.finish()
            } catch {
                segmentWriter.abandon()
                throw .fileSystem(error)
            }
            written.append(.init(name: name, pairs: segmentWriter.count))
            manifest.segments.append(written[0])
            var obsolete: [String] = []
            while manifest.segments.count >= 2 {
                let newer = manifest.segments[manifest.segments.count - 1], older = manifest.segments[manifest.segments.count - 2]
                guard newer.pairs * 2 >= older.pairs else { break }
                let merged = try merge(older, newer, as: Self.segmentName(manifest.nextSegment))
                manifest.nextSegment += 1
                manifest.segments.removeLast(2)
                manifest.segments.append(merged)
                obsolete.append(contentsOf: [older.name, newer.name])
            }
            manifest.coveredBytes = state.readOffset
            try Self.writeManifest(manifest, folder: folder)
            try adopt(manifest, stamp: FileStamp(folder.appending("manifest.json")), into: &state)
            // Other processes may still read these through open descriptors; unlinking is safe.
            for name in obsolete { try? FileSystem.removeFile(folder.appending(name)) }
        }
    }

    private func merge(_ older: IndexManifest.Segment, _ newer: IndexManifest.Segment, as name: String) throws(NearIndexError) -> IndexManifest.Segment {
        var output: SegmentWriter
        do throws(FileSystemError) { output = try SegmentWriter(path: folder.appending(name), expectedPairs: older.pairs + newer.pairs) } catch { throw .fileSystem(error) }
        do throws(FileSystemError) {
            var left = try SegmentCursor(folder: folder, name: older.name, count: older.pairs)
            var right = try SegmentCursor(folder: folder, name: newer.name, count: newer.pairs)
            var a = try left.next(), b = try right.next()
            while let x = a, let y = b {
                if x <= y {
                    try output.append(x)
                    a = try left.next()
                } else {
                    try output.append(y)
                    b = try right.next()
                }
            }
            while let x = a { try output.append(x); a = try left.next() }
            while let y = b { try output.append(y); b = try right.next() }
            try output.finish()
        } catch {
            output.abandon()
            throw .fileSystem(error)
        }
        return .init(name: name, pairs: output.count)
    }

    static func segmentName(_ number: Int) -> String {
        let digits = String(number)
        return "seg-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".bin"
    }

    /// Pads a log whose last append was torn by a crash to a whole number of entries, so later
    /// appends stay aligned (the padded entry fails its checksum and is skipped).
    private static func alignLog(_ log: FileDescriptor, entrySize: Int, folder: FilePath) throws(NearIndexError) {
        do {
            let size = try log.stat().size
            let remainder = Int(size % Int64(entrySize))
            guard remainder != 0 else { return }
            try log.resize(to: size + Int64(entrySize - remainder))
        } catch {
            throw .fileSystem(FileSystemError("align", folder.appending("log.bin"), error as? Errno ?? .ioError))
        }
    }

    /// What a store's index folder holds.
    public enum Presence: Sendable, Equatable {
        /// No index.
        case missing
        /// An index in an older format, which this code rebuilds rather than reads.
        case outdated
        /// An index this code opens (or a damaged manifest, which opening reports).
        case present
    }

    /// Whether `folder` holds an index, and in which format.
    ///
    /// - Throws: `NearIndexError.fileSystem` when the manifest cannot be read.
    public static func presence(in folder: FilePath) throws(NearIndexError) -> Presence {
        let bytes: [UInt8]?
        do {
            bytes = try FileSystem.readFile(at: folder.appending("manifest.json"), limit: 1 << 20)
        } catch let error where error.errno == .noSuchFileOrDirectory || error.errno == .notDirectory {
            return .missing
        } catch {
            throw .fileSystem(error)
        }
        guard let bytes else { return .missing }
        struct Schema: Decodable { var schema: Int }
        guard let found = try? JSONDecoder().decode(Schema.self, from: Data(bytes)) else { return .present }
        return found.schema < IndexManifest.currentSchema ? .outdated : .present
    }

    static func readManifest(_ path: FilePath) throws(NearIndexError) -> IndexManifest? {
        let bytes: [UInt8]?
        do {
            bytes = try FileSystem.readFile(at: path, limit: 1 << 20)
        } catch let error where error.errno == .noSuchFileOrDirectory {
            return nil
        } catch {
            throw .fileSystem(error)
        }
        guard let bytes, let manifest = try? JSONDecoder().decode(IndexManifest.self, from: Data(bytes)) else {
            throw .corrupt(path)
        }
        return manifest
    }

    static func writeManifest(_ manifest: IndexManifest, folder: FilePath) throws(NearIndexError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = Array((try? encoder.encode(manifest)) ?? Data()) + [0x0A]
        do { try FileSystem.replaceFile(folder.appending("manifest.json"), bytes: bytes, durable: true) } catch { throw .fileSystem(error) }
    }

    private static func withLock<T>(_ lock: FileDescriptor, exclusive: Bool, folder: FilePath, _ body: () throws(NearIndexError) -> T) throws(NearIndexError) -> T {
        while flock(lock.rawValue, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            guard errno == EINTR else { throw .fileSystem(FileSystemError("lock", folder.appending("lock"), Errno(rawValue: errno))) }
        }
        defer { _ = flock(lock.rawValue, LOCK_UN) }
        return try body()
    }
}
