import DurableFiles
import Synchronization
import SystemPackage

/// Whether a store's file system can make unnamed files, found out by a probe at the first write
/// (not when the store opens: `newsdrop ls` or `show` must not write into the store).
final class UnnamedFileSupport: Sendable {
    private let folder: FilePath
    private let known: Mutex<Bool?>

    /// Support in `folder`, probed when first asked; `forced` skips the probe.
    init(folder: FilePath, forced: Bool? = nil) {
        self.folder = folder
        self.known = Mutex(forced)
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
