import SystemPackage

/// Names ready to be claimed, in arrival order, each at most once.
struct ReadyQueue {
    private var names: [FilePath.Component] = []
    private var head = 0
    private var members: Set<FilePath.Component> = []

    /// How many names wait.
    var count: Int { names.count - head }

    /// Whether `name` waits.
    func contains(_ name: FilePath.Component) -> Bool { members.contains(name) }

    /// Adds `name` unless it already waits.
    ///
    /// - Returns: whether it was added.
    @discardableResult
    mutating func append(_ name: FilePath.Component) -> Bool {
        guard members.insert(name).inserted else { return false }
        names.append(name)
        return true
    }

    /// Removes and returns up to `limit` names from the front.
    mutating func take(_ limit: Int) -> [FilePath.Component] {
        let end = min(names.count, head + limit)
        let taken = Array(names[head..<end])
        head = end
        for name in taken { members.remove(name) }
        if head > 4096, head * 2 > names.count {
            names.removeFirst(head)
            head = 0
        }
        return taken
    }
}
