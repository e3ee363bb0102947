import Testing

@testable import NearDuplicateIndex

@Suite struct BlockFilterTests {
    @Test func insertedKeysAlwaysPassAndMostOthersAreRuledOut() {
        var generator = SystemRandomNumberGenerator()
        var words = [UInt64](repeating: 0, count: 2 * BlockFilter.wordsPerBlock)
        let inserted = (0..<64).map { _ in UInt32.random(in: .min ... .max, using: &generator) }
        for key in inserted { BlockFilter.insert(key, block: 1, into: &words) }
        #expect(inserted.allSatisfy { BlockFilter.mayContain($0, block: 1, in: words) })
        #expect(words[0..<BlockFilter.wordsPerBlock].allSatisfy { $0 == 0 }, "block 0 is untouched")
        let absent = (0..<10_000).map { _ in UInt32.random(in: .min ... .max, using: &generator) }.filter {
            !inserted.contains($0)
        }
        let passing = absent.filter { BlockFilter.mayContain($0, block: 1, in: words) }.count
        // Expected about 15% (two bits of 256 per key, 64 keys); far from it means a broken filter.
        #expect(Double(passing) / Double(absent.count) < 0.25)
        #expect(
            !absent.contains { BlockFilter.mayContain($0, block: 0, in: words) }, "an empty filter rules out every key")
    }
}
