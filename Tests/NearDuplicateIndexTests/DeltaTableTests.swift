import Testing

@testable import NearDuplicateIndex

/// The log tail in memory: the order in which a flush writes its pairs.
@Suite struct DeltaTableTests {
    /// A table of `articles` articles of four bands, with keys from `key` and ids out of order;
    /// every seventh article is appended again under an earlier article's id.
    private func table(articles: Int, key: (UInt64, Int) -> UInt32) -> DeltaTable {
        var table = DeltaTable(bands: 4)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for position in 0..<articles {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let id = position % 7 == 6 ? UInt64(position - 3) * 1000 : state >> 20
            table.insert(id: id, position: UInt32(position), bandKeys: (0..<4).map { key(state, $0) })
        }
        return table
    }

    /// Every pair of `table`, sorted by comparing whole pairs.
    private func expectedPairs(_ table: DeltaTable) -> [IndexPair] {
        table.keys.indices.map { table.pair(at: UInt32($0)) }.sorted()
    }

    private func flushed(_ table: inout DeltaTable) -> [IndexPair] {
        let slots = table.takeSortedSlots()
        return slots.map { table.pair(at: $0) }
    }

    @Test(arguments: [0, 1, 2, 3_000, 70_000])
    func aFlushGetsEveryPairOnceInKeyIDPositionOrder(articles: Int) {
        // Well-mixed keys, as band keys are.
        var table = table(articles: articles) { state, band in UInt32(truncatingIfNeeded: state >> (8 * UInt64(band))) }
        let expected = expectedPairs(table)
        let got = flushed(&table)
        #expect(got.count == articles * 4)
        #expect(got.map(\.key) == expected.map(\.key))
        #expect(got.map(\.id) == expected.map(\.id))
        #expect(got.map(\.position) == expected.map(\.position))
    }

    @Test func skewedKeysStillSort() {
        // 23 distinct small keys: every key lands in the first bucket of the counting pass, and
        // repeats across articles and bands.
        var table = table(articles: 2_000) { state, band in UInt32((state >> (8 * UInt64(band))) % 23) }
        let expected = expectedPairs(table)
        let got = flushed(&table)
        #expect(got.map(\.key) == expected.map(\.key))
        #expect(got.map(\.id) == expected.map(\.id))
        #expect(got.map(\.position) == expected.map(\.position))
    }
}
