import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension EndToEnd {
    /// The daemon binary with a real datagram `NOTIFY_SOCKET` whose reader stops reading — its queue
    /// holds `net.unix.max_dgram_qlen` datagrams (10 here) — as some supervisors and harnesses do.
    @Suite struct DaemonStalledReaderTests {
        @Test func aReaderThatStopsReadingAfterReadyNeverStopsIngestionNorTheStop() async throws {
            let folder = try TemporaryDirectory()
            let listener = try NotifySocketListener(path: folder.path("notify.sock").string)
            let staging = folder.url.appendingPathComponent("inbox/.staging")
            let count = try SyntheticArticles.write(distinct: 2000, copies: 0, into: staging)
            let metrics = folder.path("newsdrop.prom").string
            let daemon = DaemonUnderTest(
                folder: folder.url, extraArguments: ["--metrics-file", metrics],
                environment: ["NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "2000000"])
            let command = try await daemon.start()
            #expect(await listener.receive(until: "READY=1", timeout: .seconds(30)).last?.hasPrefix("READY=1") == true)
            // From here on nobody reads the socket.
            try daemon.renameAll(from: staging)
            try await daemon.waitForDisposed(count, timeout: .seconds(180))
            // The statuses and watchdog pings filled the reader's queue: the daemon says it drops them.
            try await waitUntil("the daemon reports the notifications it drops", timeout: .seconds(60)) {
                command.stderrSoFar.contains("cannot notify the service manager")
            }
            daemon.signal(SIGTERM)
            let result = try await command.wait(timeout: .seconds(5))  // SIGKILLed (status 137) if it takes longer
            #expect(result.status == 0, "SIGTERM did not end the daemon within 5 s: \(result.stderr.suffix(2000))")
            #expect(files(in: daemon.outcomeFolder("processed")).count == count)
            #expect(files(in: daemon.inbox).isEmpty)
            // The metrics written at stop count what was dropped.
            let dropped = try String(contentsOfFile: metrics, encoding: .utf8).split(separator: "\n").first {
                $0.hasPrefix("newsdrop_notifications_dropped_total ")
            }
            #expect(
                (dropped?.split(separator: " ").last.flatMap { Int($0) } ?? 0) > 0, "\(String(describing: dropped))")
        }

        @Test func aSlowReaderStillGetsReadyAndStopping() async throws {
            let folder = try TemporaryDirectory()
            let listener = try NotifySocketListener(path: folder.path("notify.sock").string)
            // The reader is behind before the daemon starts: its queue is already full.
            let sender = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(sender) }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(listener.path.utf8)) }
            var backlog = 0
            while withUnsafePointer(
                to: &address,
                {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(sender, "X_OLD=1", 7, Int32(MSG_DONTWAIT), $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                    }
                }) == 7
            {
                backlog += 1
            }
            #expect(backlog > 0)  // sent until the kernel refused: the reader's queue is full

            let staging = folder.url.appendingPathComponent("inbox/.staging")
            let count = try SyntheticArticles.write(distinct: 300, copies: 0, into: staging)
            let daemon = DaemonUnderTest(folder: folder.url, environment: ["NOTIFY_SOCKET": listener.path])
            let command = try await daemon.start()  // it reaches `watching` without waiting for the reader
            try daemon.renameAll(from: staging)
            try await daemon.waitForDisposed(count, timeout: .seconds(120))

            // The reader catches up: READY=1 was kept for it, in order after what it had not read.
            let startup = await listener.receive(until: "READY=1", timeout: .seconds(10))
            #expect(startup.prefix(backlog) == ArraySlice(Array(repeating: "X_OLD=1", count: backlog)))
            #expect(startup.last?.hasPrefix("READY=1\nSTATUS=watching") == true, "\(startup)")
            // …and it falls behind again; at SIGTERM it reads once more, and STOPPING=1 arrives.
            let stopping = Task { await listener.receive(until: "STOPPING=1", timeout: .seconds(10)) }
            daemon.signal(SIGTERM)
            #expect(try await command.wait(timeout: .seconds(10)).status == 0)
            #expect(await stopping.value.last?.hasPrefix("STOPPING=1") == true)
        }
    }
}
