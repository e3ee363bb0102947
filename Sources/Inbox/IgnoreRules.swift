import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Which names in the inbox are not inputs: shell-style patterns (`fnmatch`).
public struct IgnoreRules: Sendable, Equatable {
    /// Dot-files and the partial-download names of common tools.
    public static let defaultPatterns = [".*", "*.tmp", "*.part", "*.partial", "*.filepart", "*.crdownload", "*~"]

    /// The patterns.
    public let patterns: [String]

    /// Creates rules.
    public init(patterns: [String] = IgnoreRules.defaultPatterns) {
        self.patterns = patterns
    }

    /// Whether `name` matches a pattern. Names starting with `.` are always ignored: the daemon's
    /// own control folder and producers' temp files use them.
    public func ignores(_ name: FilePath.Component) -> Bool {
        name.withPlatformString { raw in
            if raw.pointee == CChar(UInt8(ascii: ".")) { return true }
            return patterns.contains { pattern in fnmatch(pattern, raw, 0) == 0 }
        }
    }
}
