import Foundation
import TestSupport
import Testing

extension EndToEnd {
    @Suite struct StoreCommandTests {
        @Test func seedsCanBeListedShownAndCounted() async throws {
            let folder = try TemporaryDirectory()
            let store = folder.path("store").string
            _ = try await newsdropJSON(["ingest", "--store", store, "--json", Fixtures.seedsFolder.path])
            let list = try await newsdropJSONArray(["ls", "--store", store, "--json"])
            let titles = Set(list.compactMap { $0["title"] as? String })
            #expect(
                titles == [
                    "US, France call for Ukraine ceasefire as Moscow and Kyiv trade blame at UN Security Council",
                    "US, Russia and North Korea join forces to reject UN peace plan for Ukraine",
                ])
            let russia = try #require(list.first { ($0["title"] as? String)?.hasPrefix("US, Russia") == true })
            let id = try #require(russia["id"] as? String)

            let shown = try await newsdropJSON(["show", "--store", store, "--json", String(id.prefix(5))])
            #expect((shown["article"] as? [String: Any])?["author"] as? String == "Tom Sanders")
            #expect((shown["article"] as? [String: Any])?["published"] as? String == "2025-02-24T19:01:00")
            #expect((shown["sightings"] as? [[String: Any]])?.count == 1)

            let text = try await CommandRunner.run(["show", "--store", store, id])
            #expect(text.status == 0)
            #expect(text.stdout.contains("Tom Sanders"))
            #expect(text.stdout.contains("003_fe3d5e2975a598a8.txt"))

            _ = try await newsdropJSON([
                "ingest", "--store", store, "--json",
                Fixtures.seedsFolder.appendingPathComponent("003_fe3d5e2975a598a8.txt").path,
            ])
            let again = try await newsdropJSON(["show", "--store", store, "--json", id])
            let sightings = try #require(again["sightings"] as? [[String: Any]])
            #expect(sightings.count == 2)
            #expect(
                sightings.allSatisfy {
                    ($0["source"] as? [String: Any])?["source_hash"] as? String == "fe3d5e2975a598a8"
                })

            let stats = try await newsdropJSON(["stats", "--store", store, "--json"])
            #expect(stats.int("articles") == 2)
            #expect(stats.int("sightings") == 3)
            #expect(stats.int("duplicates") == 1)
        }

        @Test func storeComesFromFlagThenEnvironmentThenWorkingFolder() async throws {
            let folder = try TemporaryDirectory()
            _ = try await CommandRunner.run(["ingest", Fixtures.seedsFolder.path], in: folder.url)
            #expect(
                FileManager.default.fileExists(
                    atPath: folder.url.appendingPathComponent("newsdrop-store/newsdrop-store.json").path))
            _ = try await CommandRunner.run(
                ["ingest", Fixtures.seedsFolder.path], in: folder.url,
                environment: ["NEWSDROP_STORE": folder.path("from-env").string])
            #expect(
                FileManager.default.fileExists(
                    atPath: folder.url.appendingPathComponent("from-env/newsdrop-store.json").path))
            let flagged = try await newsdropJSON(
                ["stats", "--json", "--store", folder.path("from-env").string], in: folder.url,
                environment: ["NEWSDROP_STORE": "/nonexistent"])
            #expect(flagged.int("articles") == 2)
        }

        @Test func unknownIdAndMissingStoreAreClearErrors() async throws {
            let folder = try TemporaryDirectory()
            let missing = try await CommandRunner.run(["ls", "--store", folder.path("none").string])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("no newsdrop store"))
            _ = try await CommandRunner.run([
                "ingest", "--store", folder.path("store").string, Fixtures.seedsFolder.path,
            ])
            let unknown = try await CommandRunner.run([
                "show", "--store", folder.path("store").string, "0000000000000000",
            ])
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("no article with id"))
            let invalid = try await CommandRunner.run(["show", "--store", folder.path("store").string, "xyz"])
            #expect(invalid.status == 64)
        }

        @Test func verifyExitsNonZeroOnFaultsAndRepairFixesThem() async throws {
            let folder = try TemporaryDirectory()
            let store = folder.path("store").string
            _ = try await newsdropJSON(["ingest", "--store", store, "--json", Fixtures.seedsFolder.path])
            let shard = try #require(FileManager.default.contentsOfDirectory(atPath: store + "/articles").first)
            let shardURL = URL(fileURLWithPath: store + "/articles/" + shard)
            let record = try #require(FileManager.default.contentsOfDirectory(atPath: shardURL.path).first)
            try Data("{\"schema\":1".utf8).write(to: shardURL.appendingPathComponent(record))
            try Data("partial".utf8).write(to: shardURL.appendingPathComponent(".tmp.otherhost.12.abc"))
            try Data("partial".utf8).write(
                to: shardURL.appendingPathComponent(".tmp.\(ProcessInfo.processInfo.hostName).999999.abc"))

            let report = try await newsdropJSON(["verify", "--store", store, "--json"], expectStatus: 1)
            let kinds = Set((report["problems"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String })
            // The damaged record's feed entry names a record verify cannot read: a warning too.
            #expect(kinds == ["unreadable-file", "stray-temp-file", "feed-entry-without-record"])
            #expect(report.int("checked", "in_flight") == 1)  // the other host's fresh temp file is left alone

            let repaired = try await CommandRunner.run(["verify", "--store", store, "--repair"])
            #expect(repaired.status == 0, "\(repaired.stdout)")
            #expect(repaired.stdout.contains("repaired"))
            #expect(try await CommandRunner.run(["verify", "--store", store]).status == 0)
        }
    }
}
