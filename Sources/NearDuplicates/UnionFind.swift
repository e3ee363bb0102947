/// Disjoint sets (union–find with path compression): which articles belong to one story. Each
/// set's representative is its smallest element, so results do not depend on the order of unions.
public struct UnionFind<Element: Hashable & Comparable> {
    private var parent: [Element: Element] = [:]

    /// Creates no sets: elements join as `find` or `union` first sees them.
    public init() {}

    /// Creates sets, each of one element.
    ///
    /// - Parameter elements: the elements (more join as `find` or `union` first sees them).
    public init(_ elements: some Sequence<Element>) {
        for element in elements { parent[element] = element }
    }

    /// Every element seen so far.
    public var elements: [Element] { Array(parent.keys) }

    /// The representative of `element`'s set (a new singleton set when it is new).
    public mutating func find(_ element: Element) -> Element {
        var root = element
        while let up = parent[root], up != root { root = up }
        if parent[root] == nil { parent[root] = root }
        var node = element
        while let up = parent[node], up != root { (parent[node], node) = (root, up) }
        return root
    }

    /// Merges the sets of `a` and `b`.
    public mutating func union(_ a: Element, _ b: Element) {
        let (rootA, rootB) = (find(a), find(b))
        if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
    }
}
