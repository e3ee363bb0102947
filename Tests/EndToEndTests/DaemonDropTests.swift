import Foundation
import TestSupport
import Testing

extension EndToEnd {
    /// The daemon, run as a user runs it, on real files and real inotify.
    @Suite struct DaemonDropTests {
        @Test func droppedByRenameIsStoredAndMovedToProcessed() async throws {
            let folder = try TemporaryDirectory()
            let daemon = DaemonUnderTest(folder: folder.url)
            try await daemon.start()
            try daemon.drop("000_2a12523330ba2c24.txt", Fixtures.seed("000_2a12523330ba2c24.txt"))
            try await daemon.waitForDisposed(1, timeout: .seconds(10))
            #expect(files(in: daemon.outcomeFolder("processed")) == ["000_2a12523330ba2c24.txt"])
            #expect(files(in: daemon.inbox).isEmpty)
            try daemon.drop("copy.txt", Fixtures.seed("000_2a12523330ba2c24.txt"))
            try await daemon.waitForDisposed(2, timeout: .seconds(10))
            #expect(files(in: daemon.outcomeFolder("duplicates")) == ["copy.txt"])
            try daemon.drop("000_2a12523330ba2c24.txt", Fixtures.seed("000_2a12523330ba2c24.txt"))
            try await daemon.waitForDisposed(3, timeout: .seconds(10))
            #expect(files(in: daemon.outcomeFolder("duplicates")) == ["000_2a12523330ba2c24.txt", "copy.txt"])
            let result = try #require(try await daemon.stop())
            #expect(result.status == 0, "\(result.stderr)")
            let stats = try await newsdropJSON(["stats", "--store", daemon.store.path, "--json"])
            #expect(stats.int("articles") == 1)
            #expect(stats.int("sightings") == 3)
        }

        @Test func fileWrittenSlowlyInPlaceIsNeverTakenEarly() async throws {
            let folder = try TemporaryDirectory()
            let daemon = DaemonUnderTest(folder: folder.url, extraArguments: ["--settle-ms", "2000"])
            try await daemon.start()
            let text = SyntheticArticles.text(7)
            let chunks = stride(from: 0, to: text.utf8.count, by: 40).map {
                Array(Array(text.utf8)[$0..<min($0 + 40, text.utf8.count)])
            }
            let path = daemon.inbox.appendingPathComponent("slow.txt")
            // Half the chunks through one open descriptor, the rest appended by reopening (each close is
            // an IN_CLOSE_WRITE), pausing a twentieth of the settle time between chunks.
            // open(2) itself: FileManager.createFile writes a temp file and renames it, which is a finished drop.
            let descriptor = open(path.path, O_CREAT | O_WRONLY | O_EXCL, 0o644)
            #expect(descriptor >= 0)
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
            for chunk in chunks.prefix(chunks.count / 2) {
                try handle.write(contentsOf: chunk)
                usleep(100_000)  // blocking on purpose: the writer's pauses must not stretch with the scheduler
                #expect(FileManager.default.fileExists(atPath: path.path), "taken while still being written")
            }
            try handle.close()
            for chunk in chunks.dropFirst(chunks.count / 2) {
                let append = try FileHandle(forWritingTo: path)
                try append.seekToEnd()
                try append.write(contentsOf: chunk)
                try append.close()
                usleep(100_000)  // blocking on purpose: the writer's pauses must not stretch with the scheduler
                #expect(FileManager.default.fileExists(atPath: path.path), "taken while still being written")
            }
            try await daemon.waitForDisposed(1, timeout: .seconds(10))
            #expect(files(in: daemon.outcomeFolder("processed")) == ["slow.txt"])
            let list = try await newsdropJSONArray(["ls", "--store", daemon.store.path, "--json"])
            #expect(list.count == 1)
            #expect(
                list.first?["title"] as? String
                    == SyntheticArticles.text(7).split(separator: "\n").first.map(String.init))
            let shown = try await newsdropJSON([
                "show", "--store", daemon.store.path, "--json", list.first?["id"] as? String ?? "",
            ])
            #expect(
                ((shown["article"] as? [String: Any])?["canonical_text"] as? String)?.hasSuffix("the end of story 7.")
                    == true)
        }

        @Test func thousandFilesDroppedAtOnceAreAllAccountedFor() async throws {
            let folder = try TemporaryDirectory()
            let staging = folder.url.appendingPathComponent("inbox/.staging")
            let count = try SyntheticArticles.write(distinct: 800, copies: 200, into: staging)
            let daemon = DaemonUnderTest(folder: folder.url)
            try await daemon.start()
            try daemon.renameAll(from: staging)
            try await daemon.waitForDisposed(count)
            #expect(files(in: daemon.outcomeFolder("processed")).count == 800)
            #expect(files(in: daemon.outcomeFolder("duplicates")).count == 200)
            #expect(files(in: daemon.inbox).isEmpty)
            try await daemon.stop()
            let stats = try await newsdropJSON(["stats", "--store", daemon.store.path, "--json"])
            #expect(stats.int("articles") == 800)
            #expect(stats.int("sightings") == 1000)
        }

        @Test func corpusThroughTheDaemonMatchesOneShotIngest() async throws {
            guard let corpus = Fixtures.corpus else {
                print(Fixtures.corpusMissing)
                return
            }
            let folder = try TemporaryDirectory()
            let daemon = DaemonUnderTest(folder: folder.url)
            try await daemon.start()
            var dropped = 0
            for category in try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted() {
                let categoryFolder = corpus.appendingPathComponent(category)
                for name in try FileManager.default.contentsOfDirectory(atPath: categoryFolder.path).sorted() {
                    try daemon.drop(
                        "\(category)-\(name)", Array(Data(contentsOf: categoryFolder.appendingPathComponent(name))))
                    dropped += 1
                }
            }
            #expect(dropped == 1297)
            try await daemon.waitForDisposed(dropped)
            #expect(files(in: daemon.outcomeFolder("processed")).count == 1219)
            #expect(files(in: daemon.outcomeFolder("duplicates")).count == 78)
            try await daemon.stop()
            let verify = try await newsdropJSON(["verify", "--store", daemon.store.path, "--json"])
            #expect((verify["problems"] as? [Any])?.isEmpty == true)
        }

        @Test func pollingModeFindsFilesWithoutInotify() async throws {
            let folder = try TemporaryDirectory()
            let daemon = DaemonUnderTest(folder: folder.url, extraArguments: ["--poll-interval", "1"])
            try await daemon.start()
            #expect(daemon.status()?["mode"] as? String == "polling")
            #expect(daemon.status()?["poll_reason"] as? String == "forced")
            try daemon.drop("a.txt", SyntheticArticles.text(1))
            _ = FileManager.default.createFile(
                atPath: daemon.inbox.appendingPathComponent("b.txt").path,
                contents: Data(SyntheticArticles.text(2).utf8))
            try await daemon.waitForDisposed(2, timeout: .seconds(15))
            #expect(files(in: daemon.outcomeFolder("processed")) == ["a.txt", "b.txt"])
        }

        @Test func theFsyncFlushPolicyIngestsAndStatusShowsIt() async throws {
            let folder = try TemporaryDirectory()
            let daemon = DaemonUnderTest(folder: folder.url, extraArguments: ["--flush", "fsync", "--batch-size", "4"])
            try await daemon.start()
            #expect(daemon.status()?["flush_policy"] as? String == "fsync")
            #expect(daemon.status()?["flush_reason"] as? String == "forced by the flush setting")
            let staging = folder.url.appendingPathComponent("inbox/.staging")
            let count = try SyntheticArticles.write(distinct: 30, copies: 10, into: staging)
            try daemon.renameAll(from: staging)
            try daemon.drop("bad.txt", [0x00, 0x01])
            try await daemon.waitForDisposed(count + 1, timeout: .seconds(60))
            let human = try await CommandRunner.run(["status", "--inbox", daemon.inbox.path])
            #expect(human.stdout.contains("  flush: fsync (forced by the flush setting)\n"), "\(human.stdout)")
            let json = try await newsdropJSON(["status", "--inbox", daemon.inbox.path, "--json"])
            let first = try #require((json["daemons"] as? [[String: Any]])?.first?["status"] as? [String: Any])
            #expect(first["flush_policy"] as? String == "fsync")
            #expect(first["flush_reason"] as? String == "forced by the flush setting")
            #expect(try await daemon.stop()?.status == 0)
            #expect(files(in: daemon.outcomeFolder("processed")).count == 30)
            #expect(files(in: daemon.outcomeFolder("duplicates")).count == 10)
            let verify = try await newsdropJSON(["verify", "--store", daemon.store.path, "--json"])
            #expect((verify["problems"] as? [Any])?.isEmpty == true)
        }

        @Test func deletedInboxIsRecreatedAndWatchedAgain() async throws {
            let folder = try TemporaryDirectory()
            let daemon = DaemonUnderTest(folder: folder.url)
            try await daemon.start()
            try daemon.drop("first.txt", SyntheticArticles.text(1))
            try await daemon.waitForDisposed(1, timeout: .seconds(10))
            try FileManager.default.moveItem(at: daemon.inbox, to: folder.url.appendingPathComponent("old-inbox"))
            try await waitUntil("the inbox is re-created", timeout: .seconds(10)) {
                FileManager.default.fileExists(atPath: daemon.inbox.path)
            }
            try daemon.drop("second.txt", SyntheticArticles.text(2))
            try await waitUntil("second.txt is processed", timeout: .seconds(10)) {
                files(in: daemon.outcomeFolder("processed")).contains("second.txt")
            }
            let result = try #require(try await daemon.stop())
            #expect(result.status == 0)
            #expect(result.stderr.contains("re-created the inbox"))
        }
    }
}
