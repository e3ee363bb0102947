import CLinux

/// How the process's allocator hands memory back to the system (glibc malloc).
public enum MemoryTuning {
    /// Returns free memory at the top of malloc's heaps and in its arenas to the system: after a
    /// burst, freed batch buffers otherwise stay with the process. The corresponding C function is
    /// `malloc_trim`.
    public static func trim() {
        newsdrop_malloc_trim()
    }

    /// Serves every allocation of at least `bytes` with a mapping of its own, returned to the
    /// system when freed (and keeps glibc from raising that threshold later). The corresponding C
    /// function is `mallopt(M_MMAP_THRESHOLD, …)`.
    ///
    /// - Parameter bytes: the threshold.
    /// - Returns: whether malloc took the setting.
    @discardableResult
    public static func mapAllocations(ofAtLeast bytes: Int) -> Bool {
        newsdrop_malloc_fix_mmap_threshold(bytes) == 1
    }
}
