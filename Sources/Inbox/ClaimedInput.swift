import SystemPackage

/// An input renamed into this daemon's work folder: no other instance can take it now.
///
/// The inbox's side of an input: where it came from and where it waits, what `Disposer` moves aside
/// once its outcome is durable. The pipeline reads it as a `PendingInput` made from it.
public struct ClaimedInput: Sendable, Equatable {
    /// A key derived from the file's identity (device, inode, size, mtime, name) before the claim.
    /// It names the sighting in the store, so finishing a claim after a crash records it once —
    /// even when the claiming rename itself was lost and the file is claimed again.
    public let key: String
    /// The name the producer gave the file.
    public let name: FilePath.Component
    /// Where the file is now: `<work>/<key>.<name>`.
    public let workPath: FilePath
    /// Where it was dropped.
    public let inboxPath: FilePath
    /// When it arrived in the inbox (its inode's change time just before the claim: the rename into
    /// the inbox, or the last write), in Unix seconds; `nil` for a claim found after a restart.
    public let arrival: Double?

    /// Creates a claimed input.
    public init(key: String, name: FilePath.Component, workPath: FilePath, inboxPath: FilePath, arrival: Double? = nil)
    {
        self.key = key
        self.name = name
        self.workPath = workPath
        self.inboxPath = inboxPath
        self.arrival = arrival
    }
}
