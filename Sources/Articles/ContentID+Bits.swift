extension ContentID {
    /// The id as a 64-bit number (its 16 hex digits read big-endian), for compact indexes.
    public var bits: UInt64 { UInt64(hex, radix: 16)! }

    /// The id whose 16 hex digits spell `bits`.
    ///
    /// Writes the digits straight into the id's string: one allocation and no validation, for the
    /// near-duplicate matcher, which makes an id of every candidate it confirms.
    /// - Parameter bits: a value from `bits`.
    public init(bits: UInt64) {
        let digits = String(unsafeUninitializedCapacity: Self.length) { buffer in
            for index in 0..<Self.length {
                let nibble = Int(truncatingIfNeeded: bits >> UInt64(4 * (Self.length - 1 - index))) & 0xF
                buffer[index] = nibble < 10 ? UInt8(ascii: "0") + UInt8(nibble) : UInt8(ascii: "a") + UInt8(nibble - 10)
            }
            return Self.length
        }
        self.init(lowercaseHex: digits)
    }
}
