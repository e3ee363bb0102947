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

    /// Appends entries for newly stored articles in one write.
    ///
    /// - Parameters:
    ///   - articles: ids, band keys and sketches (articles without band keys are skipped).
    ///   - sync: `fdatasync` the log before returning (a lone commit); a group commit's `syncfs`
    ///     covers it otherwise.
    /// - Throws: `NearIndexError`.
    public func append(
        _ articles: [(id: ContentID, bandKeys: [UInt32], sketch: [UInt8])], sync: Bool
    ) throws(NearIndexError) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(articles.count * entrySize)
        for article in articles where article.bandKeys.count == parameters.bands {
            // A missing sketch is stored as zeros, which `sketch(of:)` reports as unknown (a real
            // sketch is all zeros with a chance of 1 in 256^64).
            let sketch =
                article.sketch.count == parameters.permutations
                ? article.sketch : [UInt8](repeating: 0, count: parameters.permutations)
            IndexEntry(id: article.id.bits, writer: writer, bandKeys: article.bandKeys, sketch: sketch).encode(
                into: &bytes)
        }
        guard !bytes.isEmpty else { return }
        let path = IndexFiles.log(in: folder)
        // The state lock orders this thread against this process's readers (flock does not: it
        // is per open file, shared by all threads); the file lock orders it against other processes.
        try state.withLock { _ throws(NearIndexError) in
            try Self.withLock(lock, exclusive: true, folder: folder) { () throws(NearIndexError) in
                do {
                    _ = try bytes.withUnsafeBytes { try log.writeAll($0) }
                    if sync { try systemCall { fdatasync(log.rawValue) } }
                } catch {
                    throw .fileSystem(FileSystemError("append to", path, caught: error))
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
            throw .fileSystem(FileSystemError("fdatasync", IndexFiles.log(in: folder), error))
        }
    }

    /// Articles in segments, in the log tail, and provisional, for statistics.
    public var counts: (segmentPairs: Int, segments: Int, tail: Int, provisional: Int) {
        state.withLock { state in
            (
                state.segments.reduce(0) { $0 + $1.count }, state.segments.count, state.delta.count,
                state.provisional.count
            )
        }
    }

    /// Writes the log tail as a segment and publishes the manifest; merging is left to the
    /// background merger (`SegmentMerger`), which the caller asks once it has let go of `state`.
    ///
    /// - Returns: whether two adjacent segments now qualify for a merge.
    func flush(_ state: inout State) throws(NearIndexError) -> Bool {
        try Self.withLock(lock, exclusive: true, folder: folder) { () throws(NearIndexError) -> Bool in
            // Another process may have flushed, or a merger published or reserved, meanwhile.
            try followManifest(&state, lockHeld: true)
            try readLog(&state, lockHeld: true)
            guard state.delta.count >= flushThreshold else { return false }
            var manifest = state.manifest
            let name = Self.reserveSegmentName(in: &manifest, folder: folder)
            var segmentWriter: SegmentWriter
            // The tail is replaced by an empty one once the manifest is adopted; until then (and
            // for good if the flush fails) its lookups must work again.
            defer { state.delta.restoreLookups() }
            let slots = state.delta.takeSortedSlots()
            do throws(FileSystemError) {
                segmentWriter = try SegmentWriter(path: folder.appending(name), expectedPairs: slots.count)
            } catch { throw .fileSystem(error) }
            let segment: IndexSegment
            do throws(FileSystemError) {
                for slot in slots { try segmentWriter.append(state.delta.pair(at: slot)) }
                let fences = try segmentWriter.finish()
                segment = try IndexSegment(folder: folder, name: name, count: segmentWriter.count, handed: fences)
            } catch {
                segmentWriter.abandon()
                throw .fileSystem(error)
            }
            manifest.segments.append(.init(name: name, pairs: segment.count))
            manifest.coveredBytes = state.readOffset
            try Self.writeManifest(manifest, folder: folder)
            // Adopted with the fences and filters the writer handed over, not read back.
            state.offered.append(segment)
            defer { state.offered.removeAll { $0 === segment } }
            try adopt(manifest, stamp: FileStamp(IndexFiles.manifest(in: folder)), into: &state)
            return Self.mergeCandidate(in: manifest.segments) != nil
        }
    }

    /// `seg-000042.bin` for 42.
    static func segmentName(_ number: Int) -> String {
        let digits = String(number)
        return "seg-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".bin"
    }

    /// Pads a log whose last append was torn by a crash to a whole number of entries, so later
    /// appends stay aligned (the padded entry fails its checksum and is skipped).
    static func alignLog(_ log: FileDescriptor, entrySize: Int, folder: FilePath) throws(NearIndexError) {
        do {
            let size = try log.stat().size
            let remainder = Int(size % Int64(entrySize))
            guard remainder != 0 else { return }
            try log.resize(to: size + Int64(entrySize - remainder))
        } catch {
            throw .fileSystem(FileSystemError("align", IndexFiles.log(in: folder), caught: error))
        }
    }
}
