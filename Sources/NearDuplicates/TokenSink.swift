/// What `TokenScanner` reports while it reads text: each normalised token and the end of each
/// sentence.
protocol TokenSink {
    /// Whether `token(hash:text:)` needs the token's case-folded bytes (hashing alone does not).
    static var needsText: Bool { get }

    /// Receives one token.
    ///
    /// - Parameters:
    ///   - hash: the token's `StableHash` (FNV-1a over its case-folded bytes, mixed).
    ///   - text: the case-folded bytes when `needsText`, else empty.
    mutating func token(hash: UInt64, text: UnsafeBufferPointer<UInt8>)

    /// Ends the current sentence; may be called when the sentence holds no token.
    mutating func endSentence()
}
