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

    @Test func newsdropsLayoutsAreTheOptimumWithinTwentyBandsWidenedToTheMinimumProbability() {
        // datasketch's optimum with weights 0.1/0.9 over 64 values, bands capped at 20: 32 × 2 at 0.3
        // and 21 × 3 at 0.5 become 20 × 2 and 20 × 3; the others are datasketch's own.
        let thresholds = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
        let optima = thresholds.map {
            BandLayout.optimal(
                threshold: $0, permutations: 64, falsePositiveWeight: 0.1, falseNegativeWeight: 0.9, maximumBands: 20)
        }
        #expect(optima.map(\.bands) == [20, 17, 20, 16, 12, 9])
        #expect(optima.map(\.rows) == [2, 2, 3, 4, 5, 7])
        // Widened to 0.95 at the threshold with the same rows: 17 × 2 (0.948) becomes 18 × 2, 12 × 5
        // (0.890) 17 × 5 of 85 values, 9 × 7 (0.880) 13 × 7 of 91. 20 × 2 at 0.3 (0.848), 20 × 3 at 0.5
        // (0.931) and 16 × 4 at 0.6 (0.891; 19 × 4 of 76, the most the budget holds, makes 0.928)
        // cannot get there and stay.
        let chosen = thresholds.map { BandLayout.chosen(for: $0) }
        #expect(chosen.map(\.bands) == [20, 18, 20, 16, 17, 13])
        #expect(chosen.map(\.rows) == [2, 2, 3, 4, 5, 7])
        #expect(chosen.map(\.permutations) == [64, 64, 64, 64, 85, 91])
        // The default threshold keeps the layout the labelled evaluation chose, and with it every band key.
        #expect(BandLayout.chosen(for: 0.6) == BandLayout(bands: 16, rows: 4))
        #expect(NearDuplicateParameters.standard.layout == BandLayout(bands: 16, rows: 4, permutations: 64))
    }

    @Test func everyWidenedOptimumFitsTheBudgetAndReachesTheMinimumOrIsTheOptimum() {
        // Every 0.1, and 0.68 and 0.73, where the budget stops the widening (20 × 5 of 100, 19 × 6 of 114).
        for percent in [10, 20, 30, 40, 50, 60, 68, 70, 73, 80, 90] {
            let threshold = Double(percent) / 100
            let optimum = BandLayout.optimal(
                threshold: threshold, permutations: 64, falsePositiveWeight: 0.1, falseNegativeWeight: 0.9,
                maximumBands: 20)
            let chosen = optimum.widened(toReach: BandLayout.minimumCandidateProbability, at: threshold)
            #expect(chosen.bands <= BandLayout.maximumBands, "at \(threshold): \(chosen)")
            #expect(chosen.indexBytesPerArticle <= BandLayout.indexBudget, "at \(threshold): \(chosen)")
            #expect(chosen.rows == optimum.rows && chosen.bands >= optimum.bands, "at \(threshold): \(chosen)")
            #expect(chosen.permutations == max(64, chosen.bands * chosen.rows), "at \(threshold): \(chosen)")
            if chosen != optimum {
                #expect(chosen.candidateProbability(similarity: threshold) >= 0.95, "at \(threshold): \(chosen)")
                // The fewest bands that do.
                let one = BandLayout(bands: chosen.bands - 1, rows: chosen.rows)
                #expect(one.candidateProbability(similarity: threshold) < 0.95, "at \(threshold): \(chosen)")
            }
        }
    }

    @Test func widenedKeepsALayoutThatReachesTheProbabilityOrCannot() {
        let reaching = BandLayout(bands: 12, rows: 4)
        #expect(reaching.widened(toReach: 0.95, at: 0.7) == reaching)  // 0.963 already
        let short = BandLayout(bands: 16, rows: 4)
        #expect(short.widened(toReach: 0.95, at: 0.6) == short)  // 19 × 4 of 76 makes 0.928, 20 × 4 is 507 bytes
        #expect(short.widened(toReach: 0.9, at: 0.6) == BandLayout(bands: 17, rows: 4, permutations: 68))
        // 16 of id, writer and checksum, 4 per band key, one per sketch value, 16.56 per band in segments.
        #expect(abs(BandLayout(bands: 16, rows: 4).indexBytesPerArticle - 408.96) < 1e-9)
        #expect(abs(BandLayout(bands: 17, rows: 5, permutations: 85).indexBytesPerArticle - 450.52) < 1e-9)
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
        // Longer signatures at 0.7 and 0.8 (85 and 91 values) estimate closer.
        #expect(abs(NearDuplicateParameters(threshold: 0.7).sketchMargin - 0.164) < 0.001)
        #expect(abs(NearDuplicateParameters(threshold: 0.8).sketchMargin - 0.139) < 0.001)
    }

    @Test func parametersForAThresholdCarryItsLayout() {
        let parameters = NearDuplicateParameters(threshold: 0.3)
        #expect(parameters.layout == BandLayout(bands: 20, rows: 2, permutations: 64))
        #expect(parameters.threshold == 0.3 && parameters.shingleWords == 2 && parameters.includesTitle)
        let fingerprint = Fingerprinter(parameters: parameters).fingerprint(
            title: "A headline", paragraphs: ["Some words of a story that go on for a while."])
        #expect(fingerprint.bandKeys.count == 20)
        #expect(fingerprint.sketch.count == 64)
        // 0.7's layout is widened past 64 values: its signature and sketch are 85 long.
        let high = Fingerprinter(parameters: NearDuplicateParameters(threshold: 0.7)).fingerprint(
            title: "A headline", paragraphs: ["Some words of a story that go on for a while."])
        #expect(high.bandKeys.count == 17)
        #expect(high.sketch.count == 85)
    }
}
