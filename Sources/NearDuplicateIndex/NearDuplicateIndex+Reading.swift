import Articles
import DurableFiles
import FoundationEssentials
import NearDuplicates
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

extension NearDuplicateIndex {

    /// Reads what other processes appended and what they flushed; flushes the in-memory tail to a
    /// segment when it has grown past the threshold. Call once per batch, before looking up.
    ///
    /// - Throws: `NearIndexError`.
    public func refresh() throws(NearIndexError) {
        let mergeDue = try state.withLock { state throws(NearIndexError) -> Bool in
            state.generation += 1
            try followManifest(&state)
            try readLog(&state)
            let expired = state.provisional.filter { $0.value.generation < state.generation - 2 }.map(\.key)
            for id in expired { removeProvisional(id, from: &state) }
            return state.delta.count >= flushThreshold ? try flush(&state) : false
        }
        // Outside the state lock: when no thread can be started, the merge runs right here.
        if mergeDue { merger.request() }
    }

    /// The articles that share a band key with `bandKeys`, from segments, log tail and provisional
    /// entries, each once, without `excluding`; those sharing the most bands (the most similar, by
    /// the LSH estimate) first, at most `limit`.
    ///
    /// - Throws: `NearIndexError` when a segment cannot be read.
    public func candidates(
        for bandKeys: [UInt32], excluding: ContentID, limit: Int = .max
    ) throws(NearIndexError) -> [Candidate] {
        let excluding = excluding.bits
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
                for (band, key) in bandKeys.enumerated() {
                    try segment.entries(for: key, limit: limitPerKey, into: &perBand[band], buffer: &buffer)
                }
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
        return hits.sorted { ($0.value.bands, $1.key) > ($1.value.bands, $0.key) }.prefix(limit).map {
            Candidate(bits: $0.key, position: $0.value.position)
        }
    }

    /// The sketch in a candidate's log entry, or `nil` when it has no position, its entry cannot
    /// be read back (damaged, or not this article's) or was appended without a sketch.
    public func sketch(of candidate: Candidate) -> [UInt8]? {
        guard let position = candidate.position else { return nil }
        var buffer = [UInt8](repeating: 0, count: entrySize)
        // Positions come from entries already read, so the entry is whole; `pread` needs no lock.
        let read = try? buffer.withUnsafeMutableBytes {
            try log.read(fromAbsoluteOffset: Int64(position) * Int64(entrySize), into: $0)
        }
        guard read == entrySize else { return nil }
        let entry = buffer.withUnsafeBytes {
            IndexEntry.decode($0, bands: parameters.bands, sketchBytes: parameters.permutations)
        }
        guard let entry, entry.id == candidate.bits, entry.sketch.contains(where: { $0 != 0 }) else { return nil }
        return entry.sketch
    }

    /// The shingles of an article registered provisionally (in a batch not yet durable), if it is.
    public func provisionalShingles(of id: ContentID) -> [UInt64]? {
        provisionalShingles(of: id.bits)
    }

    /// The shingles of a candidate registered provisionally (in a batch not yet durable), if it is;
    /// what the matcher asks of every candidate, so it takes no detour through the hex id.
    public func provisionalShingles(of candidate: Candidate) -> [UInt64]? {
        provisionalShingles(of: candidate.bits)
    }

    private func provisionalShingles(of id: UInt64) -> [UInt64]? {
        state.withLock { $0.provisional[id]?.shingles }
    }

    /// Makes an article findable at once, before its entry is appended and read back.
    ///
    /// - Parameters:
    ///   - id: the article's content id.
    ///   - fingerprint: its band keys and shingles (an article without band keys is not registered).
    public func register(id: ContentID, fingerprint: Fingerprint) {
        guard !fingerprint.bandKeys.isEmpty else { return }
        let id = id.bits
        state.withLock { state in
            if state.provisional[id] == nil {
                for key in fingerprint.bandKeys { state.provisionalByKey[key, default: []].append(id) }
            }
            state.provisional[id] = Provisional(
                bandKeys: fingerprint.bandKeys, shingles: fingerprint.shingles, generation: state.generation)
        }
    }

    /// Picks up a manifest another process (or this one's merger) wrote: new segments, and the tail
    /// they now cover.
    ///
    /// - Parameter lockHeld: the caller holds the exclusive index lock: the manifest is read even if
    ///   its stamp looks unchanged. Otherwise a changed manifest is read and its segments opened
    ///   under the shared lock, so no merge removes one of them in between.
    func followManifest(_ state: inout State, lockHeld: Bool = false) throws(NearIndexError) {
        let path = IndexFiles.manifest(in: folder)
        guard lockHeld || FileStamp(path) != state.manifestStamp else { return }
        try Self.withLock(lock, exclusive: false, folder: folder, held: lockHeld) { () throws(NearIndexError) in
            let stamp = FileStamp(path)
            guard let manifest = try Self.readManifest(path) else { return }
            try adopt(manifest, stamp: stamp, into: &state)
        }
    }

    /// Switches to the segments `manifest` lists, reusing those already open and those their writer
    /// handed over (`State.offered`: a flush's or a merge's new segment), and opening the rest.
    func adopt(_ manifest: IndexManifest, stamp: FileStamp?, into state: inout State) throws(NearIndexError) {
        var segments: [IndexSegment] = []
        for segment in manifest.segments {
            if let open = state.segments.first(where: { $0.name == segment.name }) {
                segments.append(open)
            } else if let open = state.offered.first(where: { $0.name == segment.name && $0.count == segment.pairs }) {
                segments.append(open)
            } else {
                do { segments.append(try IndexSegment(folder: folder, name: segment.name, count: segment.pairs)) } catch
                { throw .fileSystem(error) }
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
    ///
    /// - Parameter lockHeld: the caller holds the exclusive index lock (taking the shared one on the
    ///   same descriptor would turn it into a shared lock, and releasing that would release it).
    func readLog(_ state: inout State, lockHeld: Bool = false) throws(NearIndexError) {
        let path = IndexFiles.log(in: folder)
        let bytes: [UInt8]
        do {
            let size = try log.stat().size
            let available = (size - state.readOffset) / Int64(entrySize) * Int64(entrySize)
            guard available > 0 else { return }
            var buffer = [UInt8](repeating: 0, count: Int(available))
            let read = try Self.withLock(lock, exclusive: false, folder: folder, held: lockHeld) {
                () throws(NearIndexError) -> Int in
                do {
                    return try buffer.withUnsafeMutableBytes {
                        try log.read(fromAbsoluteOffset: state.readOffset, into: $0)
                    }
                } catch {
                    throw .fileSystem(FileSystemError("read", path, caught: error))
                }
            }
            bytes = Array(buffer[..<(read / entrySize * entrySize)])
        } catch let error as NearIndexError {
            throw error
        } catch {
            throw .fileSystem(FileSystemError("stat", path, caught: error))
        }
        bytes.withUnsafeBytes { raw in
            for start in stride(from: 0, to: raw.count, by: entrySize) {
                // A damaged entry (a torn write before a crash) is skipped; its article is found again
                // only after `verify --rebuild-index`.
                let encoded = UnsafeRawBufferPointer(rebasing: raw[start..<(start + entrySize)])
                guard
                    let entry = IndexEntry.decode(
                        encoded, bands: parameters.bands, sketchBytes: parameters.permutations)
                else { continue }
                // This process's own provisional entry stays until it expires: the entry is appended
                // before the record is linked, and until then only the provisional entry has the
                // shingles that confirm a match (a candidate without a record is skipped).
                let position = UInt32(truncatingIfNeeded: (state.readOffset + Int64(start)) / Int64(entrySize))
                state.delta.insert(id: entry.id, position: position, bandKeys: entry.bandKeys)
            }
        }
        state.readOffset += Int64(bytes.count)
    }
}
