import DurableFiles
import SystemPackage

/// Why the near-duplicate index could not be used.
public enum NearIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file operation failed.
    case fileSystem(FileSystemError)
    /// The manifest is not readable JSON.
    case corrupt(FilePath)
    /// The index was built with other shingle or band parameters, or in an older format: it must be rebuilt.
    case incompatible(FilePath)

    public var description: String {
        switch self {
        case .fileSystem(let error): "\(error)"
        case .corrupt(let path):
            "\(path) is not a readable index manifest (rebuild it with `newsdrop verify --rebuild-index`)"
        case .incompatible(let path):
            "\(path) was built with other fingerprint parameters or in an older format (rebuild it with `newsdrop verify --rebuild-index`)"
        }
    }
}
