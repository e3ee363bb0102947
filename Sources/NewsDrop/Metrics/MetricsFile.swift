import DurableFiles
import SystemPackage

/// The file node_exporter's textfile collector reads (`--collector.textfile.directory`): written
/// whole as a temp file in the same folder, then renamed over the old one, so a scrape never sees
/// half of it. The temp name starts with a dot and does not end in `.prom`, so the collector
/// skips it.
public struct MetricsFile: Sendable {
    /// The file (its name should end in `.prom`).
    public let path: FilePath

    /// A metrics file at `path`.
    public init(path: FilePath) {
        self.path = path
    }

    /// Replaces the file with `bytes`.
    ///
    /// - Throws: `FileSystemError`.
    public func write(_ bytes: [UInt8]) throws(FileSystemError) {
        try FileSystem.replaceFile(path, bytes: bytes, durable: false)
    }
}
