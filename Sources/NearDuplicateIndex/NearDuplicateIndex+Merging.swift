import DurableFiles
import SystemPackage

extension NearDuplicateIndex {

    /// Waits until this index's background merges are done: none streaming, and no two adjacent
    /// segments of the folder that qualify for one (it starts a pass if some do). For whoever wants
    /// the index settled, as compact as merging makes it: a rebuild before it puts the index in
    /// place, a one-shot ingest before it exits, tests.
    ///
    /// - Throws: `NearIndexError` of a background merge that failed since the last wait (the index
    ///   stays correct: those segments are only left unmerged, and the next flush tries again).
    public func waitForMerges() throws(NearIndexError) {
        try merger.waitUntilIdle()
    }

    /// Tests only: sets (or clears) a closure the merge thread calls when it has reserved a merge
    /// and is about to stream it, holding no lock.
    func setMergeHook(_ hook: (@Sendable () -> Void)?) {
        merger.setReservedHook(hook)
    }

    /// Offers the segment the merger is about to publish, open with the fences and filters its
    /// writer handed over (the merge thread calls it, holding no lock). A refresh on another thread
    /// may adopt the published manifest before the merger does: it takes the segment from here too,
    /// rather than reading a third copy of its fences and filters beside the inputs' and the offered.
    func offer(_ segment: IndexSegment) {
        state.withLock { $0.offered.append(segment) }
    }

    /// Adopts the manifest the merger just published, and withdraws what it offered (the merge
    /// thread calls it, holding no lock).
    func followPublishedManifest(withdrawing segment: IndexSegment?) {
        state.withLock { state in
            // A failure here is met again, and reported, by the next refresh.
            try? followManifest(&state)
            if let segment { state.offered.removeAll { $0 === segment } }
        }
    }

    /// The first of the two adjacent segments to merge next, if any qualify: the newest pair whose
    /// newer segment has at least half the pairs of the older. Segments merge like a binary counter
    /// when flushes and merges alternate; when flushes went on during a merge, this also finds a
    /// pair left behind further up the list.
    static func mergeCandidate(in segments: [IndexManifest.Segment]) -> Int? {
        guard segments.count >= 2 else { return nil }
        return (0..<(segments.count - 1)).last { segments[$0 + 1].pairs * 2 >= segments[$0].pairs }
    }

    /// Takes the next segment number no file has for a new segment, counting `next_segment` on; a
    /// number a dead writer's leftover still has is skipped.
    static func reserveSegmentName(in manifest: inout IndexManifest, folder: FilePath) -> String {
        while true {
            let name = segmentName(manifest.nextSegment)
            manifest.nextSegment += 1
            if !FileSystem.itemExists(at: folder.appending(name)) { return name }
        }
    }

    /// Removes the segment files `listed` does not name and no live merge claims: a writer that died
    /// between writing a segment and publishing it left them. Call holding the exclusive index lock
    /// (a flush's unlisted segment exists only while its writer holds that lock; a merge's output
    /// is claimed with a `flock` of its own from before that lock is released until it is listed).
    static func removeUnclaimedSegments(listed: Set<String>, folder: FilePath) {
        guard let entries = try? FileSystem.entries(of: folder) else { return }
        for entry in entries where entry.kind != .directory {
            let name = entry.text
            guard name.hasPrefix("seg-"), name.hasSuffix(".bin"), !listed.contains(name) else { continue }
            let path = folder.appending(name)
            guard let file = try? FileSystem.open(path, .readOnly) else { continue }
            if (try? FileLock.lock(file, exclusive: true, wait: false, path: path)) == true {
                try? FileSystem.removeFile(path)
            }
            _ = try? file.close()
        }
    }
}
