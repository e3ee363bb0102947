import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a C call that returns `-1` and sets `errno` on failure, retrying when a signal
/// interrupted it (`EINTR`), as swift-system's internal `valueOrErrno` does.
///
/// - Parameter body: the call.
/// - Returns: the call's non-negative result.
/// - Throws: the `Errno` the call failed with.
@discardableResult
public func systemCall<Result: FixedWidthInteger>(_ body: () -> Result) throws(Errno) -> Result {
    while true {
        let result = body()
        if result != -1 { return result }
        let error = Errno(rawValue: errno)
        if error != .interrupted { throw error }
    }
}
