import NearDuplicates
import Testing

@Suite struct UnionFindTests {
    @Test func unionsJoinSetsAndTheSmallestElementRepresentsEach() {
        var sets = UnionFind(["d", "a"])
        sets.union("c", "d")
        sets.union("b", "a")
        sets.union("d", "e")
        #expect(sets.find("e") == "c")
        #expect(sets.find("b") == "a")
        #expect(sets.find("a") != sets.find("c"))
        sets.union("e", "b")
        #expect(Set(sets.elements.map { sets.find($0) }) == ["a"])
        #expect(sets.elements.count == 5)
    }
}
