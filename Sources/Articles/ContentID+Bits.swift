extension ContentID {
    /// The id as a 64-bit number (its 16 hex digits read big-endian), for compact indexes.
    public var bits: UInt64 { UInt64(hex, radix: 16)! }

    /// The id whose 16 hex digits spell `bits`.
    ///
    /// - Parameter bits: a value from `bits`.
    public init(bits: UInt64) {
        let digits = String(bits, radix: 16)
        self.init(String(repeating: "0", count: Self.length - digits.utf8.count) + digits)!
    }
}
