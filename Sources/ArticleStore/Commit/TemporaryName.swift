import DurableFiles

#if canImport(Glibc)
    import Glibc
#endif

/// Names of temp files: `.tmp.<host>.<pid>.<token>`, hidden from readers by the leading dot.
enum TemporaryName {
    /// The prefix every temp file name starts with.
    static let prefix = ".tmp."

    private static var host: String { HostName.current }

    /// A temp file name for this process.
    static func make(token: String) -> String {
        "\(prefix)\(host).\(getpid()).\(token)"
    }

    /// The writer of a temp file, or `nil` when `name` is not a temp file name.
    static func writer(of name: String) -> (host: String, pid: Int32)? {
        guard name.hasPrefix(prefix) else { return nil }
        let parts = name.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]) else { return nil }
        return (parts.dropLast(2).joined(separator: "."), pid)
    }

    /// Whether a temp file may still be in use: written by this process or another live one on
    /// this host. Temp files from other hosts count as in use for a day, since their processes
    /// cannot be checked.
    static func mayBeInUse(name: String, modifiedSecondsAgo age: Double) -> Bool {
        guard let writer = writer(of: name) else { return false }
        if writer.host != host { return age < 24 * 3600 }
        return writer.pid == getpid() || kill(writer.pid, 0) == 0 || errno == EPERM
    }
}
