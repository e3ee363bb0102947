import Foundation
import NearDuplicates
import Testing

@Suite struct FingerprintTests {
    @Test func jaccardBySortedMerge() {
        #expect(Similarity.jaccard([1, 2, 3, 4], [3, 4, 5, 6]) == 2.0 / 6.0)
        #expect(Similarity.jaccard([1, 2, 3], [1, 2, 3]) == 1)
        #expect(Similarity.jaccard([1, 2], [3, 4]) == 0)
        #expect(Similarity.jaccard([], [1]) == 0)
        #expect(Similarity.jaccard([], []) == 0)
        #expect(Similarity.intersectionCount([1, 5, 9, .max], [0, 5, 9, 10, .max]) == 3)
    }

    @Test func shinglesAreSortedAndUnique() {
        let text = (0..<300).map { "word\($0 % 40)" }.joined(separator: " ")
        let shingles = Fingerprinter().fingerprint(title: "", paragraphs: [text]).shingles
        #expect(shingles == Array(Set(shingles)).sorted())
        #expect(shingles.count == 40)
    }

    @Test func bandKeysDifferPerBandForTheSameValues() {
        // A one-word text: every bin of the signature holds the same minimum, yet the band keys differ.
        let keys = Fingerprinter().fingerprint(title: "", paragraphs: ["word"]).bandKeys
        #expect(Set(keys).count == keys.count)
    }

    @Test func fingerprintsAreStableAcrossProcessesAndVersions() {
        // Stored band keys and shingles must keep their meaning: these values may only change with a
        // deliberate format change (and a re-index).
        let print = Fingerprinter().fingerprint(
            title: "Nasdaq planning $100m share sale",
            paragraphs: ["The owner of the Nasdaq stock market plans to sell shares."])
        #expect(print.shingles.count == 15)
        #expect(print.shingles.first == FingerprintTests.goldenFirstShingle)
        #expect(print.bandKeys.first == FingerprintTests.goldenFirstBandKey)
    }

    static let goldenFirstShingle: UInt64 = 4_114_802_167_449_284_767
    static let goldenFirstBandKey: UInt32 = 1_492_317_325

    @Test func sketchesEstimateTheJaccardSimilarity() {
        // Texts of 200 distinct words sharing a chosen share of them: the exact Jaccard of their
        // shingles against what the 64-byte sketches estimate.
        let fingerprinter = Fingerprinter()
        func text(_ words: Range<Int>) -> String { words.map { "w\($0)x" }.joined(separator: " ") }
        let base = fingerprinter.fingerprint(title: "", paragraphs: [text(0..<200)])
        #expect(base.sketch.count == 64)
        #expect(Similarity.estimate(base.sketch, base.sketch) == 1)
        var worst = 0.0
        for shift in [0, 20, 50, 80, 120, 200, 400] {
            let other = fingerprinter.fingerprint(title: "", paragraphs: [text(shift..<(shift + 200))])
            let exact = base.similarity(to: other)
            let estimate = Similarity.estimate(base.sketch, other.sketch)
            worst = max(worst, abs(exact - estimate))
        }
        #expect(worst < 0.2, "largest error \(worst)")
        #expect(Similarity.estimate(base.sketch, []) == 0)
    }

    @Test func candidateProbabilityFollowsTheBandingFormula() {
        let parameters = NearDuplicateParameters(shingleWords: 2, bands: 16, rows: 4, threshold: 0.6)
        #expect(abs(parameters.candidateProbability(similarity: 0.6) - (1 - pow(1 - pow(0.6, 4), 16))) < 1e-12)
        #expect(parameters.candidateProbability(similarity: 1) == 1)
        #expect(parameters.candidateProbability(similarity: 0) == 0)
        #expect(parameters.permutations == 64)
    }

    @Test func parametersEncodeWithSnakeCaseKeys() throws {
        let data = try JSONEncoder().encode(NearDuplicateParameters.standard)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["shingle_words", "bands", "rows", "permutations", "threshold", "includes_title"])
        #expect(try JSONDecoder().decode(NearDuplicateParameters.self, from: data) == .standard)
        // Written before layouts had a signature length of their own: bands × rows values.
        let older = Data(#"{"shingle_words":2,"bands":16,"rows":4,"threshold":0.6,"includes_title":true}"#.utf8)
        #expect(try JSONDecoder().decode(NearDuplicateParameters.self, from: older) == .standard)
        let impossible = Data(
            #"{"shingle_words":2,"bands":16,"rows":4,"permutations":8,"threshold":0.6,"includes_title":true}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(NearDuplicateParameters.self, from: impossible) }
    }

    @Test func titleCanBeLeftOut() {
        var parameters = NearDuplicateParameters.standard
        parameters.includesTitle = false
        let fingerprinter = Fingerprinter(parameters: parameters)
        let a = fingerprinter.fingerprint(title: "One headline", paragraphs: ["The same body text of the story."])
        let b = fingerprinter.fingerprint(title: "Another headline", paragraphs: ["The same body text of the story."])
        #expect(a == b)
    }
}
