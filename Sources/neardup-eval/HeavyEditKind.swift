/// The heavy edits of the side-by-side comparison with datasketch: each keeps much less of the
/// original than the labelled set's edits (`EditKind`), and two of them wrap the text in another
/// outlet's page furniture (`OutletFurniture`).
enum HeavyEditKind: String, CaseIterable {
    /// Every paragraph kept, in a shuffled order (the title stays first).
    case reordered
    /// 40% of the body's sentences dropped, the rest in order.
    case dropFortyPercent = "drop-40%-sentences"
    /// A wire rewrite: a new headline, 30% of the sentences dropped, quotes longer than eight words
    /// trimmed to their first four, another outlet's furniture around it.
    case wireRewrite = "wire-rewrite"
    /// The first half of the body (to the sentence nearest half its words), in another outlet's
    /// furniture.
    case firstHalf = "first-half"
}
