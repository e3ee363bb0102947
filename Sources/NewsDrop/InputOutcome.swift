import Articles
import ArticleStore
import DurableFiles
import SystemPackage

/// What became of one input file.
public struct InputOutcome: Sendable {
    /// The kinds of outcome.
    public enum Kind: Sendable, Equatable {
        /// New content, stored.
        case stored(ContentID)
        /// Content already stored; a sighting was recorded.
        case duplicate(ContentID)
        /// Not stored, with the reason (filed in the store's ledger).
        case rejected(Rejection)
        /// Not processed because of an I/O fault; nothing was recorded and the input is untouched.
        case failed(String)
    }

    /// The input file.
    public let path: FilePath
    /// What became of it.
    public let kind: Kind
    /// The input's size in bytes (0 when it could not be read).
    public let size: Int

    /// Creates an outcome.
    public init(path: FilePath, kind: Kind, size: Int) {
        self.path = path
        self.kind = kind
        self.size = size
    }

    /// `stored`, `duplicate`, `rejected` or `failed`.
    public var label: String {
        switch kind {
        case .stored: "stored"
        case .duplicate: "duplicate"
        case .rejected: "rejected"
        case .failed: "failed"
        }
    }
}
