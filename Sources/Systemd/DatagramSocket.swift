import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A unix datagram socket of our own, connected to one peer (systemd's notification socket or
/// journald's socket), on which a send never waits.
///
/// libsystemd's `sd_notify` and `sd_journal_sendv` send on blocking sockets: when the reader stops
/// reading, its queue fills (`net.unix.max_dgram_qlen` datagrams, 10 by default) and the sending
/// thread sleeps in `unix_wait_for_peer` until it reads again. Here a send with a full queue fails
/// at once with `EAGAIN` instead, and `waitUntilWritable` waits — on a thread of the caller's
/// choosing — until the reader has room again: for a *connected* unix datagram socket, `poll`
/// reports `POLLOUT` only while the peer's queue has room, and wakes when it gets some.
final class DatagramSocket {
    /// What became of one send.
    enum SendResult: Equatable {
        /// The peer's queue took the datagram.
        case sent
        /// The peer's queue is full (the reader is slow or stopped): nothing was sent.
        case wouldBlock
        /// The send failed: e.g. `ECONNREFUSED` (nobody reads the socket any more), `EMSGSIZE`.
        case failed(Errno)
    }

    /// The socket's descriptor (close-on-exec), owned by this object.
    let descriptor: Int32

    /// Opens a datagram socket and connects it to `address`.
    ///
    /// - Parameter address: a socket path (`/run/systemd/notify`) or, after `@`, a name in the
    ///   abstract namespace — the two forms `$NOTIFY_SOCKET` takes.
    /// - Throws: `Errno`: `EAFNOSUPPORT` for any other form, `ENAMETOOLONG` for a name that does not
    ///   fit, else what `socket` or `connect` reported (`ENOENT`, `ECONNREFUSED`: nobody listens).
    init(connectingTo address: String) throws(Errno) {
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(address.utf8)
        let capacity = MemoryLayout.size(ofValue: socketAddress.sun_path)
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        let length: Int
        switch bytes.first {
        case UInt8(ascii: "/"):
            guard bytes.count < capacity else { throw Errno.fileNameTooLong }
            length = pathOffset + bytes.count + 1
        case UInt8(ascii: "@"):
            // Abstract namespace: a leading NUL, then the name, no terminating NUL.
            guard bytes.count <= capacity else { throw Errno.fileNameTooLong }
            length = pathOffset + bytes.count
        default:
            throw Errno.addressFamilyNotSupported
        }
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { raw in
            raw.copyBytes(from: bytes)
            if bytes.first == UInt8(ascii: "@") { raw[0] = 0 }
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Errno(rawValue: errno) }
        let connected = withUnsafePointer(to: &socketAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                retryingInterrupts { connect(descriptor, address, socklen_t(length)) }
            }
        }
        guard connected == 0 else {
            let error = Errno(rawValue: errno)
            close(descriptor)
            throw error
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Asks for a send buffer of `bytes` (the kernel caps it at `net.core.wmem_max`): the largest
    /// datagram that can be sent is a little less than the buffer.
    func requestSendBuffer(_ bytes: Int) {
        var size = Int32(clamping: bytes)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Sends one datagram without waiting.
    ///
    /// - Parameter bytes: the datagram.
    /// - Returns: whether the peer took it, had no room, or the send failed.
    func send(_ bytes: UnsafeRawBufferPointer) -> SendResult {
        let flags = Int32(MSG_DONTWAIT) | Int32(MSG_NOSIGNAL)
        let sent = retryingInterrupts { Glibc.send(descriptor, bytes.baseAddress, bytes.count, flags) }
        if sent >= 0 { return .sent }
        let error = Errno(rawValue: errno)
        return error == .wouldBlock ? .wouldBlock : .failed(error)
    }

    /// Sends one datagram without waiting.
    func send(_ bytes: [UInt8]) -> SendResult {
        bytes.withUnsafeBytes { send($0) }
    }

    /// Sends one text datagram without waiting.
    func send(_ text: String) -> SendResult {
        send(Array(text.utf8))
    }

    /// Waits until the peer's queue has room, `wakeup` is signalled, or `timeout` passes.
    ///
    /// - Parameters:
    ///   - wakeup: another reason to stop waiting (new work for the thread), if any.
    ///   - timeout: the longest wait; `nil` for no limit.
    /// - Returns: `true` when the socket is writable (or in error: the next send says which).
    @discardableResult
    func waitUntilWritable(orWoken wakeup: Wakeup? = nil, timeout: Duration?) -> Bool {
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)]
        if let wakeup { descriptors.append(pollfd(fd: wakeup.receiving, events: Int16(POLLIN), revents: 0)) }
        _ = Wakeup.poll(&descriptors, timeout: timeout)
        return descriptors[0].revents != 0
    }
}

/// Runs a C call that returns `-1` with `errno` on failure again while `EINTR` interrupts it.
func retryingInterrupts<Result: FixedWidthInteger>(_ body: () -> Result) -> Result {
    while true {
        let result = body()
        if result != -1 || errno != EINTR { return result }
    }
}
