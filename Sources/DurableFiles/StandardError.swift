#if canImport(Glibc)
    import Glibc
#endif

/// Writing to standard error without Foundation's `FileHandle` (so the daemon need not load the
/// full Foundation library, about 6 MB of resident pages).
public enum StandardError {
    /// Writes all of `text`, retrying short writes; gives up silently when standard error is gone.
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var rest = UnsafeRawBufferPointer(bytes)
            while !rest.isEmpty {
                let written = Glibc.write(STDERR_FILENO, rest.baseAddress, rest.count)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                rest = UnsafeRawBufferPointer(rebasing: rest[written...])
            }
        }
    }

    /// Writes bytes to standard error, all of them unless it fails (a log line must not be lost
    /// to a short write; failures are ignored, as there is nowhere left to report them).
    public static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { bytes in
            var rest = bytes
            while !rest.isEmpty {
                let written = Glibc.write(STDERR_FILENO, rest.baseAddress, rest.count)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                rest = UnsafeRawBufferPointer(rebasing: rest[written...])
            }
        }
    }
}
