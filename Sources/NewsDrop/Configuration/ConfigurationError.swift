/// An invalid setting: names the file (if any), the key and what is wrong, in one line.
/// `newsdrop run` prints it and exits with status 78 (`EX_CONFIG`).
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration file, or `nil` for a command-line flag.
    public let file: String?
    /// The key (or flag) at fault.
    public let key: String
    /// What is wrong with it.
    public let problem: String

    /// Creates an error.
    public init(file: String?, key: String, problem: String) {
        self.file = file
        self.key = key
        self.problem = problem
    }

    /// The exit status for configuration errors (`EX_CONFIG` from sysexits.h).
    public static let exitStatus: Int32 = 78

    public var description: String {
        "invalid configuration\(file.map { " in \($0)" } ?? ""): '\(key)' \(problem)"
    }
}
