import DurableFiles
import SystemPackage

/// Why a store operation failed.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed (disk full, permission denied, I/O error…). Usually transient: the
    /// input is still where it was and the operation can be retried.
    case fileSystem(FileSystemError)
    /// A file in the store could not be parsed.
    case corruptFile(FilePath, String)
    /// The folder exists but is not a newsdrop store.
    case notAStore(FilePath)
    /// There is no store at the path.
    case missing(FilePath)
    /// The store was written by a newer newsdrop.
    case unsupportedSchema(FilePath, Int)

    public var description: String {
        switch self {
        case .fileSystem(let error): "\(error)"
        case .corruptFile(let path, let reason): "\(path) is damaged: \(reason); run 'newsdrop verify --repair'"
        case .notAStore(let path): "\(path) is not a newsdrop store (it has files but no \(StoreLayout.markerName))"
        case .missing(let path): "there is no newsdrop store at \(path) yet; 'newsdrop ingest' creates one"
        case .unsupportedSchema(let path, let schema):
            "\(path) has schema \(schema), newer than this newsdrop understands (\(ArticleRecord.currentSchema))"
        }
    }
}
