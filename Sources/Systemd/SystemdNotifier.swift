import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Sends one service notification to `$NOTIFY_SOCKET` at once, on a socket of its own, never
/// waiting for the reader (the daemon posts through `QueuedNotifier`, whose thread uses this
/// protocol; this is the immediate form).
///
/// Like go-systemd's `SdNotify`, a send has three outcomes: delivered, not supervised (no
/// `NOTIFY_SOCKET`: not run by systemd as a `Type=notify` service — not an error), or failed. Unlike
/// libsystemd's `sd_notify`, a reader whose queue is full makes the send fail with `EAGAIN` instead
/// of blocking the caller until it reads.
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
        /// Why: e.g. `ECONNREFUSED` (nobody listens), `EAGAIN` (the reader's queue is full).
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

    /// Creates a notifier.
    public init() {}

    /// Sends assignments as one notification.
    ///
    /// - Parameter states: the assignments.
    /// - Returns: whether it was sent or nobody supervises this process.
    /// - Throws: `Failure`: e.g. `ECONNREFUSED` when nobody listens on `NOTIFY_SOCKET`, `EAGAIN`
    ///   when the reader's queue is full.
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
        guard let address = Self.socketAddress else { return .notSupervised }
        let message = NotifyState.message(states)
        let result: DatagramSocket.SendResult
        do {
            result = try DatagramSocket(connectingTo: address).send(message)
        } catch {
            throw Failure(errno: error, message: message)
        }
        switch result {
        case .sent: return .sent
        case .wouldBlock: throw Failure(errno: .wouldBlock, message: message)
        case .failed(let error): throw Failure(errno: error, message: message)
        }
    }

    /// Whether this process runs under a service manager that accepts notifications.
    public static var isSupervised: Bool { socketAddress != nil }

    /// `$NOTIFY_SOCKET`: a socket path or `@abstract-name`; `nil` when unset or empty.
    public static var socketAddress: String? {
        guard let value = getenv("NOTIFY_SOCKET"), value.pointee != 0 else { return nil }
        return String(cString: value)
    }
}
