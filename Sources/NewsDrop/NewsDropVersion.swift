/// The version of newsdrop this is.
public enum NewsDropVersion {
    /// The version string `newsdrop --version` prints and `newsdrop_build_info` carries.
    public static let current = "0.2.0"
}
