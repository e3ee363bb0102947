import CLinux

/// Searching raw bytes at C speed.
public enum ByteSearch {
    /// The offset just past the first occurrence of `needle` in `haystack`, or `nil`. The
    /// corresponding C function is `memmem` (a generic `firstRange(of:)` costs several times more).
    ///
    /// - Parameters:
    ///   - needle: the bytes to find.
    ///   - haystack: the bytes to search.
    public static func end(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
        guard let base = haystack.baseAddress,
            let found = newsdrop_memmem(base, haystack.count, needle.baseAddress, needle.count)
        else {
            return nil
        }
        return base.distance(to: UnsafeRawPointer(found)) + needle.count
    }
}
