import Foundation
import SystemPackage
import Systemd
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// These tests change `NOTIFY_SOCKET` in this process's environment, so they run one at a time.
@Suite(.serialized) struct SystemdNotifierTests {
    @Test func notificationReachesARealDatagramSocket() async throws {
        let folder = try TemporaryDirectory()
        let listener = try NotifySocketListener(path: folder.path("notify.sock").string)
        setenv("NOTIFY_SOCKET", listener.path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }
        #expect(SystemdNotifier.isSupervised)
        #expect(try SystemdNotifier().notify(.ready, .status("all good")) == .sent)
        #expect(await listener.receive(timeout: .seconds(5)) == "READY=1\nSTATUS=all good")
    }

    @Test func withoutNotifySocketNothingIsSupervised() throws {
        unsetenv("NOTIFY_SOCKET")
        #expect(!SystemdNotifier.isSupervised)
        #expect(try SystemdNotifier().notify(.ready) == .notSupervised)
    }

    @Test func socketNobodyListensOnIsAFailureNotSilence() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("stale.sock").string
        // A socket file whose process is gone: bound, closed, never removed.
        let stale = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8))
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(stale, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        close(stale)
        setenv("NOTIFY_SOCKET", path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }
        #expect(throws: SystemdNotifier.Failure(errno: .connectionRefused, message: "READY=1")) {
            try SystemdNotifier().notify(.ready)
        }
    }

    @Test func watchdogIntervalComesFromTheEnvironment() {
        setenv("WATCHDOG_USEC", "4000000", 1)
        setenv("WATCHDOG_PID", "\(getpid())", 1)
        defer {
            unsetenv("WATCHDOG_USEC")
            unsetenv("WATCHDOG_PID")
        }
        #expect(Watchdog.interval() == .seconds(4))
        setenv("WATCHDOG_PID", "1", 1)  // meant for another process
        #expect(Watchdog.interval() == nil)
    }
}
