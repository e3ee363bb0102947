import Foundation
import TestSupport
import Testing

extension EndToEnd {
    /// The daemon's entries read back from a real journald (started privately by
    /// `Scripts/with-journald`) with `journalctl -o json`.
    @Suite struct JournalTests {
        @Test func outcomesAreStructuredJournalEntries() async throws {
            let folder = try TemporaryDirectory()
            guard let journal = try await PrivateJournal.start(in: folder.url) else { return }
            let daemon = journal.daemon(folder: folder.url)
            try await daemon.start()
            try daemon.drop("000_2a12523330ba2c24.txt", Fixtures.seed("000_2a12523330ba2c24.txt"))
            try daemon.drop("copy.txt", Fixtures.seed("000_2a12523330ba2c24.txt"))
            try daemon.drop("bad.txt", [0x00, 0x01])
            try await daemon.waitForDisposed(3, timeout: .seconds(20))
            // The same story under a new headline: a near-duplicate of the first.
            let seed = String(decoding: try Fixtures.seed("000_2a12523330ba2c24.txt"), as: UTF8.self)
            try daemon.drop(
                "republished.txt",
                "Breaking: a new headline for the same story\n\n"
                    + seed.split(separator: "\n").dropFirst(2).joined(separator: "\n"))
            try await daemon.waitForDisposed(4, timeout: .seconds(20))
            #expect(try await daemon.stop()?.status == 0)

            let entries = try await journal.firstValues(["SYSLOG_IDENTIFIER=newsdrop"])
            let stored = try #require(entries.first { $0["NEWSDROP_EVENT"] == "stored" }, "\(entries)")
            let id = try #require(stored["ARTICLE_ID"])
            #expect(stored["MESSAGE"]?.hasPrefix("stored \(id)") == true)
            #expect(stored["PRIORITY"] == "6")
            #expect(stored["MESSAGE_ID"] == "fcb3a04d36ae4217ac2d8f61ce22cd55")
            #expect(stored["ARTICLE_SHA256"]?.hasPrefix(id) == true)
            #expect(stored["SOURCE_FILE"] == "000_2a12523330ba2c24.txt")
            #expect(stored["SOURCE_SEQ"] == "0")
            #expect(stored["SOURCE_HASH"] == "2a12523330ba2c24")
            #expect(stored["CODE_FILE"]?.hasSuffix(".swift") == true)
            #expect(Int(stored["CODE_LINE"] ?? "") != nil)
            #expect(stored["CODE_FUNC"]?.isEmpty == false)
            #expect(stored["_TRANSPORT"] == "journal")

            let duplicate = try #require(entries.first { $0["NEWSDROP_EVENT"] == "duplicate" })
            #expect(duplicate["DUPLICATE_OF"] == id)
            #expect(duplicate["MESSAGE_ID"] == "605610569cdd484285618ff3b122a6d9")
            let near = try #require(entries.first { $0["NEWSDROP_EVENT"] == "near-duplicate" }, "\(entries)")
            #expect(near["NEAR_DUPLICATE_OF"] == id)
            #expect(near["MESSAGE_ID"] == "3c9f0e2a7d5b4e61a8c2f47b19d6e053")
            #expect((Double(near["SIMILARITY"] ?? "") ?? 0) >= 0.6)
            #expect(near["ARTICLE_ID"] != id)
            let rejected = try #require(entries.first { $0["NEWSDROP_EVENT"] == "rejected" })
            #expect(rejected["REJECT_REASON"] == "binary")
            #expect(rejected["PRIORITY"] == "4")
            #expect(
                entries.contains {
                    $0["NEWSDROP_EVENT"] == "ready" && $0["MESSAGE_ID"] == "7251b7517e6c4e84b1bca45a37575814"
                })
            // The flush policy is on the ready entry, like the watch mode.
            let ready = try #require(entries.first { $0["NEWSDROP_EVENT"] == "ready" })
            #expect(["syncfs", "fsync"].contains(ready["FLUSH_POLICY"] ?? ""), "\(ready)")
            #expect(ready["FLUSH_REASON"]?.isEmpty == false)
            #expect(ready["WATCH_MODE"] == "inotify")
            #expect(entries.contains { $0["NEWSDROP_EVENT"] == "stopping" })
            #expect(entries.allSatisfy { $0["UNIT"] == nil })

            // journalctl's field matches answer the questions users ask.
            #expect(try await journal.entries(["ARTICLE_ID=\(id)"]).count == 2)
            #expect(try await journal.entries(["NEWSDROP_EVENT=rejected"]).count == 1)
        }
    }
}

extension EndToEnd.JournalTests {
    @Test func batchModeWritesOneEntryPerBatchAndOnePerRejection() async throws {
        let folder = try TemporaryDirectory()
        guard let journal = try await PrivateJournal.start(in: folder.url) else { return }
        let staging = folder.url.appendingPathComponent("inbox/.staging")
        let accepted = try SyntheticArticles.write(distinct: 40, copies: 10, into: staging)
        try Data([0x00, 0x01]).write(to: staging.appendingPathComponent("bad.txt"))
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: staging.path)).subtracting(["bad.txt"])
        let daemon = journal.daemon(
            folder: folder.url, extraArguments: ["--log-outcomes", "batch", "--batch-size", "16"])
        try await daemon.start()
        try await daemon.waitForDisposed(try daemon.renameAll(from: staging))
        #expect(try await daemon.stop()?.status == 0)

        let batches = try await journal.entries(["NEWSDROP_EVENT=batch"])
        let outcomes = batches.flatMap { $0["OUTCOME"] ?? [] }
        #expect(outcomes.count == accepted, "every accepted input once: \(outcomes)")
        #expect(Set(outcomes.compactMap { $0.split(separator: " ").last.map(String.init) }) == names)
        #expect(outcomes.filter { $0.hasPrefix("stored ") }.count == 40)
        #expect(outcomes.filter { $0.hasPrefix("duplicate ") }.count == 10)
        #expect(batches.count < accepted / 2, "one entry per batch, not per input: \(batches.count)")
        #expect(batches.allSatisfy { $0["MESSAGE_ID"] == ["b1008a6dc5f347cdb26978af933b8748"] })
        #expect(batches.map { Int($0["BATCH_SIZE"]?.first ?? "") ?? 0 }.reduce(0, +) == accepted)

        // `journalctl ARTICLE_ID=…` finds the batch that carried an article; the rejection has its own entry.
        let id = try #require(outcomes.first?.split(separator: " ").dropFirst().first.map(String.init))
        #expect(try await journal.entries(["ARTICLE_ID=\(id)"]).contains { $0["NEWSDROP_EVENT"] == ["batch"] })
        #expect(try await journal.entries(["NEWSDROP_EVENT=stored"]).isEmpty)
        let rejected = try await journal.firstValues(["NEWSDROP_EVENT=rejected"])
        #expect(rejected.map { $0["SOURCE_FILE"] } == ["bad.txt"])
    }

    @Test func aStoppedJournalNeverStallsIngestionAndTheLossIsReported() async throws {
        let folder = try TemporaryDirectory()
        guard let journal = try await PrivateJournal.start(in: folder.url) else { return }
        let staging = folder.url.appendingPathComponent("inbox/.staging")
        let count = try SyntheticArticles.write(distinct: 5000, copies: 0, into: staging)
        // 1,000 entries may wait for the journal (8,192 by default): 5,000 outcomes overflow it.
        let metrics = folder.path("newsdrop.prom").string
        let daemon = journal.daemon(
            folder: folder.url, extraArguments: ["--metrics-file", metrics],
            environment: ["NEWSDROP_TEST_JOURNAL_QUEUE": "1000"])
        try await daemon.start()
        try journal.signal(SIGSTOP)
        var stopped = true
        defer { if stopped { try? journal.signal(SIGCONT) } }
        try daemon.renameAll(from: staging)
        try await daemon.waitForDisposed(count, timeout: .seconds(180))
        try journal.signal(SIGCONT)
        stopped = false

        // Once journald reads again, an entry says how many entries were lost, and when.
        var reports: [[String: String]] = []
        let deadline = ContinuousClock.now + .seconds(60)
        while reports.isEmpty, ContinuousClock.now < deadline {
            reports = try await journal.firstValues(["NEWSDROP_EVENT=journal-entries-lost"])
            if reports.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(try await daemon.stop()?.status == 0)
        let report = try #require(reports.first, "no loss report")
        #expect(report["MESSAGE_ID"] == "ad69f5ebc6644ccd87aa4d509cd2fc53")
        #expect(report["PRIORITY"] == "4")
        #expect(report["FIRST_LOST"]?.hasSuffix("Z") == true && report["LAST_LOST"]?.hasSuffix("Z") == true)
        let lost = try await journal.firstValues(["NEWSDROP_EVENT=journal-entries-lost"]).compactMap {
            Int($0["LOST_ENTRIES"] ?? "")
        }.reduce(0, +)
        let stored = Set(try await journal.firstValues(["NEWSDROP_EVENT=stored"]).compactMap { $0["SOURCE_FILE"] })
        #expect(lost > 0)
        // Nothing vanished unaccounted: every outcome is in the journal or counted as lost.
        #expect(stored.count + lost == count, "\(stored.count) entries + \(lost) lost")
        #expect(files(in: daemon.outcomeFolder("processed")).count == count)
        // The metrics written at stop count the same losses.
        let exposition = try String(contentsOfFile: metrics, encoding: .utf8)
        #expect(exposition.split(separator: "\n").contains("newsdrop_journal_entries_lost_total \(lost)"))
    }
}
