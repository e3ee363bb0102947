import Foundation
import Synchronization
import SystemPackage
import Systemd
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `QueuedNotifier` against real unix datagram sockets, with readers that read, stop reading and
/// go away. A post that waited for the reader would hang these tests: the time limit fails them.
@Suite(.timeLimit(.minutes(1))) struct QueuedNotifierTests {
    @Test func postingNeverWaitsAndASlowReaderStillGetsEveryOrderedMessage() async throws {
        let folder = try TemporaryDirectory()
        let listener = try NotifySocketListener(path: folder.path("notify.sock").string)
        let notifier = QueuedNotifier(address: listener.path, dropAfter: .seconds(60))
        // More than the reader's queue holds, while it reads nothing.
        let ordered = NotifySocketListener.queueLimit + 20
        for sequence in 0..<ordered { notifier.post(.custom(key: "X_SEQ", value: "\(sequence)")) }
        for count in 0..<500 { notifier.post(.status("queue \(count)")) }
        notifier.post(.stopping)
        try await waitUntil("the reader's queue is full and the rest waits", timeout: .seconds(10)) {
            let statistics = notifier.statistics
            return statistics.sent > 0 && statistics.sent + statistics.waiting == ordered + 2
        }
        #expect(notifier.statistics.waiting > 0)
        #expect(!notifier.flush(within: .milliseconds(100)))

        // The reader catches up: everything ordered arrives, in order, and only the last status.
        let received = await listener.receive(until: "STOPPING=1", timeout: .seconds(10))
        #expect(received == (0..<ordered).map { "X_SEQ=\($0)" } + ["STATUS=queue 499", "STOPPING=1"])
        #expect(notifier.flush(within: .seconds(10)))
        #expect(notifier.statistics == QueuedNotifier.Statistics(sent: ordered + 2, dropped: 0, waiting: 0))
    }

    @Test func statusesThatWaitTooLongAreDroppedCountedAndReportedOnce() async throws {
        let folder = try TemporaryDirectory()
        let listener = try NotifySocketListener(path: folder.path("notify.sock").string)
        let reports = Mutex<[QueuedNotifier.Report]>([])
        let notifier = QueuedNotifier(address: listener.path, dropAfter: .milliseconds(200)) { report in
            reports.withLock { $0.append(report) }
        }
        let filler = NotifySocketListener.queueLimit + 1
        for sequence in 0..<filler { notifier.post(.custom(key: "X_SEQ", value: "\(sequence)")) }
        notifier.post(.status("busy"))
        notifier.post(.watchdog)
        try await waitUntil("the status and the ping are dropped", timeout: .seconds(10)) {
            notifier.statistics.dropped == 2
        }
        #expect(reports.withLock { $0 } == [.dropping(message: "a status or watchdog ping", errno: .wouldBlock)])

        // The reader reads again: the next notification gets through, and that is reported too.
        let backlog = await listener.receive(until: "X_SEQ=\(filler - 1)", timeout: .seconds(10))
        #expect(backlog.count == filler)
        notifier.post(.ready)
        #expect(await listener.receive(until: "READY=1", timeout: .seconds(10)) == ["READY=1"])
        try await waitUntil("the recovery is reported", timeout: .seconds(10)) { reports.withLock { $0.count } == 2 }
        #expect(reports.withLock { $0.last } == .recovered(dropped: 2))
    }

    @Test func aReaderThatWentAwayIsOneReportedFailureNotAHang() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("gone.sock").string
        // The reader's socket: bound, then closed by a reader that went away; the file stays.
        _ = try NotifySocketListener(path: path + ".tmp")
        let stale = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(stale, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(stale)
        let reports = Mutex<[QueuedNotifier.Report]>([])
        let notifier = QueuedNotifier(address: path) { report in reports.withLock { $0.append(report) } }
        notifier.post(.ready)
        notifier.post(.stopping)
        #expect(notifier.flush(within: .seconds(10)))
        #expect(notifier.statistics == QueuedNotifier.Statistics(sent: 0, dropped: 2, waiting: 0))
        #expect(reports.withLock { $0 } == [.dropping(message: "READY=1", errno: .connectionRefused)])
    }

    @Test func anAbstractSocketNameWorksLikeAPath() async throws {
        let name = "@newsdrop-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let listener = try NotifySocketListener(path: name)
        let notifier = QueuedNotifier(address: name)
        notifier.post(.ready, .status("watching"))
        #expect(await listener.receive(timeout: .seconds(10)) == "READY=1\nSTATUS=watching")
    }
}
