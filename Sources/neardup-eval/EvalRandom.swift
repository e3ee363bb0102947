/// A deterministic random generator (SplitMix64), so the labelled set is the same on every run.
struct EvalRandom: RandomNumberGenerator {
    private var state: UInt64

    /// Creates a generator.
    ///
    /// - Parameter seed: the starting state; variants of one article use the article's index.
    init(seed: UInt64) {
        state = seed &* 0x2545_F491_4F6C_DD1D
    }

    /// The next 64 pseudo-random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
