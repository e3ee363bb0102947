import CSystemd
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Sends service notifications to systemd through libsystemd.
///
/// Like go-systemd's `SdNotify`, a send has three outcomes: delivered, not supervised (no
/// `NOTIFY_SOCKET`: not run by systemd as a `Type=notify` service — not an error), or failed.
public struct SystemdNotifier: Sendable {
    /// What became of a notification that did not fail.
    public enum Delivery: Sendable, Equatable {
        /// systemd received it.
        case sent
        /// No service manager listens (`NOTIFY_SOCKET` is unset): nothing was sent.
        case notSupervised
    }

    /// A notification that could not be delivered.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The error libsystemd returned.
        public let errno: Errno
        /// The message that was not delivered.
        public let message: String

        /// Creates a failure.
        public init(errno: Errno, message: String) {
            self.errno = errno
            self.message = message
        }

        public var description: String { "cannot notify systemd (\(message)): \(errno)" }
    }

    /// Notify on behalf of this process id (`sd_pid_notify`) instead of the caller, if set.
    public let pid: Int32?

    /// Creates a notifier.
    ///
    /// - Parameter pid: send on behalf of this process (needs `NotifyAccess=all`); `nil` for this process.
    public init(pid: Int32? = nil) {
        self.pid = pid
    }

    /// Sends assignments as one notification.
    ///
    /// The corresponding C functions are `sd_notify` and `sd_pid_notify`.
    /// - Parameter states: the assignments.
    /// - Returns: whether it was sent or nobody supervises this process.
    /// - Throws: `Failure` with the errno libsystemd reported (e.g. `ECONNREFUSED` when nobody listens
    ///   on `NOTIFY_SOCKET`).
    @discardableResult
    public func notify(_ states: NotifyState...) throws(Failure) -> Delivery {
        try notify(states)
    }

    /// Sends assignments as one notification.
    ///
    /// - Parameter states: the assignments.
    /// - Returns: whether it was sent or nobody supervises this process.
    /// - Throws: `Failure`.
    @discardableResult
    public func notify(_ states: [NotifyState]) throws(Failure) -> Delivery {
        let message = NotifyState.message(states)
        let result = message.withCString { text in
            if let pid { sd_pid_notify(pid, 0, text) } else { sd_notify(0, text) }
        }
        if result > 0 { return .sent }
        if result == 0 { return .notSupervised }
        throw Failure(errno: Errno(rawValue: -result), message: message)
    }

    /// Whether this process runs under a service manager that accepts notifications.
    public static var isSupervised: Bool {
        guard let socket = getenv("NOTIFY_SOCKET") else { return false }
        return socket.pointee != 0
    }
}
