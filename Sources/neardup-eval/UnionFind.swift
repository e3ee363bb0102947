/// Disjoint sets over `0..<count`: which documents tell the same story.
struct UnionFind {
    private var parent: [Int]

    /// Creates `count` singleton sets.
    ///
    /// - Parameter count: the number of elements.
    init(count: Int) {
        parent = Array(0..<count)
    }

    /// The representative of `element`'s set.
    mutating func find(_ element: Int) -> Int {
        var root = element
        while parent[root] != root { root = parent[root] }
        var node = element
        while parent[node] != root { (parent[node], node) = (root, parent[node]) }
        return root
    }

    /// Merges the sets of `a` and `b`.
    mutating func union(_ a: Int, _ b: Int) {
        let (ra, rb) = (find(a), find(b))
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
}
