import ArticleStore
import Articles
import Logging
import SystemPackage
import Testing

@testable import NewsDrop

/// Each outcome's journal entry, field for field: the entry is written per input, so it is built
/// into one dictionary in place, and must still say exactly what the catalog documents.
@Suite struct OutcomeJournalEntryTests {
    private let id = ContentID("2a12523330ba2c24")!
    private let other = ContentID("bd776c32a36d56c5")!
    private let third = ContentID("0123456789abcdef")!

    private func entry(
        _ outcome: CommitOutcome, moved: FilePath? = "/in/processed/a.txt"
    ) -> (level: Logger.Level, message: String, metadata: Logger.Metadata) {
        var metadata: Logger.Metadata = ["source_file": "a.txt", "source_size": "12"]
        let entry = outcome.journalEntry(file: "a.txt", title: "A title", moved: moved, metadata: &metadata)
        return (entry.level, entry.message.description, metadata)
    }

    @Test func storedNamesTheArticleAndWhereTheInputWent() {
        let stored = entry(.stored(id))
        #expect(stored.level == .info)
        #expect(stored.message == "stored 2a12523330ba2c24 \"A title\" from a.txt")
        #expect(
            stored.metadata == [
                "source_file": "a.txt", "source_size": "12", "article_id": "2a12523330ba2c24",
                "disposed_to": "/in/processed/a.txt", "newsdrop_event": "stored",
            ])
        #expect(entry(.stored(id), moved: nil).metadata["disposed_to"] == "deleted")
    }

    @Test func duplicateNamesTheRecordItDuplicates() {
        let duplicate = entry(.duplicate(id))
        #expect(duplicate.level == .info)
        #expect(duplicate.message == "a.txt is a duplicate of 2a12523330ba2c24; sighting recorded")
        #expect(
            duplicate.metadata == [
                "source_file": "a.txt", "source_size": "12", "article_id": "2a12523330ba2c24",
                "duplicate_of": "2a12523330ba2c24", "disposed_to": "/in/processed/a.txt",
                "newsdrop_event": "duplicate",
            ])
    }

    @Test func nearDuplicateNamesEveryMatchAndThePolicy() {
        let matches = [NearDuplicate(id: other, similarity: 0.875), NearDuplicate(id: third, similarity: 0.5)]
        let kept = entry(.nearDuplicate(id, of: matches))
        #expect(kept.level == .info)
        #expect(
            kept.message
                == "stored 2a12523330ba2c24, linked as a near-duplicate of bd776c32a36d56c5 (similarity 0.875) from a.txt"
        )
        #expect(
            kept.metadata == [
                "source_file": "a.txt", "source_size": "12", "article_id": "2a12523330ba2c24",
                "near_duplicate_of": "bd776c32a36d56c5",
                "near_duplicates": "bd776c32a36d56c5:0.875 0123456789abcdef:0.5", "similarity": "0.875",
                "near_duplicate_policy": "keep", "disposed_to": "/in/processed/a.txt",
                "newsdrop_event": "near-duplicate",
            ])
        let diverted = entry(.diverted(id, onto: matches))
        #expect(
            diverted.message
                == "a.txt (2a12523330ba2c24) not stored: diverted as a near-duplicate of bd776c32a36d56c5 (similarity 0.875) from a.txt"
        )
        #expect(diverted.metadata["near_duplicate_policy"] == "divert")
        #expect(diverted.metadata.count == 9)
    }

    @Test func rejectionNamesTheReason() {
        let rejected = entry(.rejected(Rejection(.empty, "the file is empty (0 bytes)")), moved: "/in/rejected/a.txt")
        #expect(rejected.level == .warning)
        #expect(rejected.message == "rejected a.txt: the file is empty (0 bytes) (moved to /in/rejected/a.txt)")
        #expect(
            rejected.metadata == [
                "source_file": "a.txt", "source_size": "12", "reject_reason": "empty",
                "disposed_to": "/in/rejected/a.txt", "newsdrop_event": "rejected",
            ])
    }

    @Test func theCapacityHoldsTheLargestEntry() {
        // Six fields about the input, and a near-duplicate's seven.
        var metadata = Logger.Metadata()
        for key in ["source_file", "source_path", "source_size", "source_seq", "source_hash", "article_sha256"] {
            metadata[key] = "x"
        }
        _ = CommitOutcome.nearDuplicate(id, of: [NearDuplicate(id: other, similarity: 1)])
            .journalEntry(file: "a.txt", title: nil, moved: nil, metadata: &metadata)
        #expect(metadata.count == CommitOutcome.journalMetadataCapacity)
    }
}
