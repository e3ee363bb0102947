/// Bloom filters of 256 bits (two bits per key) over the band keys of each block of a segment, so
/// that a lookup of a key a block does not hold — most lookups: a new article's band keys rarely
/// match a stored one — needs no read of the block. With 64 keys per block about 15% of absent keys
/// pass anyway. Stored as 4 words per block in one flat array (on disk: little-endian, after the
/// fences): 32 bytes per block of 64 pairs, 8 bytes of memory per stored article.
enum BlockFilter {
    /// Words per block.
    static let wordsPerBlock = 4

    /// Adds `key` to the filter of `block`.
    static func insert(_ key: UInt32, block: Int, into words: inout [UInt64]) {
        let (first, second) = bits(key)
        words[block * wordsPerBlock + first / 64] |= 1 << UInt64(first % 64)
        words[block * wordsPerBlock + second / 64] |= 1 << UInt64(second % 64)
    }

    /// Whether `block` may hold `key` (`false`: it certainly does not).
    static func mayContain(_ key: UInt32, block: Int, in words: [UInt64]) -> Bool {
        let (first, second) = bits(key)
        return words[block * wordsPerBlock + first / 64] >> UInt64(first % 64) & 1 == 1
            && words[block * wordsPerBlock + second / 64] >> UInt64(second % 64) & 1 == 1
    }

    /// Band keys are well-mixed hashes, and the keys of one block differ in their low bits.
    private static func bits(_ key: UInt32) -> (Int, Int) {
        (Int(key & 0xFF), Int((key >> 8) & 0xFF))
    }
}
