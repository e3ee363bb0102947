import Foundation
import TestSupport
import Testing

extension EndToEnd {
    /// The daemon binary talking to a real unix-datagram `NOTIFY_SOCKET`, as it would to systemd.
    @Suite struct DaemonNotifyTests {
        @Test func daemonSendsReadyStatusWatchdogAndStoppingInOrder() async throws {
            let folder = try TemporaryDirectory()
            let listener = try NotifySocketListener(path: folder.path("notify.sock").string)
            let daemon = DaemonUnderTest(
                folder: folder.url, environment: ["NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "1000000"]
            )
            try await daemon.start()
            let startup = await listener.receive(until: "READY=1", timeout: .seconds(30))
            #expect(startup.first?.hasPrefix("EXTEND_TIMEOUT_USEC=") == true, "\(startup)")
            let ready = try #require(startup.last)
            #expect(ready.hasPrefix("READY=1\nSTATUS=watching "), "\(ready)")
            #expect(ready.contains("(inotify)") && ready.contains("queue 0"))

            try daemon.drop("000_2a12523330ba2c24.txt", Fixtures.seed("000_2a12523330ba2c24.txt"))
            let afterDrop = await listener.receive(timeout: .seconds(10)) {
                $0.hasPrefix("STATUS=") && $0.contains("1 stored")
            }
            #expect(afterDrop.last?.contains("1 stored") == true, "\(afterDrop)")
            // Idle, the loop still goes round at half the interval, and each round feeds the watchdog.
            #expect(await listener.receive(until: "WATCHDOG=1", timeout: .seconds(3)).last == "WATCHDOG=1")

            daemon.signal(SIGTERM)
            let stopping = await listener.receive(until: "STOPPING=1", timeout: .seconds(10))
            #expect(stopping.last?.hasPrefix("STOPPING=1") == true, "\(stopping)")
            #expect(try await daemon.stop()?.status == 0)
        }

        @Test(arguments: [false, true])
        func rebuildingTheIndexAtStartUpAsksSystemdForMoreTime(forAnotherThreshold: Bool) async throws {
            // A store whose near-duplicate index is in the format of an earlier release, or laid out
            // for the default threshold while the daemon runs with 0.3: start-up rebuilds it from the
            // records before READY, and must not let the start timeout end it.
            let folder = try TemporaryDirectory()
            let input = folder.path("000_2a12523330ba2c24.txt")
            try Data(try Fixtures.seed("000_2a12523330ba2c24.txt")).write(to: URL(fileURLWithPath: input.string))
            let ingested = try await CommandRunner.run([
                "ingest", "--store", folder.path("store").string, "--no-progress", input.string,
            ])
            #expect(ingested.status == 0, "\(ingested.stderr)")
            let manifest = URL(fileURLWithPath: folder.path("store/near-index/manifest.json").string)
            let text = try String(contentsOf: manifest, encoding: .utf8)
            #expect(text.contains(#""schema":3"#) && text.contains(#""bands":16"#))
            if !forAnotherThreshold {
                try text.replacingOccurrences(of: #""schema":3"#, with: #""schema":2"#).write(
                    to: manifest, atomically: true, encoding: .utf8)
            }

            let listener = try NotifySocketListener(path: folder.path("notify.sock").string)
            let daemon = DaemonUnderTest(
                folder: folder.url, extraArguments: forAnotherThreshold ? ["--near-threshold", "0.3"] : [],
                environment: ["NOTIFY_SOCKET": listener.path])
            let command = try await daemon.start()
            let startup = await listener.receive(until: "READY=1", timeout: .seconds(30))
            // One extension as the rebuild starts and one per step, on top of the one every start-up sends.
            #expect(startup.filter { $0.hasPrefix("EXTEND_TIMEOUT_USEC=") }.count >= 3, "\(startup)")
            #expect(startup.last?.hasPrefix("READY=1") == true, "\(startup)")
            #expect(command.stderrSoFar.contains("building the near-duplicate index"), "\(command.stderrSoFar)")
            let rebuilt = try String(contentsOf: manifest, encoding: .utf8)
            #expect(rebuilt.contains(#""schema":3"#))
            // 0.3 has 20 bands of 2 rows (BandLayout.chosen(for:)), the default 16 of 4.
            #expect(rebuilt.contains(forAnotherThreshold ? #""bands":20"# : #""bands":16"#), "\(rebuilt)")
            #expect(try await daemon.stop()?.status == 0)
        }

        @Test func buildingTheFeedOfAnOlderStoreAtStartUpAsksSystemdForMoreTime() async throws {
            // A store made before the changes feed existed: start-up builds the feed from the
            // records before READY, with the notice and a timeout extension.
            let folder = try TemporaryDirectory()
            let ingested = try await CommandRunner.run([
                "ingest", "--store", folder.path("store").string, "--no-progress", Fixtures.seedsFolder.path,
            ])
            #expect(ingested.status == 0, "\(ingested.stderr)")
            try FileManager.default.removeItem(atPath: folder.path("store/feed").string)

            let listener = try NotifySocketListener(path: folder.path("notify.sock").string)
            let daemon = DaemonUnderTest(folder: folder.url, environment: ["NOTIFY_SOCKET": listener.path])
            let command = try await daemon.start()
            let startup = await listener.receive(until: "READY=1", timeout: .seconds(30))
            // One extension as the build starts, on top of the one every start-up sends.
            #expect(startup.filter { $0.hasPrefix("EXTEND_TIMEOUT_USEC=") }.count >= 2, "\(startup)")
            #expect(startup.last?.hasPrefix("READY=1") == true, "\(startup)")
            #expect(command.stderrSoFar.contains("building the changes feed"), "\(command.stderrSoFar)")
            #expect(try await daemon.stop()?.status == 0)
            try await expectFeedMatchesStore(daemon.store, inputs: 2, distinct: 2)
        }

        @Test func reloadSendsReloadingWithMonotonicTimeThenReady() async throws {
            let folder = try TemporaryDirectory()
            let listener = try NotifySocketListener(path: folder.path("notify.sock").string)
            let daemon = DaemonUnderTest(folder: folder.url, environment: ["NOTIFY_SOCKET": listener.path])
            try await daemon.start()
            _ = await listener.receive(until: "READY=1", timeout: .seconds(30))
            daemon.signal(SIGHUP)
            let reload = await listener.receive(until: "READY=1", timeout: .seconds(10))
            let reloading = try #require(reload.first { $0.hasPrefix("RELOADING=1") })
            #expect(reloading.split(separator: "\n").contains { $0.hasPrefix("MONOTONIC_USEC=") })
            #expect(reload.last?.hasPrefix("READY=1\nSTATUS=watching") == true, "\(reload)")
            try await daemon.stop()
        }

        @Test func stuckPipelineStopsFeedingTheWatchdog() async throws {
            let folder = try TemporaryDirectory()
            let listener = try NotifySocketListener(path: folder.path("notify.sock").string)
            let daemon = DaemonUnderTest(
                folder: folder.url,
                environment: ["NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "400000", "NEWSDROP_TEST_HOOKS": "1"]
            )
            try await daemon.start()
            #expect(await listener.receive(until: "WATCHDOG=1", timeout: .seconds(10)).last == "WATCHDOG=1")
            daemon.signal(SIGUSR2)  // test hook: the ingest loop hangs
            try await waitUntil("the daemon logs the stall", timeout: .seconds(10)) {
                daemon.command?.stderrSoFar.contains("hangs") == true
            }
            // Drain what was sent before the stall, then nothing more for five watchdog intervals.
            while await listener.receive(timeout: .milliseconds(300)) != nil {}
            var late: [String] = []
            let deadline = ContinuousClock.now + .seconds(2)
            while ContinuousClock.now < deadline, let message = await listener.receive(timeout: deadline - .now) {
                late.append(message)
            }
            #expect(!late.contains("WATCHDOG=1"), "watchdog still fed while stuck: \(late)")
            try await daemon.kill()
        }

        @Test func startupFailureSendsStatusAndErrno() async throws {
            let folder = try TemporaryDirectory()
            let listener = try NotifySocketListener(path: folder.path("notify.sock").string)
            try folder.write("store", "a file where the store folder should be")
            let result = try await CommandRunner.run(
                ["run", "--inbox", folder.path("inbox").string, "--store", folder.path("store").string],
                environment: ["NOTIFY_SOCKET": listener.path], timeout: .seconds(30)
            )
            #expect(result.status == 1)
            #expect(result.stderr.contains("cannot start"))
            let message = try #require(await listener.receive(timeout: .seconds(5)))
            #expect(message.hasPrefix("STATUS=failed to start: cannot open the store"), "\(message)")
            #expect(message.contains("\nERRNO=20"), "ENOTDIR: \(message)")
        }
    }
}
