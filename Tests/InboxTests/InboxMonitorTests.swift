import Foundation
import Inbox
import Logging
import SystemPackage
import TestSupport
import Testing

@Suite struct InboxMonitorTests {
    let folder: TemporaryDirectory
    let inbox: FilePath

    init() throws {
        folder = try TemporaryDirectory()
        inbox = folder.path("inbox")
    }

    private func monitor(_ settings: InboxMonitor.Settings = .init()) throws -> InboxMonitor {
        let monitor = InboxMonitor(
            inbox: inbox, settings: settings, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try monitor.start()
        return monitor
    }

    /// Waits for the monitor to hand over names, collecting them until `count` distinct ones arrived.
    /// (A rescan between a hand-over and the claim may hand a name over again: claiming decides.)
    private func collect(_ monitor: InboxMonitor, count: Int, timeout: Duration = .seconds(10)) async throws -> [String]
    {
        var names: [String] = []
        let deadline = ContinuousClock.now + timeout
        while Set(names).count < count {
            guard ContinuousClock.now < deadline else { throw TimedOut(description: "got \(names), wanted \(count)") }
            await monitor.waitForWork(timeout: .milliseconds(100))
            names += monitor.take(max: 100).map(\.string)
        }
        return names
    }

    @Test func aBacklogBeyondTheReadyLimitIsHandedOverInFullWithoutHoldingItAll() async throws {
        // 50 files before the start and 20 renamed in while the queue is full, with room for 8.
        for number in 0..<50 { try folder.write("inbox/early-\(number).txt", "x") }
        let monitor = InboxMonitor(
            inbox: inbox, settings: .init(), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            readyLimit: 8)
        try monitor.start()
        defer { monitor.stop() }
        for number in 0..<20 {
            try folder.write("late-\(number).txt", "x")
            #expect(rename(folder.path("late-\(number).txt").string, inbox.appending("late-\(number).txt").string) == 0)
        }
        var seen: Set<String> = []
        // Only a bound for a failure: parallel tests that hold every thread may delay this one.
        let deadline = ContinuousClock.now + .seconds(300)
        while seen.count < 70 {
            guard ContinuousClock.now < deadline else { throw TimedOut(description: "got \(seen.count) of 70") }
            #expect(monitor.snapshot().ready <= 8)
            await monitor.waitForWork(timeout: .milliseconds(100))
            for name in monitor.take(max: 3) {
                seen.insert(name.string)
                // As a claim would; a name can be handed over twice (a rescan before the first
                // hand-over's claim), and then the second finds it gone.
                try? FileManager.default.removeItem(atPath: inbox.appending(name).string)
            }
        }
        #expect(seen.count == 70)
    }

    @Test func renameIntoTheInboxIsReadyAtOnce() async throws {
        // An hour's settle time: far from any delay of this test by others holding every thread.
        let monitor = try monitor(.init(settle: .seconds(3600)))
        defer { monitor.stop() }
        try folder.write("staged.txt", "x")
        let start = ContinuousClock.now
        #expect(rename(folder.path("staged.txt").string, inbox.appending("a.txt").string) == 0)
        #expect(try await collect(monitor, count: 1) == ["a.txt"])
        #expect(ContinuousClock.now - start < .seconds(1800))  // not the settle time
    }

    @Test func fileWrittenInPlaceWaitsForTheQuietPeriod() async throws {
        let monitor = try monitor(.init(settle: .milliseconds(600)))
        defer { monitor.stop() }
        let start = ContinuousClock.now
        try folder.write("inbox/b.txt", "x")
        #expect(try await collect(monitor, count: 1) == ["b.txt"])
        #expect(ContinuousClock.now - start >= .milliseconds(600))
    }

    @Test func filesPresentAtStartAreFoundByTheFirstScan() async throws {
        try folder.write("inbox/old.txt", "x")
        try folder.write("inbox/.hidden", "x")
        try folder.write("inbox/sub/inner.txt", "x")
        let monitor = try monitor()
        defer { monitor.stop() }
        #expect(try await collect(monitor, count: 1) == ["old.txt"])
        await monitor.waitForWork(timeout: .milliseconds(300))
        #expect(monitor.take(max: 10).isEmpty)
    }

    @Test func simulatedOverflowStillFindsEveryFileByRescanning() async throws {
        let monitor = try monitor(.init(settle: .zero, simulateOverflow: true))
        defer { monitor.stop() }
        for index in 0..<50 {
            try folder.write("staged-\(index)", "x")
            #expect(rename(folder.path("staged-\(index)").string, inbox.appending("\(index).txt").string) == 0)
        }
        let names = try await collect(monitor, count: 50)
        #expect(Set(names) == Set((0..<50).map { "\($0).txt" }))
    }

    @Test func deletedInboxIsRecreatedAndWatched() async throws {
        let monitor = try monitor()
        defer { monitor.stop() }
        try FileManager.default.removeItem(atPath: inbox.string)
        try await waitUntil("the inbox is re-created", timeout: .seconds(10)) {
            FileManager.default.fileExists(atPath: inbox.string)
        }
        try folder.write("staged.txt", "x")
        #expect(rename(folder.path("staged.txt").string, inbox.appending("back.txt").string) == 0)
        #expect(try await collect(monitor, count: 1) == ["back.txt"])
    }

    @Test func forcedPollingFindsFilesWithoutEvents() async throws {
        let monitor = try monitor(.init(settle: .zero, pollInterval: .seconds(1)))
        defer { monitor.stop() }
        #expect(monitor.snapshot().mode == .polling)
        try folder.write("inbox/p.txt", "x")
        #expect(try await collect(monitor, count: 1) == ["p.txt"])
    }

    @Test func stopEndsAWaitAtOnce() async throws {
        let monitor = try monitor()
        let start = ContinuousClock.now
        // Ten minutes: far from any delay of this test by others holding every thread.
        async let waited: Void = monitor.waitForWork(timeout: .seconds(600))
        monitor.stop()
        await waited
        #expect(ContinuousClock.now - start < .seconds(300))  // not the timeout
        #expect(monitor.isStopped)
    }
}
