import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real unix-datagram socket to stand in for systemd's `NOTIFY_SOCKET` (or journald's socket):
/// collects the datagrams a service sends, or — by not calling `receive` — stops reading them, as
/// a stalled supervisor does. File descriptors passed along (as `systemd-notify`'s barrier does)
/// are closed at once.
public final class NotifySocketListener: @unchecked Sendable {
    /// The socket's path (or `@name` in the abstract namespace), to put into `NOTIFY_SOCKET`.
    public let path: String
    private let descriptor: Int32

    /// Binds a new socket at `path`, or in the abstract namespace when `path` starts with `@`.
    public init(path: String) throws {
        self.path = path
        let abstract = path.hasPrefix("@")
        if !abstract { unlink(path) }
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno)!) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var length = MemoryLayout<sockaddr_un>.size
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
            if abstract {
                raw[0] = 0  // a leading NUL, and the length says where the name ends
                length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count
            }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(length))
            }
        }
        guard bound == 0 else {
            close(descriptor)
            throw POSIXError(.init(rawValue: errno)!)
        }
    }

    deinit {
        close(descriptor)
        if !path.hasPrefix("@") { unlink(path) }
    }

    /// How many unread datagrams a unix datagram socket queues before senders must wait
    /// (`net.unix.max_dgram_qlen`; the kernel takes one more than this).
    public static var queueLimit: Int {
        let text = (try? String(contentsOfFile: "/proc/sys/net/unix/max_dgram_qlen", encoding: .utf8)) ?? "10"
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 10
    }

    /// Receives the next notification, or `nil` when none arrives within `timeout`. Suspends
    /// between checks instead of blocking a thread.
    public func receive(timeout: Duration) async -> String? {
        await receiveBytes(timeout: timeout).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Receives the next datagram's bytes, or `nil` when none arrives within `timeout`.
    public func receiveBytes(timeout: Duration) async -> [UInt8]? {
        let deadline = ContinuousClock.now + timeout
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while poll(&poller, 1, 0) <= 0 {
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(5))) != nil else {
                return nil
            }
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var control = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { data in
            control.withUnsafeMutableBytes { controlBytes in
                var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    var message = msghdr()
                    message.msg_iov = vectorPointer
                    message.msg_iovlen = 1
                    message.msg_control = controlBytes.baseAddress
                    message.msg_controllen = controlBytes.count
                    let received = recvmsg(descriptor, &message, Int32(MSG_CMSG_CLOEXEC))
                    closePassedDescriptors(message)
                    return received
                }
            }
        }
        guard count >= 0 else { return nil }
        return Array(buffer.prefix(count))
    }

    /// Receives notifications until one holds `line` as a whole line, returning all received.
    public func receive(until line: String, timeout: Duration) async -> [String] {
        await receive(timeout: timeout) { $0.split(separator: "\n").contains(Substring(line)) }
    }

    /// Receives notifications until one satisfies `isLast`, returning all received.
    public func receive(timeout: Duration, until isLast: (String) -> Bool) async -> [String] {
        var received: [String] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let message = await receive(timeout: deadline - .now) else { break }
            received.append(message)
            if isLast(message) { break }
        }
        return received
    }

    private func closePassedDescriptors(_ message: msghdr) {
        guard message.msg_controllen >= MemoryLayout<cmsghdr>.size, let control = message.msg_control else { return }
        let header = control.load(as: cmsghdr.self)
        guard header.cmsg_level == SOL_SOCKET, header.cmsg_type == Int32(SCM_RIGHTS) else { return }
        let count = (Int(header.cmsg_len) - MemoryLayout<cmsghdr>.size) / MemoryLayout<Int32>.size
        for index in 0..<count {
            close(control.load(fromByteOffset: MemoryLayout<cmsghdr>.size + index * 4, as: Int32.self))
        }
    }
}
