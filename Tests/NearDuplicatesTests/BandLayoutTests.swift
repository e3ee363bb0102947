import NearDuplicates
import Testing

/// The band layout is chosen from the threshold as datasketch's `MinHashLSH` chooses it; the pinned
/// layouts were computed with datasketch 2.0.0 itself (`_optimal_param(threshold, num_perm,
/// fp_weight, fn_weight)`, and `MinHashLSH(threshold=t, num_perm=128).b, .r` for its defaults).
@Suite struct BandLayoutTests {
    static let thresholds = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]

    /// `(permutations, false-positive weight)` → datasketch's `(b, r)` at each of `thresholds`.
    static let datasketch: [(Int, Double, [(Int, Int)])] = [
        (64, 0.5, [(15, 1), (28, 2), (21, 3), (16, 4), (14, 4), (10, 6), (8, 8), (5, 11), (3, 21)]),
        (128, 0.5, [(64, 2), (28, 2), (37, 3), (32, 4), (25, 5), (18, 7), (14, 9), (9, 13), (5, 25)]),
        (256, 0.5, [(117, 2), (85, 3), (64, 4), (51, 5), (42, 6), (32, 8), (25, 10), (17, 15), (9, 28)]),
        (64, 0.1, [(36, 1), (16, 1), (32, 2), (17, 2), (21, 3), (16, 4), (12, 5), (9, 7), (5, 12)]),
    ]

    @Test(arguments: 0..<4)
    func optimalLayoutsAreDatasketchs(_ row: Int) {
        let (permutations, weight, expected) = Self.datasketch[row]
        let found = Self.thresholds.map { threshold in
            BandLayout.optimal(
                threshold: threshold, permutations: permutations, falsePositiveWeight: weight,
                falseNegativeWeight: 1 - weight)
        }
        #expect(found.map(\.bands) == expected.map(\.0), "\(permutations) values, weight \(weight)")
        #expect(found.map(\.rows) == expected.map(\.1), "\(permutations) values, weight \(weight)")
        #expect(found.allSatisfy { $0.permutations == permutations })
    }

    @Test func newsdropsLayoutsAreTheOptimumWithinTwentyBands() {
        // datasketch's optimum with weights 0.1/0.9 over 64 values, bands capped at 20: 32 × 2 at 0.3
        // and 21 × 3 at 0.5 become 20 × 2 and 20 × 3; the others are datasketch's own.
        let chosen = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8].map { BandLayout.chosen(for: $0) }
        #expect(chosen.map(\.bands) == [20, 17, 20, 16, 12, 9])
        #expect(chosen.map(\.rows) == [2, 2, 3, 4, 5, 7])
        #expect(chosen.allSatisfy { $0.permutations == 64 && $0.bands <= BandLayout.maximumBands })
        // The default threshold keeps the layout the labelled evaluation chose, and with it every band key.
        #expect(BandLayout.chosen(for: 0.6) == BandLayout(bands: 16, rows: 4))
        #expect(NearDuplicateParameters.standard.layout == BandLayout(bands: 16, rows: 4, permutations: 64))
    }

    @Test func aLowerThresholdMakesLowerSimilaritiesCandidates() {
        var previous = 0.0
        for threshold in [0.8, 0.7, 0.6, 0.5, 0.4, 0.3] {
            let layout = BandLayout.chosen(for: threshold)
            // A pair right at the threshold is more likely a candidate than not under newsdrop's weights.
            #expect(layout.candidateProbability(similarity: threshold) > 0.5, "at \(threshold): \(layout)")
            let atPointFour = layout.candidateProbability(similarity: 0.4)
            #expect(atPointFour >= previous, "at \(threshold): \(layout)")
            previous = atPointFour
        }
    }

    @Test func theSketchMarginIsAboutThreeStandardErrorsAtTheThreshold() {
        #expect(abs(NearDuplicateParameters(threshold: 0.6).sketchMargin - 0.203) < 0.001)
        #expect(abs(NearDuplicateParameters(threshold: 0.3).sketchMargin - 0.190) < 0.001)
        #expect(NearDuplicateParameters(threshold: 0.8).sketchMargin < 0.17)
    }

    @Test func parametersForAThresholdCarryItsLayout() {
        let parameters = NearDuplicateParameters(threshold: 0.3)
        #expect(parameters.layout == BandLayout(bands: 20, rows: 2, permutations: 64))
        #expect(parameters.threshold == 0.3 && parameters.shingleWords == 2 && parameters.includesTitle)
        let fingerprint = Fingerprinter(parameters: parameters).fingerprint(
            title: "A headline", paragraphs: ["Some words of a story that go on for a while."])
        #expect(fingerprint.bandKeys.count == 20)
        #expect(fingerprint.sketch.count == 64)
    }
}
