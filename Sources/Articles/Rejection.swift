/// Why an input was not stored: a stable machine-readable code.
///
/// The raw values are part of the store format and of the daemon's `NAME.reason.json` files; never
/// rename one.
public enum RejectionReason: String, Sendable, Codable, CaseIterable {
    /// The file has no bytes at all.
    case empty
    /// The file decodes to nothing but whitespace.
    case whitespaceOnly = "whitespace-only"
    /// The file holds NUL bytes or mostly control characters.
    case binary
    /// The file is neither valid UTF-8 (or UTF-16 with a byte-order mark) nor Windows-1252 text.
    case undecodable
    /// The file is larger than the configured limit.
    case tooLarge = "too-large"
    /// A different text already holds this 16-digit content id.
    case idCollision = "id-collision"
    /// The path is a symbolic link; links are never followed.
    case symlink
    /// The path is a FIFO, socket, device or folder rather than a regular file.
    case notRegularFile = "not-a-regular-file"
    /// newsdrop is not permitted to read the file (its owner or mode keeps newsdrop out).
    case unreadable
}

/// A rejected input: the reason code and a sentence a person can act on.
public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The machine-readable reason.
    public let reason: RejectionReason
    /// A specific, human-readable explanation, e.g. "contains a NUL byte at offset 12".
    public let message: String

    /// Creates a rejection.
    ///
    /// - Parameters:
    ///   - reason: the machine-readable reason.
    ///   - message: a sentence fragment explaining this particular input's fault.
    public init(_ reason: RejectionReason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(reason.rawValue): \(message)" }
}
