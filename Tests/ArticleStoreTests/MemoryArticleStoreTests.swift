import ArticleStore
import Articles
import TestSupport
import Testing

@Suite struct MemoryArticleStoreTests {
    @Test func memoryTwinGivesTheSameOutcomesAsTheFileStore() throws {
        let folder = try TemporaryDirectory()
        let file = try FileArticleStore.open(at: folder.path("store"), create: true, clock: FixedClock())
        let memory = MemoryArticleStore(clock: FixedClock())
        let batches: [[Submission]] = [
            [try submission(sampleText, key: "a"), try submission(otherText, key: "b")],
            [try submission(sampleText, key: "c")],
            [try submission(sampleText, key: "c"), rejectedSubmission(.empty, key: "d")],
            [try submission(sampleText, key: "a")],
        ]
        for batch in batches {
            #expect(try outcomes(file.commit(batch)) == outcomes(memory.commit(batch)))
        }
        #expect(try file.statistics().articles == memory.statistics().articles)
        #expect(try file.statistics().duplicates == memory.statistics().duplicates)
        #expect(try file.statistics().rejected == memory.statistics().rejected)
        #expect(try file.summaries().map(\.id) == memory.summaries().map(\.id))
        let id = try #require(memory.ids(withPrefix: "").first)
        #expect(try file.sightings(of: id) == memory.sightings(of: id))
        #expect(try file.record(id) == memory.record(id))
    }
}
