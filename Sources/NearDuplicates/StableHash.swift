/// The fast, stable 64-bit hashing near-duplicate fingerprints are built from.
///
/// Tokens are hashed with FNV-1a over their case-folded UTF-8 bytes and finished with a
/// multiply-xorshift mixer (the `fmix64` finaliser of MurmurHash3), so every bit of the result
/// depends on every byte. The values are part of the fingerprint format: they never change with the
/// process, the platform or the Swift version (unlike `Hasher`, which is seeded per process).
enum StableHash {
    /// FNV-1a's 64-bit offset basis: the hash of the empty token before mixing.
    static let fnvOffset: UInt64 = 0xCBF2_9CE4_8422_2325
    /// FNV-1a's 64-bit prime.
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    /// Adds one byte to an FNV-1a state.
    ///
    /// - Parameters:
    ///   - state: the running FNV-1a state.
    ///   - byte: the next byte.
    /// - Returns: the new state.
    @inline(__always)
    static func fnv(_ state: UInt64, _ byte: UInt8) -> UInt64 {
        (state ^ UInt64(byte)) &* fnvPrime
    }

    /// Scrambles a 64-bit value so that every output bit depends on every input bit (MurmurHash3's
    /// `fmix64`, a bijection).
    ///
    /// - Parameter value: any value.
    /// - Returns: the mixed value.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    /// Combines an ordered sequence of hashes into one (order matters).
    ///
    /// - Parameters:
    ///   - state: the combination so far.
    ///   - next: the next hash.
    /// - Returns: the new combination.
    @inline(__always)
    static func combine(_ state: UInt64, _ next: UInt64) -> UInt64 {
        mix((state &* 0x9E37_79B9_7F4A_7C15) ^ next)
    }
}
