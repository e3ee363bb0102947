import Foundation
import TestSupport
import Testing

extension EndToEnd {
    @Suite struct IngestCommandTests {
        @Test func corpusIngestStoresEachDistinctContentOnceAndVerifiesClean() async throws {
            guard let corpus = Fixtures.corpus else {
                print(Fixtures.corpusMissing)
                return
            }
            let folder = try TemporaryDirectory()
            let store = folder.path("store").string
            let first = try await newsdropJSON(["ingest", "--store", store, "--json", corpus.path])
            #expect(first.int("summary", "processed") == 1297)
            #expect(first.int("summary", "stored") == 1219)
            #expect(first.int("summary", "duplicates") == 78)
            #expect(first.int("summary", "rejected") == 0)

            let second = try await newsdropJSON(["ingest", "--store", store, "--json", corpus.path])
            #expect(second.int("summary", "stored") == 0)
            #expect(second.int("summary", "duplicates") == 1297)

            let verify = try await newsdropJSON(["verify", "--store", store, "--json"])
            #expect((verify["problems"] as? [Any])?.isEmpty == true)
            #expect(verify.int("checked", "articles") == 1219)
            let stats = try await newsdropJSON(["stats", "--store", store, "--json"])
            #expect(stats.int("articles") == 1219)
            #expect(stats.int("sightings") == 2594)
            #expect(stats.int("duplicates") == 1375)
        }

        @Test func twoProcessesIngestingOneFolderStoreEachContentOnce() async throws {
            let folder = try TemporaryDirectory()
            let inputs = folder.url.appendingPathComponent("inputs")
            let files = try SyntheticArticles.write(distinct: 300, copies: 100, into: inputs)
            let store = folder.path("store").string
            // One commits file by file, the other in groups, so their writes interleave differently.
            let a = try CommandRunner.start(["ingest", "--store", store, "--json", "--batch-size", "1", inputs.path])
            let b = try CommandRunner.start(["ingest", "--store", store, "--json", "--batch-size", "16", inputs.path])
            let results = [try await a.wait(), try await b.wait()]
            for result in results { #expect(result.status == 0, "\(result.stderr)") }
            let summaries = try results.map {
                try #require(JSONSerialization.jsonObject(with: Data($0.stdout.utf8)) as? [String: Any])
            }
            let storedByBoth = summaries.compactMap { $0.int("summary", "stored") }.reduce(0, +)
            #expect(storedByBoth == 300)
            let stats = try await newsdropJSON(["stats", "--store", store, "--json"])
            #expect(stats.int("articles") == 300)
            #expect(stats.int("sightings") == 2 * files)
            let verify = try await newsdropJSON(["verify", "--store", store, "--json"])
            #expect((verify["problems"] as? [Any])?.isEmpty == true)
        }

        @Test func ingestNeverChangesItsInputs() async throws {
            let folder = try TemporaryDirectory()
            let inputs = folder.url.appendingPathComponent("inputs")
            try SyntheticArticles.write(distinct: 5, copies: 2, into: inputs)
            let before = try snapshot(inputs)
            _ = try await newsdropJSON(["ingest", "--store", folder.path("store").string, "--json", inputs.path])
            #expect(try snapshot(inputs) == before)
        }

        private func snapshot(_ folder: URL) throws -> [String: Data] {
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
            }
            return files
        }
    }
}
