import DurableFiles
import Synchronization
import SystemPackage

/// One merge of two adjacent segments into a new one, from its reservation to its end: the inputs,
/// the output's reserved name, the open files, and a `flock` on the output that says "being written".
///
/// Everything is opened while the index lock is held (`SegmentMerger.reserve`), so the inputs exist
/// and no other process can mistake the unlisted output for a dead writer's leftover; the streaming
/// itself (`stream(cancelled:)`) then needs no lock: segments are immutable, and a segment another
/// process merges away meanwhile stays readable through the cursor's own descriptor.
struct MergeJob: ~Copyable {
    /// The older (larger) input, as the manifest listed it.
    let older: IndexManifest.Segment
    /// The newer input, listed right after `older`.
    let newer: IndexManifest.Segment
    /// The output's file name, reserved in the manifest (`next_segment`) so no one else takes it.
    let output: String
    private let folder: FilePath
    private var writer: SegmentWriter
    private var left: SegmentCursor
    private var right: SegmentCursor
    /// A second descriptor of the output, `flock`ed exclusive until the job ends: an unlisted segment
    /// nobody holds is a dead writer's leftover, which opening the index removes.
    private let claim: FileDescriptor
    private var pairs = 0
    /// The output's fences and filters, from the writer once `stream` has finished.
    private var handed: SegmentFences?

    /// Pairs merged between two looks at the cancel flag (a fraction of a millisecond of work).
    private static let pairsBetweenChecks = 64 * 1024

    /// Creates the output (which must not exist), claims it, and opens both inputs.
    ///
    /// - Throws: `FileSystemError`; nothing is left behind.
    init(
        older: IndexManifest.Segment, newer: IndexManifest.Segment, output: String, folder: FilePath
    ) throws(FileSystemError) {
        let path = folder.appending(output)
        var writer = try SegmentWriter(path: path, expectedPairs: older.pairs + newer.pairs)
        let claim: FileDescriptor
        do throws(FileSystemError) {
            claim = try FileSystem.open(path, .readOnly)
            guard try FileLock.lock(claim, exclusive: true, wait: false, path: path) else {
                _ = try? claim.close()
                throw FileSystemError("lock", path, .wouldBlock)
            }
        } catch {
            writer.abandon()
            throw error
        }
        let left: SegmentCursor
        do throws(FileSystemError) {
            left = try SegmentCursor(folder: folder, name: older.name, count: older.pairs)
        } catch {
            writer.abandon()
            _ = try? claim.close()
            throw error
        }
        let right: SegmentCursor
        do throws(FileSystemError) {
            right = try SegmentCursor(folder: folder, name: newer.name, count: newer.pairs)
        } catch {
            writer.abandon()
            _ = try? claim.close()
            throw error
        }
        self.left = left
        self.right = right
        self.older = older
        self.newer = newer
        self.output = output
        self.folder = folder
        self.writer = writer
        self.claim = claim
    }

    /// The merged segment as the manifest will list it (once `stream` has finished).
    var merged: IndexManifest.Segment { .init(name: output, pairs: pairs) }

    /// Streams both inputs into the output in order, in bounded memory, and makes it durable.
    ///
    /// - Parameter cancelled: looked at every 64 Ki pairs; when it is set the merge stops early.
    /// - Returns: `false` when cancelled (the output is then incomplete: `abandon()` it).
    /// - Throws: `FileSystemError` (the output is then incomplete: `abandon()` it).
    mutating func stream(cancelled: borrowing Atomic<Bool>) throws(FileSystemError) -> Bool {
        var a = try left.next()
        var b = try right.next()
        var sinceCheck = 0
        while true {
            sinceCheck += 1
            if sinceCheck == Self.pairsBetweenChecks {
                sinceCheck = 0
                if cancelled.load(ordering: .relaxed) { return false }
            }
            if let x = a, b.map({ x <= $0 }) ?? true {
                try writer.append(x)
                a = try left.next()
            } else if let y = b {
                try writer.append(y)
                b = try right.next()
            } else {
                break
            }
        }
        handed = try writer.finish()
        pairs = writer.count
        return true
    }

    /// The finished output as an open segment, with the fences and filters the writer handed over
    /// (the job keeps none): the index adopts it without reading them back.
    ///
    /// - Returns: `nil` before `stream` has finished, or when the output cannot be opened (the
    ///   index then reads it as it follows the manifest, and reports what fails there).
    mutating func takeSegment() -> IndexSegment? {
        guard let fences = handed.take() else { return nil }
        return try? IndexSegment(folder: folder, name: output, count: pairs, handed: fences)
    }

    /// Removes the output (unfinished, cancelled, or made pointless by another process's merge).
    mutating func abandon() {
        writer.abandon()
    }

    deinit {
        // Releases the claim: the manifest lists the output by now, or it is removed.
        _ = try? claim.close()
    }
}
