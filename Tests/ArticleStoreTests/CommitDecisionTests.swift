import ArticleStore
import Articles
import TestSupport
import Testing

/// The one rule for what becomes of a submission, checked on its own (it is pure).
@Suite struct CommitDecisionTests {
    @Test func aFreeIdIsStored() throws {
        let submitted = try submission(sampleText, key: "a")
        #expect(CommitDecision.decide(submitted, holder: nil) == .store)
    }

    @Test func aHeldIdWithTheSameTextIsASighting() throws {
        let submitted = try submission(sampleText, key: "b")
        let holder = CommitDecision.Holder(sha256: try digest(of: submitted), firstKey: "a")
        #expect(CommitDecision.decide(submitted, holder: holder) == .sighting)
        #expect(
            CommitDecision.decide(submitted, holder: CommitDecision.Holder(sha256: holder.sha256, firstKey: nil))
                == .sighting)
    }

    @Test func theInputThatStoredARecordIsAReplayNotASighting() throws {
        let submitted = try submission(sampleText, key: "a")
        let holder = CommitDecision.Holder(sha256: try digest(of: submitted), firstKey: "a")
        #expect(CommitDecision.decide(submitted, holder: holder) == .replay)
        #expect(CommitDecision.replay.outcome(of: submitted) == CommitDecision.store.outcome(of: submitted))
    }

    @Test func aHeldIdWithAnotherTextIsACollision() throws {
        let submitted = try submission(sampleText, key: "b")
        let decision = CommitDecision.decide(
            submitted, holder: CommitDecision.Holder(sha256: String(repeating: "0", count: 64), firstKey: "a"))
        guard case .collision(let rejection) = decision else {
            Issue.record("\(decision)")
            return
        }
        #expect(rejection.reason == .idCollision)
        #expect(rejection.message.contains(String(repeating: "0", count: 64)))
        #expect(decision.outcome(of: submitted) == .rejected(rejection))
    }

    @Test func aDivertedNearDuplicateBecomesASightingOfTheMostSimilar() throws {
        var submitted = try submission(sampleText, key: "a")
        let best = NearDuplicate(id: ContentID(bits: 0xAA), similarity: 0.9)
        submitted.nearDuplicates = [best, NearDuplicate(id: ContentID(bits: 0xBB), similarity: 0.7)]
        #expect(CommitDecision.decide(submitted, holder: nil) == .store, "without the divert flag it is kept")
        submitted.divert = true
        let decision = CommitDecision.decide(submitted, holder: nil)
        #expect(decision == .divert(onto: best.id, similarity: 0.9))
        let outcome = decision.outcome(of: submitted)
        #expect(outcome.recordsSighting && !outcome.addsRecord)
        #expect(outcome.nearDuplicates == submitted.nearDuplicates)
    }

    @Test func aRejectedInputIsRejectedWhateverTheStoreHolds() {
        let submitted = rejectedSubmission(.binary)
        guard case .reject(let rejection) = CommitDecision.decide(submitted, holder: nil) else {
            Issue.record("not rejected")
            return
        }
        #expect(rejection.reason == .binary)
    }

    private func digest(of submission: Submission) throws -> String {
        guard case .article(let article) = submission.content else { preconditionFailure("not an article") }
        return article.digest.hex
    }
}
