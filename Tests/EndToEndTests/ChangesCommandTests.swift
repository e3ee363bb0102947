import Foundation
import TestSupport
import Testing

extension EndToEnd {
    /// `newsdrop changes` as a consumer runs it: cursors, commands per entry, following.
    @Suite struct ChangesCommandTests {
        /// A store holding `count` distinct synthetic articles (feed seqs 1…count), ingested one-shot.
        private func store(in folder: TemporaryDirectory, count: Int) async throws -> String {
            let inputs = folder.url.appendingPathComponent("inputs")
            _ = try SyntheticArticles.write(distinct: count, copies: 0, into: inputs)
            let store = folder.path("store").string
            let result = try await CommandRunner.run(["ingest", "--store", store, "--no-progress", inputs.path])
            #expect(result.status == 0, "\(result.stderr)")
            return store
        }

        private func seqs(_ output: String) throws -> [Int] {
            try output.split(separator: "\n").map { line in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return try #require(object["seq"] as? Int)
            }
        }

        @Test func aCursorFileResumesAfterTheLastEntryHandled() async throws {
            let folder = try TemporaryDirectory()
            let store = try await store(in: folder, count: 5)
            let cursor = folder.path("cursor.json").string
            let first = try await CommandRunner.run(
                ["changes", "--store", store, "--json", "--cursor-file", cursor, "--limit", "2"])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(try seqs(first.stdout) == [1, 2])
            #expect(try String(contentsOfFile: cursor, encoding: .utf8) == "{\"seq\":2}\n")
            let rest = try await CommandRunner.run(["changes", "--store", store, "--json", "--cursor-file", cursor])
            #expect(try seqs(rest.stdout) == [3, 4, 5])
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(rest.stdout.split(separator: "\n")[0].utf8))
                    as? [String: Any])
            #expect(Set(object.keys).isSuperset(of: ["seq", "event", "id", "at", "record", "key", "file", "title"]))
            let none = try await CommandRunner.run(["changes", "--store", store, "--json", "--cursor-file", cursor])
            #expect(none.status == 0)
            #expect(none.stdout.isEmpty)
            let readable = try await CommandRunner.run(["changes", "--store", store, "--since", "4"])
            #expect(readable.stdout.hasPrefix("      5  stored     "))
        }

        @Test func aCursorThatIsNotAPositionIsRefusedAndLeftAlone() async throws {
            let folder = try TemporaryDirectory()
            let store = try await store(in: folder, count: 3)
            let cursor = folder.path("cursor.json").string
            for text in ["not a cursor\n", "{\"seq\":4}\n"] {
                try text.write(toFile: cursor, atomically: true, encoding: .utf8)
                let result = try await CommandRunner.run(["changes", "--store", store, "--cursor-file", cursor])
                #expect(result.status == 65, "\(text): \(result.stderr)")
                #expect(result.stderr.contains(cursor))
                #expect(try String(contentsOfFile: cursor, encoding: .utf8) == text)
            }
            let beyond = try await CommandRunner.run(["changes", "--store", store, "--since", "9"])
            #expect(beyond.status == 65)
            #expect(beyond.stderr.contains("beyond the feed's last entry, 3"))
        }

        @Test func aCommandRunsOncePerEntryAndAFailureStopsBeforeIt() async throws {
            let folder = try TemporaryDirectory()
            let store = try await store(in: folder, count: 4)
            let cursor = folder.path("cursor.json").string
            let seen = folder.path("seen").string
            try FileManager.default.createDirectory(atPath: seen, withIntermediateDirectories: true)
            let script = """
                cat > "\(seen)/$NEWSDROP_SEQ.json"
                echo "$NEWSDROP_EVENT $NEWSDROP_ID $NEWSDROP_RECORD $NEWSDROP_STORE" > "\(seen)/$NEWSDROP_SEQ.env"
                echo "handled $NEWSDROP_SEQ"
                [ "$NEWSDROP_SEQ" != 3 ] || [ -e "\(seen)/fixed" ] || exit 7
                """
            let failing = try await CommandRunner.run(
                ["changes", "--store", store, "--cursor-file", cursor, "--exec", "sh", "-c", script])
            #expect(failing.status == 1)
            #expect(failing.stderr.contains("sh [seq 2]: handled 2"))
            #expect(failing.stderr.contains("exited with status 7 for seq 3"))
            #expect(try String(contentsOfFile: cursor, encoding: .utf8) == "{\"seq\":2}\n")
            let environment = try String(contentsOfFile: "\(seen)/1.env", encoding: .utf8).split(separator: " ")
            #expect(environment[0] == "stored")
            #expect(environment[2].hasSuffix("articles/\(environment[1].prefix(3))/\(environment[1]).json"))
            #expect(FileManager.default.fileExists(atPath: String(environment[2])))
            #expect(environment[3].trimmingCharacters(in: .newlines) == store)
            let stdin = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(seen)/1.json")))
                    as? [String: Any])
            #expect(stdin["seq"] as? Int == 1)
            #expect(stdin["id"] as? String == String(environment[1]))

            #expect(FileManager.default.createFile(atPath: "\(seen)/fixed", contents: nil))
            try FileManager.default.removeItem(atPath: "\(seen)/1.json")
            let retried = try await CommandRunner.run(
                ["changes", "--store", store, "--cursor-file", cursor, "--exec", "sh", "-c", script])
            #expect(retried.status == 0, "\(retried.stderr)")
            #expect(retried.stderr.contains("sh [seq 3]: handled 3"))
            #expect(!FileManager.default.fileExists(atPath: "\(seen)/1.json"), "handled entries are not run again")
            #expect(try String(contentsOfFile: cursor, encoding: .utf8) == "{\"seq\":4}\n")
        }

        @Test func aCommandPastItsTimeLimitIsKilledAndStopsTheConsumer() async throws {
            let folder = try TemporaryDirectory()
            let store = try await store(in: folder, count: 2)
            let cursor = folder.path("cursor.json").string
            let started = ContinuousClock.now
            let result = try await CommandRunner.run([
                "changes", "--store", store, "--cursor-file", cursor, "--exec-timeout", "0.5", "--exec", "sleep", "30",
            ])
            #expect(result.status == 1)
            #expect(result.stderr.contains("ran past its time limit and was killed"))
            #expect(result.ended - started < .seconds(20))
            #expect(!FileManager.default.fileExists(atPath: cursor))
        }

        @Test func followingDeliversNewEntriesAndSigtermEndsIt() async throws {
            let folder = try TemporaryDirectory()
            let store = try await store(in: folder, count: 2)
            let follower = try CommandRunner.start(
                ["changes", "--store", store, "--follow", "--json", "--events", "stored,rejected"])
            try await waitUntil("the backlog is printed", timeout: .seconds(30)) {
                follower.stdoutSoFar.split(separator: "\n").count == 2
            }
            let more = folder.url.appendingPathComponent("more")
            try FileManager.default.createDirectory(at: more, withIntermediateDirectories: true)
            try Data(SyntheticArticles.text(0).utf8).write(to: more.appendingPathComponent("dup.txt"))
            try Data().write(to: more.appendingPathComponent("empty.txt"))
            try Data(SyntheticArticles.text(9).utf8).write(to: more.appendingPathComponent("new.txt"))
            let ingest = try await CommandRunner.run(["ingest", "--store", store, "--no-progress", more.path])
            #expect(ingest.status == 0)
            try await waitUntil("the new entries are printed", timeout: .seconds(30)) {
                follower.stdoutSoFar.split(separator: "\n").count == 4
            }
            let lines = follower.stdoutSoFar.split(separator: "\n").map(String.init)
            #expect(lines[2...].allSatisfy { !$0.contains("\"event\":\"duplicate\"") })
            #expect(lines.contains { $0.contains("\"reason\":\"empty\"") })
            let stopping = ContinuousClock.now
            follower.signal(SIGTERM)
            let ended = try await follower.wait(timeout: .seconds(10))
            #expect(ended.status == 0)
            #expect(ended.ended - stopping < .seconds(5))
        }
    }
}
