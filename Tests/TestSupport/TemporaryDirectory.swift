import Foundation
import SystemPackage

/// A fresh folder under the system temp folder, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    /// The folder.
    public let url: URL

    /// Creates the folder.
    ///
    /// - Parameter base: the parent folder; the system temp folder by default.
    public init(in base: URL? = nil) throws {
        let parent = base ?? FileManager.default.temporaryDirectory
        url = parent.appendingPathComponent("newsdrop-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The folder as a `FilePath`.
    public var path: FilePath { FilePath(url.path) }

    /// A path inside the folder.
    public func path(_ relative: String) -> FilePath { FilePath(url.appendingPathComponent(relative).path) }

    /// Writes a file inside the folder, creating parent folders.
    @discardableResult
    public func write(_ relative: String, _ bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file
    }

    /// Writes a text file inside the folder.
    @discardableResult
    public func write(_ relative: String, _ text: String) throws -> URL {
        try write(relative, Array(text.utf8))
    }
}
