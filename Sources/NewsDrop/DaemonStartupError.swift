/// Why the daemon could not start. `newsdrop run` prints it as one line and exits non-zero.
public struct DaemonStartupError: Error, Sendable, CustomStringConvertible {
    /// What failed, as a sentence.
    public let description: String
    /// The errno name behind it, when a system call failed.
    public let errnoName: String?

    /// Creates an error.
    public init(_ description: String, errnoName: String? = nil) {
        self.description = description
        self.errnoName = errnoName
    }
}
