import Foundation
import TestSupport
import Testing

extension EndToEnd {
    /// SIGKILL at random instants, several daemons at once, graceful stops: nothing lost, nothing doubled.
    @Suite struct DaemonCrashSafetyTests {
        /// How the daemon writes the store: unnamed files (`O_TMPFILE`) as on a local disk, or
        /// temp names (`NEWSDROP_UNNAMED_FILES=off`) as on FUSE and network file systems — there
        /// with the group commit, or with an `fsync` per file as such a file system gets.
        enum WritePath: String, CaseIterable, CustomTestStringConvertible {
            case unnamed
            case tempNames
            case tempNamesAndFsync

            var testDescription: String { rawValue }

            /// The daemon's environment.
            var environment: [String: String] { self == .unnamed ? [:] : ["NEWSDROP_UNNAMED_FILES": "off"] }

            /// The daemon's extra flags.
            var arguments: [String] { self == .tempNamesAndFsync ? ["--flush", "fsync"] : [] }
        }

        /// Checks the end state of a run over `count` inputs holding `distinct` contents.
        private func expectEveryInputAccountedOnce(_ daemon: DaemonUnderTest, count: Int, distinct: Int) async throws {
            #expect(files(in: daemon.inbox).isEmpty)
            #expect(daemon.disposedCount() == count)
            let work = daemon.inbox.appendingPathComponent(".newsdrop/work")
            for instance in (try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? [] {
                #expect(
                    files(in: work.appendingPathComponent(instance)).isEmpty, "inputs left in work folder \(instance)")
            }
            let stats = try await newsdropJSON(["stats", "--store", daemon.store.path, "--json"])
            #expect(stats.int("articles") == distinct)
            #expect(stats.int("sightings") == count, "each input recorded exactly once")
            #expect(files(in: daemon.outcomeFolder("processed")).count == distinct)
            let verify = try await newsdropJSON(["verify", "--store", daemon.store.path, "--json"])
            let problems = verify["problems"] as? [[String: Any]] ?? []
            #expect(problems.isEmpty, "\(problems.prefix(5))")
            try await expectFeedMatchesStore(daemon.store, inputs: count, distinct: distinct)
        }

        @Test(arguments: WritePath.allCases)
        func killedAtRandomInstantsLosesNothingAndDoublesNothing(writes: WritePath) async throws {
            let folder = try TemporaryDirectory()
            let staging = folder.url.appendingPathComponent("inbox/.staging")
            // The temp-name paths get a smaller drop (and fewer kills): they add CI time, and what
            // they exercise (temp files swept, fsync ordering) shows in every interrupted batch.
            let distinct = writes == .unnamed ? 1500 : 600
            let count = try SyntheticArticles.write(distinct: distinct, copies: distinct / 3, into: staging)
            let daemon = DaemonUnderTest(
                folder: folder.url, extraArguments: writes.arguments, environment: writes.environment)
            try await daemon.start()
            try daemon.renameAll(from: staging)
            var generator = SystemRandomNumberGenerator()
            var kills = 0
            while kills < (writes == .unnamed ? 20 : 12) {
                // Let it work for a random moment, then kill it without warning.
                try await Task.sleep(for: .microseconds(Int.random(in: 20_000...250_000, using: &generator)))
                try await daemon.kill()
                kills += 1
                try await daemon.start()
            }
            try await daemon.waitForDisposed(count, timeout: .seconds(300))
            #expect(try await daemon.stop()?.status == 0)
            try await expectEveryInputAccountedOnce(daemon, count: count, distinct: distinct)
        }

        @Test(arguments: [WritePath.unnamed, .tempNamesAndFsync])
        func twoDaemonsOnOneInboxProcessEachInputExactlyOnce(writes: WritePath) async throws {
            let folder = try TemporaryDirectory()
            let staging = folder.url.appendingPathComponent("inbox/.staging")
            let count = try SyntheticArticles.write(distinct: 700, copies: 300, into: staging)
            let first = DaemonUnderTest(
                folder: folder.url, extraArguments: ["--instance", "first"] + writes.arguments,
                environment: writes.environment)
            let second = DaemonUnderTest(
                folder: folder.url, extraArguments: ["--instance", "second", "--batch-size", "7"] + writes.arguments,
                environment: writes.environment)
            try await first.start()
            try await second.start()
            try first.renameAll(from: staging)
            try await first.waitForDisposed(count)
            // Both took a share, and their own counts add up (status files lag by up to a quarter second).
            func handled(_ daemon: DaemonUnderTest) -> Int {
                let counts = daemon.status()?["since_start"] as? [String: Any]
                return (counts?["stored"] as? Int ?? 0) + (counts?["duplicates"] as? Int ?? 0)
            }
            try await waitUntil("the daemons' counts add up to \(count)", timeout: .seconds(10)) {
                handled(first) + handled(second) == count
            }
            #expect(handled(first) > 0 && handled(second) > 0)
            #expect(try await first.stop()?.status == 0)
            #expect(try await second.stop()?.status == 0)
            try await expectEveryInputAccountedOnce(first, count: count, distinct: 700)
        }

        @Test(arguments: [WritePath.unnamed, .tempNames])
        func killedBetweenPublishingAndAppendingTheFeedTheRestartAppendsOnce(writes: WritePath) async throws {
            let folder = try TemporaryDirectory()
            let staging = folder.url.appendingPathComponent("inbox/.staging")
            let count = try SyntheticArticles.write(distinct: 300, copies: 100, into: staging)
            // The worst moment: every commit's files are durable, its feed entries not appended.
            let dying = DaemonUnderTest(
                folder: folder.url, extraArguments: writes.arguments,
                environment: writes.environment.merging(["NEWSDROP_TEST_DIE_BEFORE_FEED_APPEND": "1"]) { $1 })
            try await dying.start()
            try dying.renameAll(from: staging)
            let died = try await dying.command!.wait(timeout: .seconds(60))
            #expect(died.status == 128 + SIGKILL)
            let pending = folder.url.appendingPathComponent("store/feed/pending")
            #expect(!files(in: pending).isEmpty, "the dead writer's intent is left")
            let daemon = DaemonUnderTest(
                folder: folder.url, extraArguments: writes.arguments, environment: writes.environment)
            try await daemon.start()
            try await daemon.waitForDisposed(count)
            #expect(try await daemon.stop()?.status == 0)
            #expect(files(in: pending).isEmpty)
            try await expectEveryInputAccountedOnce(daemon, count: count, distinct: 300)
        }

        @Test func twoDaemonsAndAOneShotIngestShareOneFeed() async throws {
            let folder = try TemporaryDirectory()
            let staging = folder.url.appendingPathComponent("inbox/.staging")
            let count = try SyntheticArticles.write(distinct: 600, copies: 200, into: staging)
            let oneShot = folder.url.appendingPathComponent("oneshot")
            let oneShotCount = try SyntheticArticles.write(distinct: 400, copies: 0, into: oneShot)
            let first = DaemonUnderTest(folder: folder.url, extraArguments: ["--instance", "first"])
            let second = DaemonUnderTest(
                folder: folder.url, extraArguments: ["--instance", "second", "--batch-size", "5"])
            try await first.start()
            try await second.start()
            let ingest = try CommandRunner.start(
                ["ingest", "--store", first.store.path, "--no-progress", "--batch-size", "16", oneShot.path])
            try first.renameAll(from: staging)
            #expect(try await ingest.wait().status == 0)
            try await first.waitForDisposed(count)
            #expect(try await first.stop()?.status == 0)
            #expect(try await second.stop()?.status == 0)
            // The one-shot texts are the same stories as the first 400 dropped ones (same numbers).
            try await expectFeedMatchesStore(first.store, inputs: count + oneShotCount, distinct: 600)
        }

        @Test func sigtermDuringABatchExitsPromptlyAndARestartFinishes() async throws {
            let folder = try TemporaryDirectory()
            let staging = folder.url.appendingPathComponent("inbox/.staging")
            let count = try SyntheticArticles.write(distinct: 2000, copies: 0, into: staging)
            let daemon = DaemonUnderTest(folder: folder.url)
            try await daemon.start()
            try daemon.renameAll(from: staging)
            try await waitUntil("the daemon is busy", timeout: .seconds(30)) { daemon.disposedCount() > 0 }
            let stopped = ContinuousClock.now
            let result = try #require(try await daemon.stop(timeout: .seconds(30)))
            #expect(result.status == 0, "\(result.stderr.suffix(2000))")
            #expect(result.ended - stopped < .seconds(10))
            try await daemon.start()
            try await daemon.waitForDisposed(count)
            #expect(try await daemon.stop()?.status == 0)
            try await expectEveryInputAccountedOnce(daemon, count: count, distinct: 2000)
        }
    }
}
