import Foundation

/// Paths to the repository's sample articles and the shared corpus.
public enum Fixtures {
    /// The repository root, found from this file's path.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `seeds/` folder.
    public static var seedsFolder: URL { repositoryRoot.appendingPathComponent("seeds") }

    /// The bytes of a file in `seeds/`.
    public static func seed(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: seedsFolder.appendingPathComponent(name)))
    }

    /// The BBC corpus (`../shared/corpus/bbc-dev`, or `$NEWSDROP_CORPUS`), or `nil` when absent.
    public static var corpus: URL? {
        let url =
            ProcessInfo.processInfo.environment["NEWSDROP_CORPUS"].map { URL(fileURLWithPath: $0) }
            ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/bbc-dev")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Why corpus tests are skipped when the corpus is absent.
    public static let corpusMissing =
        "the BBC corpus is not at ../shared/corpus/bbc-dev (set NEWSDROP_CORPUS); skipping"
}
