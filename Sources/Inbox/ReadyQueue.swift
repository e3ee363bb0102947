import SystemPackage

/// Names ready to be claimed, in arrival order, each at most once — at most `capacity` of them.
///
/// The bound keeps memory flat however many files wait in the inbox: a name that finds the queue
/// full is not kept (the file stays in the inbox), the queue remembers that names were left out,
/// and once it has drained to a quarter the consumer asks for a rescan, which picks them up.
/// (Unbounded, the daemon held 280 MB after a drop of a million files; see the README.)
struct ReadyQueue {
    /// The most names held.
    let capacity: Int

    private var names: [FilePath.Component] = []
    private var head = 0
    private var members: Set<FilePath.Component> = []
    /// Names were left out since the last refill.
    private(set) var leftOut = false

    /// Whether the queue holds `capacity` names.
    var isFull: Bool { count >= capacity }

    /// Creates an empty queue.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// How many names wait.
    var count: Int { names.count - head }

    /// Whether `name` waits.
    func contains(_ name: FilePath.Component) -> Bool { members.contains(name) }

    /// Adds `name` unless it already waits.
    ///
    /// - Returns: whether it was added.
    @discardableResult
    mutating func append(_ name: FilePath.Component) -> Bool {
        guard !isFull else {
            leftOut = true
            return false
        }
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

    /// Whether names were left out and the queue has drained far enough to take them in: then a
    /// rescan is due (and asked for only once).
    mutating func takeRefillRequest() -> Bool {
        guard leftOut, count <= capacity / 4 else { return false }
        leftOut = false
        return true
    }

    /// Notes that names were left out (a scan stopped at the bound).
    mutating func noteLeftOut() {
        leftOut = true
    }
}
