/// How one tool's links on the heavy set score: a link from a variant to its own original is
/// correct; a link from a variant to a document of another story is false; other links (to
/// another variant or a natural duplicate of the same story, or between originals) do not count.
struct HeavyScores {
    /// Variants linked to their own original, per kind.
    let found: [HeavyEditKind: Int]
    /// Variants per kind.
    let total: [HeavyEditKind: Int]
    /// Links from variants to other stories.
    var falseLinks: Int { falseLinkPairs.count }
    /// Those links, as (variant, other document).
    let falseLinkPairs: [(Int, Int)]
    /// Correct links.
    let trueLinks: Int

    /// Scores links given as (newer document, older document) pairs.
    ///
    /// - Parameters:
    ///   - links: every link a tool made, in any order.
    ///   - set: the documents.
    init(links: [(Int, Int)], set: HeavySet) {
        var linked: [Int: Set<Int>] = [:]
        for (a, b) in links { linked[max(a, b), default: []].insert(min(a, b)) }
        var found: [HeavyEditKind: Int] = [:]
        var total: [HeavyEditKind: Int] = [:]
        var falseLinks: [(Int, Int)] = []
        var trueLinks = 0
        for index in set.variantIndices {
            let document = set.documents[index]
            guard let kind = document.kind, let original = document.original else { continue }
            total[kind, default: 0] += 1
            for other in linked[index] ?? [] {
                if other == original {
                    trueLinks += 1
                    found[kind, default: 0] += 1
                } else if set.documents[other].story != document.story {
                    falseLinks.append((index, other))
                }
            }
        }
        self.found = found
        self.total = total
        self.falseLinkPairs = falseLinks
        self.trueLinks = trueLinks
    }

    /// Variants linked to their own original, of all variants.
    var recall: Double {
        Double(found.values.reduce(0, +)) / Double(max(total.values.reduce(0, +), 1))
    }

    /// Correct links of all links that count.
    var precision: Double {
        trueLinks + falseLinks == 0 ? 1 : Double(trueLinks) / Double(trueLinks + falseLinks)
    }

    /// The harmonic mean of precision and recall.
    var f1: Double {
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }
}
