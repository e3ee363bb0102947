import DurableFiles
import FoundationEssentials
import NearDuplicates
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

extension NearDuplicateIndex {

    /// What a store's index folder holds.
    public enum Presence: Sendable, Equatable {
        /// No index.
        case missing
        /// An index in an older format, which this code rebuilds rather than reads.
        case outdated
        /// An index this code opens (or a damaged manifest, which opening reports).
        case present
    }

    /// Whether `folder` holds an index, and in which format.
    ///
    /// - Throws: `NearIndexError.fileSystem` when the manifest cannot be read.
    public static func presence(in folder: FilePath) throws(NearIndexError) -> Presence {
        let bytes: [UInt8]?
        do {
            bytes = try FileSystem.readFile(at: IndexFiles.manifest(in: folder), limit: 1 << 20)
        } catch let error where error.errno == .noSuchFileOrDirectory || error.errno == .notDirectory {
            return .missing
        } catch {
            throw .fileSystem(error)
        }
        guard let bytes else { return .missing }
        struct Schema: Decodable { var schema: Int }
        guard let found = try? JSONDecoder().decode(Schema.self, from: Data(bytes)) else { return .present }
        return found.schema < IndexManifest.currentSchema ? .outdated : .present
    }

    /// Reads a manifest; `nil` when there is none.
    static func readManifest(_ path: FilePath) throws(NearIndexError) -> IndexManifest? {
        let bytes: [UInt8]?
        do {
            bytes = try FileSystem.readFile(at: path, limit: 1 << 20)
        } catch let error where error.errno == .noSuchFileOrDirectory {
            return nil
        } catch {
            throw .fileSystem(error)
        }
        guard let bytes, let manifest = try? JSONDecoder().decode(IndexManifest.self, from: Data(bytes)) else {
            throw .corrupt(path)
        }
        return manifest
    }

    /// Replaces the manifest atomically and durably.
    static func writeManifest(_ manifest: IndexManifest, folder: FilePath) throws(NearIndexError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = Array((try? encoder.encode(manifest)) ?? Data()) + [0x0A]
        do { try FileSystem.replaceFile(IndexFiles.manifest(in: folder), bytes: bytes, durable: true) } catch {
            throw .fileSystem(error)
        }
    }
}
