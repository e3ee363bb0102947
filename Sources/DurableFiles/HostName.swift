#if canImport(Glibc)
    import Glibc
#endif

/// This machine's host name, as recorded in sightings and temp file names.
public enum HostName {
    /// The host name (`gethostname`), or `localhost` when it cannot be read.
    public static let current: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }()
}
