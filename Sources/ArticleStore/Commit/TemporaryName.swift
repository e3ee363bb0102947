import DurableFiles
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Names of temp files: `.<final name>.tmp~<host>~<pid>~<token>`, hidden from readers by the
/// leading dot.
///
/// The shape is rsync's, `.<name>.<suffix>` with no dot in the suffix, on purpose. GlusterFS's
/// distribute layer places a file on a brick by the hash of its name, except that a name matching
/// its `cluster.rsync-hash-regex` (by default `^\.(.+)\.[^.]+$`) is placed by the captured part.
/// A temp file named after its target therefore lies on the target's brick, and the `link(2)` that
/// publishes it is an operation of that one brick, atomic there. A temp file named otherwise lies
/// on any brick: the link then spans two bricks (a link file on the target's, the hard link on the
/// temp's), and two clients linking one name while a lookup of it runs can both succeed, leaving
/// two files under one name (`Scripts/gluster-link-race` measures it; the README's Scaling out has
/// the figures).
///
/// Releases before this one wrote `.tmp.<host>.<pid>.<token>`; such names are still recognised,
/// so their leftovers are cleaned up.
enum TemporaryName {
    /// The prefix of the earlier releases' temp file names.
    static let legacyPrefix = ".tmp."

    /// What starts the suffix of a temp file name (after the last dot).
    static let suffixMark = "tmp~"

    /// This host's name as it appears in a temp file name: no dot (the suffix has none), no `~`
    /// (which separates the suffix's parts) and no `/`.
    static let host: String = String(
        HostName.current.map { $0 == "." || $0 == "~" || $0 == "/" ? "_" : $0 })

    /// A temp file name for this process, to be published as `target` (a name, not a path).
    static func make(for target: String, token: String) -> String {
        ".\(target).\(suffixMark)\(host)~\(getpid())~\(token)"
    }

    /// The path of a temp file beside `target`, to be published as `target`.
    static func path(for target: FilePath, token: String) -> FilePath {
        target.removingLastComponent().appending(make(for: target.lastComponent?.string ?? "file", token: token))
    }

    /// Whether `name` is a temp file name, of this release or an earlier one.
    static func isTemporary(_ name: String) -> Bool {
        isTemporary(name.utf8)
    }

    /// Whether the name in `bytes` is a temp file name; cheap for the names of a store's records
    /// (it looks past the first byte only of names that start with a dot).
    static func isTemporary<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> Bool {
        guard bytes.first == UInt8(ascii: ".") else { return false }
        return bytes.starts(with: legacyPrefix.utf8) || suffix(of: bytes) != nil
    }

    /// The writer of a temp file, or `nil` when `name` is not a temp file name (or one whose
    /// writer cannot be read from it).
    static func writer(of name: String) -> (host: String, pid: Int32)? {
        let bytes = Array(name.utf8)
        if let suffix = suffix(of: bytes) {
            let parts = suffix.split(separator: UInt8(ascii: "~"), omittingEmptySubsequences: false)
            guard parts.count == 4, let pid = Int32(String(decoding: parts[2], as: UTF8.self)) else { return nil }
            return (String(decoding: parts[1], as: UTF8.self), pid)
        }
        guard name.hasPrefix(legacyPrefix) else { return nil }
        let parts = name.dropFirst(legacyPrefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]) else { return nil }
        // The legacy form kept the host's dots; compare it as this release writes hosts.
        return (String(parts.dropLast(2).joined(separator: ".").map { $0 == "." ? "_" : $0 }), pid)
    }

    /// Whether a temp file may still be in use: written by this process or another live one on
    /// this host. Temp files from other hosts count as in use for a day, since their processes
    /// cannot be checked.
    static func mayBeInUse(name: String, modifiedSecondsAgo age: Double) -> Bool {
        guard let writer = writer(of: name) else { return false }
        if writer.host != host { return age < 24 * 3600 }
        return writer.pid == getpid() || kill(writer.pid, 0) == 0 || errno == EPERM
    }

    /// The part after the last dot when it is a temp file's suffix (`tmp~…`, at least one
    /// character of final name before it); `nil` otherwise.
    private static func suffix<Bytes: BidirectionalCollection<UInt8>>(of bytes: Bytes) -> Bytes.SubSequence? {
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")), bytes.distance(from: bytes.startIndex, to: dot) > 1
        else { return nil }
        let suffix = bytes[bytes.index(after: dot)...]
        return suffix.starts(with: suffixMark.utf8) ? suffix : nil
    }
}
