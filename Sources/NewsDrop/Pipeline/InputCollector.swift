import DurableFiles
import SystemPackage

/// Expands the paths given to `newsdrop ingest` into the list of input files.
///
/// A named file is an input even when it is hidden; a named folder is walked recursively in name
/// order, skipping hidden entries. Inside folders nothing is followed: a symbolic link, FIFO or
/// other special file found there is still listed, so that the reader rejects it with its reason.
public struct InputCollector {
    /// The input files, in order.
    public private(set) var files: [FilePath] = []
    /// Hidden entries skipped inside folders.
    public private(set) var skippedHidden = 0

    /// Collects the inputs under `paths`.
    ///
    /// - Throws: `FileSystemError` when a named path does not exist or a folder cannot be listed.
    public init(paths: [FilePath]) throws(FileSystemError) {
        for path in paths {
            let stat: Stat
            do { stat = try path.stat() } catch { throw FileSystemError("find", path, error) }
            if stat.type == .directory {
                try walk(path)
            } else {
                files.append(path)
            }
        }
    }

    private mutating func walk(_ folder: FilePath) throws(FileSystemError) {
        let entries = try FileSystem.entries(of: folder).sorted { $0.text < $1.text }
        for entry in entries {
            if entry.isHidden {
                skippedHidden += 1
                continue
            }
            let path = folder.appending(entry.name)
            var kind = entry.kind
            if kind == .unknown {
                kind = (try? path.stat(followTargetSymlink: false).type == .directory) == true ? .directory : .regular
            }
            if kind == .directory {
                try walk(path)
            } else {
                files.append(path)
            }
        }
    }
}
