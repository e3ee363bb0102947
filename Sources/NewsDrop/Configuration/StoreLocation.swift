import SystemPackage

/// Where the store is: `--store DIR`, else `$NEWSDROP_STORE`, else `./newsdrop-store`.
public enum StoreLocation {
    /// The environment variable that names the store.
    public static let environmentVariable = "NEWSDROP_STORE"
    /// The folder used when nothing else names one.
    public static let defaultFolder = "newsdrop-store"

    /// Resolves the store folder.
    ///
    /// - Parameters:
    ///   - flag: the `--store` value, if given.
    ///   - environment: the process environment.
    public static func resolve(flag: String?, environment: [String: String]) -> FilePath {
        if let flag, !flag.isEmpty { return FilePath(flag) }
        if let value = environment[environmentVariable], !value.isEmpty { return FilePath(value) }
        return FilePath(defaultFolder)
    }
}
