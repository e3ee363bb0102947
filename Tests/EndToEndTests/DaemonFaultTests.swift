import Foundation
import TestSupport
import Testing

extension EndToEnd {
    /// Queue overflow, a full disk, configuration reloads and errors.
    @Suite struct DaemonFaultTests {
        @Test func inotifyQueueOverflowIsCaughtByTheRescan() async throws {
            let sysctl = "/proc/sys/fs/inotify/max_queued_events"
            let original = try? String(contentsOfFile: sysctl, encoding: .utf8)
            var environment: [String: String] = [:]
            var lowered = false
            if original != nil, (try? Data("1\n".utf8).write(to: URL(fileURLWithPath: sysctl))) != nil {
                lowered = true
            } else {
                print("cannot lower \(sysctl) (not root?); using the test-only overflow injection instead")
                environment["NEWSDROP_TEST_SIMULATE_OVERFLOW"] = "1"
            }
            let folder = try TemporaryDirectory()
            let staging = folder.url.appendingPathComponent("inbox/.staging")
            let count = try SyntheticArticles.write(distinct: 1000, copies: 0, into: staging)
            // A long rescan interval, so only the overflow's rescan can find what inotify dropped.
            let daemon = DaemonUnderTest(
                folder: folder.url, extraArguments: ["--rescan-interval", "3600"], environment: environment)
            do {
                defer { if lowered, let original { try? Data(original.utf8).write(to: URL(fileURLWithPath: sysctl)) } }
                try await daemon.start()  // the limit is taken when the daemon calls inotify_init1
            }
            try daemon.renameAll(from: staging)
            try await daemon.waitForDisposed(count)
            let result = try #require(try await daemon.stop())
            #expect(result.stderr.contains("overflowed"), "no overflow happened: the test proved nothing")
            #expect(files(in: daemon.outcomeFolder("processed")).count == count)
        }

        @Test func fullDiskKeepsInputsAndResumesWhenSpaceIsFreed() async throws {
            let folder = try TemporaryDirectory()
            let store = folder.url.appendingPathComponent("store")
            try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
            let mount = try await CommandRunner.run(
                ["-t", "tmpfs", "-o", "size=256k", "tmpfs", store.path], program: URL(fileURLWithPath: "/bin/mount"))
            guard mount.status == 0 else {
                print(
                    "cannot mount a small tmpfs (\(mount.stderr.trimmingCharacters(in: .whitespacesAndNewlines))); skipping the disk-full test"
                )
                return
            }
            defer {
                // Lazily, in case a failed expectation left the daemon running on it.
                let umount = Process()
                umount.executableURL = URL(fileURLWithPath: "/bin/umount")
                umount.arguments = ["-l", store.path]
                try? umount.run()
                umount.waitUntilExit()
            }
            let daemon = DaemonUnderTest(folder: folder.url)
            try await daemon.start()
            // Each record is about twice its input; 300 inputs of ~1.5 KB cannot fit in 256 KB.
            let body = String(repeating: "A paragraph that takes room in the store. ", count: 30)
            for index in 0..<300 { try daemon.drop("\(index).txt", "Story \(index)\n\n\(body)") }
            try await waitUntil("the daemon reports itself degraded", timeout: .seconds(60)) {
                daemon.status()?["state"] as? String == "degraded"
            }
            #expect((daemon.status()?["last_error"] as? String)?.contains("ENOSPC") == true)
            #expect(files(in: daemon.outcomeFolder("rejected")).isEmpty, "a full disk must not reject inputs")
            let waiting =
                files(in: daemon.inbox).count
                + files(
                    in: daemon.inbox.appendingPathComponent(".newsdrop/work").appendingPathComponent(
                        try #require(daemon.status()?["instance"] as? String))
                ).count
            #expect(waiting + daemon.disposedCount() == 300, "every input is either done or still waiting")

            let grow = try await CommandRunner.run(
                ["-o", "remount,size=64m", store.path], program: URL(fileURLWithPath: "/bin/mount"))
            #expect(grow.status == 0)
            try await daemon.waitForDisposed(300, timeout: .seconds(150))
            try await waitUntil("the daemon reports recovery", timeout: .seconds(10)) {
                daemon.status()?["state"] as? String == "watching"
            }
            let result = try #require(try await daemon.stop())
            #expect(result.stderr.contains("recovered"))
            let stats = try await newsdropJSON(["stats", "--store", store.path, "--json"])
            #expect(stats.int("articles") == 300)
            #expect(stats.int("sightings") == 300)
            let verify = try await newsdropJSON(["verify", "--store", store.path, "--json"])
            let problems = verify["problems"] as? [[String: Any]] ?? []
            #expect(problems.isEmpty, "\(problems.prefix(5))")
        }

        /// Two daemons (as on two hosts) starting at once on a folder where nothing exists yet both
        /// create the inbox's and the store's folders: neither may fail because the other was first.
        @Test func twoDaemonsStartingAtOnceOnAFreshFolderBothRun() async throws {
            let folder = try TemporaryDirectory()
            let fresh = folder.url.appendingPathComponent("fresh")
            let one = DaemonUnderTest(folder: fresh, extraArguments: ["--instance", "one"])
            let two = DaemonUnderTest(folder: fresh, extraArguments: ["--instance", "two"])
            try FileManager.default.createDirectory(at: fresh, withIntermediateDirectories: true)
            async let first = one.start()
            async let second = two.start()
            _ = try await (first, second)
            for index in 0..<20 { try one.drop("\(index).txt", SyntheticArticles.text(index)) }
            try await one.waitForDisposed(20, timeout: .seconds(60))
            let results = [try await one.stop(), try await two.stop()]
            #expect(results.map { $0?.status } == [0, 0], "\(results.map { $0?.stderr ?? "" })")
            let verify = try await newsdropJSON(["verify", "--store", one.store.path, "--json"])
            #expect((verify["problems"] as? [[String: Any]] ?? []).isEmpty)
        }

        @Test func sighupReloadsTheConfiguration() async throws {
            let folder = try TemporaryDirectory()
            let config = folder.url.appendingPathComponent("newsdrop.json")
            try Data(#"{"inbox": "inbox", "store": "store", "ignore": [".*", "*.hold"]}"#.utf8).write(to: config)
            let daemon = DaemonUnderTest(folder: folder.url, extraArguments: ["--config", config.path])
            try await daemon.start()
            try daemon.drop("later.hold", SyntheticArticles.text(1))
            try daemon.drop("now.txt", SyntheticArticles.text(2))
            try await daemon.waitForDisposed(1, timeout: .seconds(10))
            #expect(files(in: daemon.inbox) == ["later.hold"])
            try Data(#"{"inbox": "inbox", "store": "store", "ignore": [".*"]}"#.utf8).write(to: config)
            daemon.signal(SIGHUP)
            try await daemon.waitForDisposed(2, timeout: .seconds(10))
            #expect(files(in: daemon.outcomeFolder("processed")) == ["later.hold", "now.txt"])
            // A broken file on reload keeps the running configuration.
            try Data("{ not json".utf8).write(to: config)
            daemon.signal(SIGHUP)
            try daemon.drop("after.txt", SyntheticArticles.text(3))
            try await daemon.waitForDisposed(3, timeout: .seconds(10))
            let result = try #require(try await daemon.stop())
            #expect(result.status == 0)
            #expect(result.stderr.contains("configuration reloaded"))
            #expect(result.stderr.contains("reload failed, keeping the running configuration"))
        }

        @Test(arguments: [
            (#"{"settle_ms": "abc"}"#, "'settle_ms' must be a whole number"),
            (#"{"setle_ms": 10}"#, "'setle_ms' is not a setting"),
            (#"{"on_processed": "archive"}"#, "'on_processed' must be one of keep, delete"),
            (#"{"inbox": 5}"#, "'inbox' must be a string"),
            ("[1, 2", "'file' is not valid JSON"),
        ])
        func invalidConfigurationExitsWithStatus78NamingTheKey(json: String, message: String) async throws {
            let folder = try TemporaryDirectory()
            let config = try folder.write("bad.json", json)
            let result = try await CommandRunner.run(
                ["run", "--config", config.path], in: folder.url, timeout: .seconds(30))
            #expect(result.status == 78)
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stderr.contains(config.path))
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        }

        @Test func destinationOnAnotherFileSystemIsAConfigurationError() async throws {
            let folder = try TemporaryDirectory()
            guard (try? FileManager.default.attributesOfItem(atPath: "/dev/shm")) != nil else { return }
            let result = try await CommandRunner.run(
                [
                    "run", "--inbox", folder.path("inbox").string, "--store", folder.path("store").string,
                    "--processed-dir", "/dev/shm/newsdrop-test-\(getpid())",
                ],
                in: folder.url, timeout: .seconds(30)
            )
            try? FileManager.default.removeItem(atPath: "/dev/shm/newsdrop-test-\(getpid())")
            #expect(result.status == 78)
            #expect(result.stderr.contains("processed_dir"))
        }
    }
}
