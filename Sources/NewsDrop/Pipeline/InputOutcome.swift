import ArticleStore
import Articles
import DurableFiles
import SystemPackage

/// What became of one input file.
public struct InputOutcome: Sendable {
    /// The kinds of outcome.
    public enum Kind: Sendable, Equatable {
        /// Its outcome is durable in the store (stored, duplicate, near-duplicate, diverted, rejected).
        case committed(CommitOutcome)
        /// Not processed because of an I/O fault; nothing was recorded and the input is untouched.
        case failed(IngestFailure)
    }

    /// Where the input was read from (for the daemon, its claimed copy in the work folder).
    public let path: FilePath
    /// What became of it.
    public let kind: Kind
    /// The input's size in bytes (0 when it could not be read).
    public let size: Int
    /// The article's title, when the input was an article.
    public let title: String?
    /// The article's full SHA-256, when the input was an article.
    public let sha256: String?

    /// Creates an outcome.
    public init(path: FilePath, kind: Kind, size: Int, title: String? = nil, sha256: String? = nil) {
        self.path = path
        self.kind = kind
        self.size = size
        self.title = title
        self.sha256 = sha256
    }

    /// The committed outcome; `nil` when the input failed.
    public var committed: CommitOutcome? {
        if case .committed(let outcome) = kind { return outcome }
        return nil
    }

    /// `stored`, `duplicate`, `near-duplicate`, `rejected` or `failed`.
    public var label: String { committed?.label ?? "failed" }
}

/// Why an input could not be processed. Nothing about it was recorded; it can be retried.
public enum IngestFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Reading the input failed.
    case input(FileSystemError)
    /// The store failed (disk full, permission denied, I/O error…).
    case store(StoreError)

    public var description: String {
        switch self {
        case .input(let error): "\(error)"
        case .store(let error): "\(error)"
        }
    }

    /// The system call failure behind it, if one.
    public var fileSystemError: FileSystemError? {
        switch self {
        case .input(let error): error
        case .store(.fileSystem(let error)): error
        case .store: nil
        }
    }
}
