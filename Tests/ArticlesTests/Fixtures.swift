import Foundation

/// Paths to the repository's sample articles and the shared corpus.
enum Fixtures {
    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The bytes of a file in `seeds/`.
    static func seed(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: repositoryRoot.appendingPathComponent("seeds/\(name)")))
    }
}
