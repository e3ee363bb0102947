import Foundation
import TestSupport
import Testing

extension EndToEnd {
    /// The daemon's entries read back from a real journald (started privately by
    /// `Scripts/with-journald`) with `journalctl -o json`.
    @Suite struct JournalTests {
        @Test func outcomesAreStructuredJournalEntries() async throws {
            let folder = try TemporaryDirectory()
            let journal = folder.url.appendingPathComponent("journal")
            let wrapper = Fixtures.repositoryRoot.appendingPathComponent("Scripts/with-journald")
            let probe = try await CommandRunner.run(
                [journal.path, "/bin/true"], timeout: .seconds(60), program: wrapper)
            guard probe.status == 0 else {
                print(
                    "skipping: a private journald cannot run here (\(probe.stderr.trimmingCharacters(in: .whitespacesAndNewlines)); needs root and unshare)"
                )
                return
            }
            let daemon = DaemonUnderTest(
                folder: folder.url, extraArguments: ["--log-target", "journal"], wrapper: wrapper,
                wrapperArguments: [journal.path])
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

            let entries = try await journalEntries(journal, ["SYSLOG_IDENTIFIER=newsdrop"])
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
            #expect(entries.contains { $0["NEWSDROP_EVENT"] == "stopping" })
            #expect(entries.allSatisfy { $0["UNIT"] == nil })

            // journalctl's field matches answer the questions users ask.
            #expect(try await journalEntries(journal, ["ARTICLE_ID=\(id)"]).count == 2)
            #expect(try await journalEntries(journal, ["NEWSDROP_EVENT=rejected"]).count == 1)
        }

        private func journalEntries(_ journal: URL, _ matches: [String]) async throws -> [[String: String]] {
            let result = try await CommandRunner.run(
                ["-D", journal.path, "-o", "json", "--no-pager"] + matches,
                program: URL(fileURLWithPath: "/bin/journalctl"))
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?.compactMapValues {
                    $0 as? String
                }
            }
        }
    }
}
