#if canImport(Glibc)
    import Glibc
#endif

/// Wakes a thread that waits in `poll`: a pair of connected datagram sockets, one byte sent per
/// signal. A signal sent while nobody waits is kept until the next wait (the byte stays queued).
/// (`eventfd` is not visible through Swift's Glibc module; `socketpair` takes every flag at once.)
final class Wakeup: Sendable {
    /// The end the waiting thread polls for `POLLIN`.
    let receiving: Int32
    private let sending: Int32

    /// Creates the pair; `nil` only when the process is out of descriptors.
    init?() {
        var pair: [Int32] = [-1, -1]
        let type = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        guard socketpair(AF_UNIX, type, 0, &pair) == 0 else { return nil }
        receiving = pair[0]
        sending = pair[1]
    }

    deinit {
        close(receiving)
        close(sending)
    }

    /// Wakes the waiter; never blocks (a full queue already holds a wake-up).
    func signal() {
        var byte: UInt8 = 1
        _ = Glibc.send(sending, &byte, 1, Int32(MSG_DONTWAIT) | Int32(MSG_NOSIGNAL))
    }

    /// Takes every pending wake-up.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while recv(receiving, &buffer, buffer.count, Int32(MSG_DONTWAIT)) > 0 {}
    }

    /// Waits until signalled (then takes the signals) or `timeout` passes.
    ///
    /// - Parameter timeout: the longest wait; `nil` for no limit.
    func wait(timeout: Duration?) {
        var descriptors = [pollfd(fd: receiving, events: Int16(POLLIN), revents: 0)]
        if Self.poll(&descriptors, timeout: timeout) > 0 { drain() }
    }

    /// `poll(2)` with a `Duration`, retried after `EINTR` with the time that is left.
    ///
    /// - Returns: the number of descriptors with events (0 on a timeout).
    static func poll(_ descriptors: inout [pollfd], timeout: Duration?) -> Int32 {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            var milliseconds: Int32 = -1
            if let deadline {
                let left = deadline - .now
                let (seconds, attoseconds) = left.components
                // Round up: a zero timeout would spin until the deadline.
                let whole = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
                milliseconds = Int32(clamping: max(0, whole))
            }
            let result = descriptors.withUnsafeMutableBufferPointer {
                Glibc.poll($0.baseAddress, nfds_t($0.count), milliseconds)
            }
            if result >= 0 || errno != EINTR { return max(result, 0) }
        }
    }
}
