import SystemPackage

/// One name in a folder listing, with the type `readdir` reported for it.
public struct DirectoryEntry: Sendable, Hashable {
    /// The kinds of entry `readdir` tells apart.
    public enum Kind: Sendable, Hashable {
        /// A regular file.
        case regular
        /// A folder.
        case directory
        /// A symbolic link.
        case symlink
        /// A FIFO, socket or device.
        case special
        /// The file system did not say (`DT_UNKNOWN`, as on some network file systems): `lstat` it.
        case unknown
    }

    /// The entry's name, which may hold any bytes but `/` and NUL.
    public let name: FilePath.Component
    /// Its type.
    public let kind: Kind

    /// Creates an entry.
    public init(name: FilePath.Component, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// The name as text (invalid UTF-8 repaired with U+FFFD), for matching and display.
    public var text: String { name.string }

    /// Whether the name starts with a dot (hidden, or a newsdrop temp file).
    public var isHidden: Bool { name.string.hasPrefix(".") }
}
