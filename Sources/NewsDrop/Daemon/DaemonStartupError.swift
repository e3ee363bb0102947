import DurableFiles

/// Why the daemon could not start. `newsdrop run` prints it as one line and exits non-zero.
public struct DaemonStartupError: Error, Sendable, CustomStringConvertible {
    /// What failed, as a sentence.
    public let description: String
    /// The system call failure behind it, if one.
    public let cause: FileSystemError?

    /// Creates an error.
    public init(_ description: String, cause: FileSystemError? = nil) {
        self.description = description
        self.cause = cause
    }
}
