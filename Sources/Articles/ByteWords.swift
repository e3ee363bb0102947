/// Tests on eight bytes at once (a `UInt64` loaded from a byte buffer), for the scans every input
/// goes through: most of an article is plain ASCII, and a word of it can be let through with one
/// test instead of eight table lookups. Each test is exact in whether *any* byte of the word
/// qualifies (not in which one), which is all the scans use: a word that qualifies is then looked
/// at byte by byte.
public enum ByteWords {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Loads the eight bytes at `offset` (no alignment needed).
    @inlinable @inline(__always)
    public static func load(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    /// Whether any byte is 0x80 or above (not ASCII).
    @inlinable @inline(__always)
    public static func hasNonASCII(_ word: UInt64) -> Bool {
        word & highBits != 0
    }

    /// Whether any byte is below `limit` (at most 0x80).
    @inlinable @inline(__always)
    public static func hasByte(below limit: UInt8, _ word: UInt64) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highBits != 0
    }

    /// Whether any byte equals `value`.
    @inlinable @inline(__always)
    public static func hasByte(_ value: UInt8, _ word: UInt64) -> Bool {
        let zeroed = word ^ (ones &* UInt64(value))
        return (zeroed &- ones) & ~zeroed & highBits != 0
    }

    /// The offset of the first byte equal to `value`, found eight bytes at a time (the generic
    /// `firstIndex(of:)` and `contains(_:)` look at one byte per step, with bounds checks).
    ///
    /// - Parameters:
    ///   - value: the byte to find.
    ///   - bytes: where to look.
    /// - Returns: the offset of its first occurrence, or `nil` when there is none.
    public static func firstIndex(of value: UInt8, in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            while index &+ 8 <= count, !hasByte(value, load(buffer, at: index)) { index &+= 8 }
            while index < count {
                if buffer[index] == value { return index }
                index &+= 1
            }
            return nil
        }
    }
}
