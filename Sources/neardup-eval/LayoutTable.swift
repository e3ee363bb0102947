import NearDuplicates

/// The band layout at each threshold — newsdrop's (`BandLayout.chosen(for:)`) beside datasketch's
/// default weights over the same 64 values — and what each does on the labelled set: the chance
/// a pair at the threshold becomes a candidate, the index's bytes per article, recall of all
/// positives and of the light edits (≥ 80% kept), the positives the sketch screening loses, and the
/// share of unrelated pairs that become candidates.
enum LayoutTable {
    /// Prints the table.
    ///
    /// - Parameters:
    ///   - set: the labelled set.
    ///   - scores: the exact scores of the standard feature setting.
    static func print(set: LabelledSet, scores: SettingScores) {
        Swift.print(
            "\n== band layouts per threshold: newsdrop's (weights 0.1 / 0.9, ≤ \(BandLayout.maximumBands) bands of 64 values, "
                + "widened to P(t) ≥ \(format(BandLayout.minimumCandidateProbability, 2)) within \(format(BandLayout.indexBudget, 0)) bytes) "
                + "and datasketch's default weights (0.5 / 0.5, same 64 values), on the labelled set")
        Swift.print(
            "  \(lpad("t", 4))  \(pad("weights", 10)) \(lpad("layout", 11)) \(lpad("P(t)", 6)) \(lpad("B/art.", 7)) "
                + "\(lpad("recall", 7)) \(lpad("≥80%", 6)) \(lpad("screened", 9)) \(lpad("false-cand.", 12))")
        for threshold in [0.3, 0.4, 0.5, 0.6, 0.7, 0.8] {
            let layouts = [
                ("0.1 / 0.9", BandLayout.chosen(for: threshold)),
                ("0.5 / 0.5", BandLayout.optimal(threshold: threshold, permutations: BandLayout.standardPermutations)),
            ]
            for (weights, layout) in layouts {
                var parameters = NearDuplicateParameters(threshold: threshold)
                parameters.layout = layout
                let lsh = LSHScores(set: set, scores: scores, parameters: parameters)
                Swift.print(
                    "  \(lpad(format(threshold, 1), 4))  \(pad(weights, 10)) \(lpad(layout.description, 11)) "
                        + "\(lpad(format(layout.candidateProbability(similarity: threshold)), 6)) "
                        + "\(lpad(format(layout.indexBytesPerArticle, 0), 7)) \(lpad(format(lsh.recallScreened), 7)) "
                        + "\(lpad(format(lsh.recallKeptEighty), 6)) \(lpad(String(lsh.screenedOut), 9)) "
                        + "\(lpad(String(format: "%.2e", lsh.falseCandidateRate), 12))")
            }
        }
        Swift.print(
            "  (recall: candidate, sketch estimate ≥ t − margin, exact Jaccard ≥ t; ≥80%: the same for edits keeping "
                + "≥ 80% of the text (before screening); screened: positives above t lost to the sketch; false-cand.: share "
                + "of unrelated pairs sharing a band — times the store's size, candidates per lookup that cost a sketch read)"
        )
    }
}
