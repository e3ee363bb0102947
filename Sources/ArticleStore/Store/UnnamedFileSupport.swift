import DurableFiles
import FoundationEssentials
import Synchronization
import SystemPackage

/// Whether a store's file system can make unnamed files, found out by a probe at the first write
/// (not when the store opens: `newsdrop ls` or `show` must not write into the store).
///
/// `NEWSDROP_UNNAMED_FILES=off` in the environment (read once per process) forces temp names
/// everywhere, as on a file system without `O_TMPFILE` (FUSE, NFS): for tests of that path on a
/// local disk, and for comparing the two.
final class UnnamedFileSupport: Sendable {
    /// Whether the environment forces temp names (`NEWSDROP_UNNAMED_FILES=off`).
    static let forcedOff = ProcessInfo.processInfo.environment["NEWSDROP_UNNAMED_FILES"] == "off"

    private let folder: FilePath
    private let known: Mutex<Bool?>

    /// Support in `folder`, probed when first asked; `forced` skips the probe.
    init(folder: FilePath, forced: Bool? = nil) {
        self.folder = folder
        self.known = Mutex(Self.forcedOff ? false : forced)
    }

    /// Whether unnamed files can be used; the first call probes.
    var isAvailable: Bool {
        known.withLock { known in
            if let known { return known }
            let probed = UnnamedFile.areSupported(in: folder)
            known = probed
            return probed
        }
    }
}
