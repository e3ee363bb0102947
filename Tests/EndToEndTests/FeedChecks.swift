import Foundation
import TestSupport
import Testing

/// The changes feed of `store` as `newsdrop changes --json` prints it.
func feedEntries(_ store: URL) async throws -> [[String: Any]] {
    let result = try await CommandRunner.run(["changes", "--store", store.path, "--json"])
    #expect(result.status == 0, "newsdrop changes exited \(result.status): \(result.stderr)")
    return try result.stdout.split(separator: "\n").map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
    }
}

/// Checks the feed against the store from the outside: seqs 1, 2, 3… with no gap and no repeat,
/// one entry per input (`inputs`), one `stored` entry per record (`distinct` of them) and a record
/// for every `stored` entry.
func expectFeedMatchesStore(_ store: URL, inputs: Int? = nil, distinct: Int? = nil) async throws {
    let entries = try await feedEntries(store)
    let seqs = entries.compactMap { $0["seq"] as? Int }
    #expect(seqs == Array(stride(from: 1, through: entries.count, by: 1)), "seqs without gaps or repeats")
    let keys = entries.compactMap { $0["key"] as? String }
    #expect(Set(keys).count == entries.count, "one entry per input")
    if let inputs { #expect(entries.count == inputs) }
    let stored = entries.filter { $0["event"] as? String == "stored" }
    let storedIDs = stored.compactMap { $0["id"] as? String }
    #expect(Set(storedIDs).count == stored.count, "one stored entry per record")
    if let distinct { #expect(stored.count == distinct) }
    for entry in stored {
        let record = store.appendingPathComponent(entry["record"] as? String ?? "missing")
        #expect(FileManager.default.fileExists(atPath: record.path), "the record of stored entry \(entry["seq"] ?? 0)")
    }
    let articles = store.appendingPathComponent("articles")
    var recordIDs: Set<String> = []
    for shard in (try? FileManager.default.contentsOfDirectory(atPath: articles.path)) ?? [] {
        for name in try FileManager.default.contentsOfDirectory(atPath: articles.appendingPathComponent(shard).path)
        where !name.hasPrefix(".") {
            recordIDs.insert(String(name.dropLast(5)))
        }
    }
    #expect(recordIDs == Set(storedIDs), "every record has its stored entry")
}
