/// A flush policy chosen, and why (for the journal and `newsdrop status`).
public struct FlushChoice: Sendable, Equatable {
    /// The policy.
    public let policy: FlushPolicy
    /// Why it was chosen: `ext4 flushes through syncfs`, `fuse: syncfs reaches no server`…
    public let reason: String

    /// A choice of `policy` for `reason`.
    public init(_ policy: FlushPolicy, reason: String) {
        self.policy = policy
        self.reason = reason
    }
}
