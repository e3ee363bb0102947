import DurableFiles
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A written file waiting for its name.
enum UnpublishedFile: Sendable {
    case unnamed(UnnamedFile)
    case temporary(FilePath)

    /// Links it to `target`; `false` when the name exists.
    func link(as target: FilePath) throws(FileSystemError) -> Bool {
        switch self {
        case .unnamed(let file): try file.link(as: target)
        case .temporary(let path): try FileSystem.linkNoClobber(path, to: target)
        }
    }

    /// Makes its contents durable.
    func sync() throws(FileSystemError) {
        switch self {
        case .unnamed(let file):
            try file.sync()
        case .temporary(let path):
            let descriptor = try FileSystem.open(path, .readOnly)
            defer { _ = try? descriptor.close() }
            do { try systemCall { fsync(descriptor.rawValue) } } catch { throw FileSystemError("fsync", path, error) }
        }
    }

    /// Closes or removes what is left of it once linked (or abandoned).
    func discard() {
        switch self {
        case .unnamed(let file): file.discard()
        case .temporary(let path): try? FileSystem.removeFile(path)
        }
    }
}
