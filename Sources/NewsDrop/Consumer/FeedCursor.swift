import DurableFiles
import FoundationEssentials
import SystemPackage

/// The file where a consumer keeps the seq of the last feed entry it fully handled:
/// `{"seq":123}`, replaced atomically (temp file, `fsync`, `rename`, `fsync` of the folder).
public struct FeedCursor: Sendable {
    /// The cursor file.
    public let path: FilePath

    /// A cursor kept in `path`.
    public init(path: FilePath) {
        self.path = path
    }

    /// Why a cursor file cannot be used.
    public struct Invalid: Error, CustomStringConvertible {
        /// What is wrong.
        public let description: String
    }

    /// The saved seq; 0 when there is no file yet (start from the beginning).
    ///
    /// - Throws: `Invalid` when the file does not hold a cursor, `FileSystemError` when it cannot
    ///   be read.
    public func load() throws -> Int {
        guard FileSystem.itemExists(at: path) else { return 0 }
        let bytes = try FileSystem.readFile(at: path, limit: 4096) ?? []
        guard let saved = try? JSONDecoder().decode(SavedCursor.self, from: Data(bytes)), saved.seq >= 0 else {
            throw Invalid(description: "\(path) is not a cursor file (expected {\"seq\": N} with N ≥ 0)")
        }
        return saved.seq
    }

    /// Saves `seq` atomically and durably.
    ///
    /// - Throws: `FileSystemError`.
    public func save(_ seq: Int) throws(FileSystemError) {
        try FileSystem.replaceFile(path, bytes: Array("{\"seq\":\(seq)}\n".utf8), durable: true)
    }
}

/// A cursor file's contents.
private struct SavedCursor: Decodable {
    var seq: Int
}
