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
        /// An index in this format laid out for other parameters (another threshold's band layout):
        /// rebuilt with the parameters in force rather than opened.
        case otherLayout(NearDuplicateParameters)
        /// An index this code opens (or a damaged manifest, which opening reports).
        case present
    }

    /// Whether `folder` holds an index, in which format, and whether it fits `parameters`.
    ///
    /// - Parameter parameters: the parameters the index is wanted for; `nil` to ask only about the format.
    /// - Throws: `NearIndexError.fileSystem` when the manifest cannot be read.
    public static func presence(
        in folder: FilePath, for parameters: NearDuplicateParameters? = nil
    ) throws(NearIndexError) -> Presence {
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
        guard found.schema >= IndexManifest.currentSchema else { return .outdated }
        if let parameters, found.schema == IndexManifest.currentSchema,
            let manifest = try? JSONDecoder().decode(IndexManifest.self, from: Data(bytes)),
            !manifest.isCompatible(with: parameters)
        {
            return .otherLayout(manifest.parameters)
        }
        return .present
    }

    /// The parameters of the index in `folder` when it is in this format, else `nil`.
    ///
    /// - Throws: `NearIndexError.fileSystem` when the manifest cannot be read.
    public static func parameters(in folder: FilePath) throws(NearIndexError) -> NearDuplicateParameters? {
        guard case .present = try presence(in: folder) else { return nil }
        guard let manifest = try? readManifest(IndexFiles.manifest(in: folder)), manifest.isCurrentFormat else {
            return nil
        }
        return manifest.parameters
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
