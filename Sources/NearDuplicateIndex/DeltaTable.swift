/// The index entries not yet in a segment, in log order, with a hash table from band key to entry
/// slots: 4 bytes of key, 4 of chain and 4 to 8 of bucket per band key, 8 bytes of id and 4 of log
/// position per article.
struct DeltaTable: Sendable {
    /// Band keys per article.
    let bands: Int
    /// Article ids in log order.
    private(set) var ids: [UInt64] = []
    /// Each article's entry position in the log, in log order.
    private(set) var positions: [UInt32] = []
    /// Band keys, `bands` per article, in log order.
    private(set) var keys: [UInt32] = []
    private var next: [Int32] = []
    private var heads: [Int32] = []

    /// Creates an empty table.
    init(bands: Int) {
        self.bands = bands
        self.heads = [Int32](repeating: -1, count: 1024)
    }

    /// Articles held.
    var count: Int { ids.count }

    /// Adds one article's entry.
    mutating func insert(id: UInt64, position: UInt32, bandKeys: [UInt32]) {
        precondition(bandKeys.count == bands)
        // At most one key per bucket on average: chains stay short (band keys are well mixed), and
        // a full tail's buckets take 1 or 2 MB where a load of one half took 4 MB.
        if keys.count + bands > heads.count { rehash(capacity: heads.count * 2) }
        ids.append(id)
        positions.append(position)
        for key in bandKeys {
            let slot = Int32(keys.count)
            let bucket = Self.bucket(key, heads.count)
            keys.append(key)
            next.append(heads[bucket])
            heads[bucket] = slot
        }
    }

    /// Appends to `result` the articles whose band `band` has `key`, newest first, at most `limit`.
    func entries(for key: UInt32, band: Int, limit: Int, into result: inout [IndexedID]) {
        var slot = heads[Self.bucket(key, heads.count)]
        var found = 0
        while slot >= 0, found < limit {
            let index = Int(slot)
            if keys[index] == key, index % bands == band {
                result.append(IndexedID(id: ids[index / bands], position: positions[index / bands]))
                found += 1
            }
            slot = next[index]
        }
    }

    /// Forgets the first `count` articles (they are now in a segment).
    mutating func dropFirst(_ count: Int) {
        let keptIDs = Array(ids.dropFirst(count))
        let keptPositions = Array(positions.dropFirst(count))
        let keptKeys = Array(keys.dropFirst(count * bands))
        self = DeltaTable(bands: bands)
        for (index, id) in keptIDs.enumerated() {
            insert(
                id: id, position: keptPositions[index],
                bandKeys: Array(keptKeys[(index * bands)..<((index + 1) * bands)]))
        }
    }

    /// The slot of every band key, in the order of their pairs (by key, then id, then position), for
    /// writing a segment with `pair(at:)`; the hash table is taken apart first. A flush looks nothing
    /// up, and the flush of the tail is when a large drop's memory peaks: a full tail's buckets and
    /// chains (2 or 3 MB) are freed before the slots (4 bytes per pair, 1 MB) and the counts of the
    /// sort (256 KB) are allocated. Sorting materialized 16-byte pairs took 4 MB for them and 2 MB
    /// for the sort's scratch. Until `restoreLookups()` (or the table is replaced),
    /// `entries(for:band:limit:into:)` and `insert` must not be called.
    mutating func takeSortedSlots() -> [UInt32] {
        heads = []
        next = []
        let count = keys.count
        guard count > 0 else { return [] }
        // Band keys are well-mixed hashes: one counting pass over their top bits leaves about four
        // slots per bucket, and an insertion sort of each bucket finishes (any keys still sort, skewed
        // ones only more slowly).
        let bits = min(16, max(1, Int.bitWidth - (count - 1).leadingZeroBitCount - 2))
        let shift = UInt32(UInt32.bitWidth - bits)
        var starts = [Int32](repeating: 0, count: (1 << bits) + 1)
        return keys.withUnsafeBufferPointer { keys in
            starts.withUnsafeMutableBufferPointer { starts in
                for key in keys { starts[Int(key >> shift) + 1] += 1 }
                for bucket in 1..<starts.count { starts[bucket] += starts[bucket - 1] }
                return [UInt32](unsafeUninitializedCapacity: count) { slots, initialized in
                    for (slot, key) in keys.enumerated() {
                        let bucket = Int(key >> shift)
                        slots[Int(starts[bucket])] = UInt32(slot)
                        starts[bucket] += 1
                    }
                    initialized = count
                    for index in 1..<count {
                        let slot = slots[index]
                        let moving = pair(at: slot)
                        var position = index
                        while position > 0, moving < pair(at: slots[position - 1]) {
                            slots[position] = slots[position - 1]
                            position -= 1
                        }
                        slots[position] = slot
                    }
                }
            }
        }
    }

    /// The pair of band-key slot `slot` (the `bands` keys of the article at `slot / bands`).
    func pair(at slot: UInt32) -> IndexPair {
        let article = Int(slot) / bands
        return IndexPair(key: keys[Int(slot)], id: ids[article], position: positions[article])
    }

    /// Rebuilds the hash table `takeSortedSlots()` took apart (after a flush that failed); does
    /// nothing when it is whole.
    mutating func restoreLookups() {
        guard heads.isEmpty else { return }
        next = [Int32](repeating: -1, count: keys.count)
        var capacity = 1024
        while keys.count + bands > capacity { capacity *= 2 }
        rehash(capacity: capacity)
    }

    private mutating func rehash(capacity: Int) {
        heads = [Int32](repeating: -1, count: capacity)
        for (index, key) in keys.enumerated() {
            let bucket = Self.bucket(key, capacity)
            next[index] = heads[bucket]
            heads[bucket] = Int32(index)
        }
    }

    /// Band keys are already well-mixed hashes: their low bits pick the bucket.
    private static func bucket(_ key: UInt32, _ capacity: Int) -> Int { Int(key) & (capacity - 1) }
}
