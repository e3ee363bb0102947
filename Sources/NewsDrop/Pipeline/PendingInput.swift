import ArticleStore
import SystemPackage

/// An input about to go through the pipeline, whoever found it: where to read it now, and how to
/// record it. `newsdrop ingest` makes one per file named; the daemon one per `ClaimedInput`
/// (`init(claim:)`), which it keeps beside it to move the file aside once the outcome is durable.
public struct PendingInput: Sendable {
    /// Where the bytes are read from (for the daemon, the claimed copy in its work folder).
    public let readPath: FilePath
    /// The facts recorded with the sighting (the name and path the producer gave it).
    public let source: SourceFile

    /// Creates a pending input.
    ///
    /// - Parameters:
    ///   - readPath: where to read the bytes.
    ///   - source: what to record about the file; `size` is filled in when it is read.
    public init(readPath: FilePath, source: SourceFile) {
        self.readPath = readPath
        self.source = source
    }
}
