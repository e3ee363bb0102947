import Glibc
import SystemPackage

/// Names ready to be claimed, in arrival order, each at most once — at most `capacity` of them.
///
/// The bound keeps memory flat however many files wait in the inbox: a name that finds the queue
/// full is not kept (the file stays in the inbox), the queue remembers that names were left out,
/// and once it has drained to a quarter the consumer asks for a rescan, which picks them up.
/// (Unbounded, the daemon held 280 MB after a drop of a million files; see the README.)
///
/// The names are kept as bytes, one after another in a single buffer, with a hash table of entry
/// numbers for `contains`: about 40 bytes a name where an array and a set of `FilePath.Component`
/// took 163 (10.7 MB for a full queue of 65,536 producer-style names, measured), the largest
/// single part of a big drop's memory.
struct ReadyQueue {
    /// The most names held.
    let capacity: Int

    /// The names' bytes, each followed by a NUL (the form `FilePath.Component(platformString:)`
    /// reads), in arrival order.
    private var bytes: [CChar] = []
    /// Where each entry's name starts in `bytes`; entries before `head` were taken.
    private var starts: [UInt32] = []
    private var head = 0
    /// Open addressing with linear probing: 0 is an empty slot, `n` is entry `n - 1`. A slot of an
    /// entry before `head` is deleted: lookups probe past it, and an insertion may take it.
    private var slots: [Int32] = []
    /// Slots that are not empty (live or deleted).
    private var usedSlots = 0
    /// Names were left out since the last refill.
    private(set) var leftOut = false

    /// Whether the queue holds `capacity` names.
    var isFull: Bool { count >= capacity }

    /// Creates an empty queue.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// How many names wait.
    var count: Int { starts.count - head }

    /// Whether `name` waits.
    func contains(_ name: FilePath.Component) -> Bool {
        name.withPlatformString { find(UnsafeBufferPointer(start: $0, count: strlen($0))).found }
    }

    /// Adds `name` unless it already waits.
    ///
    /// - Returns: whether it was added.
    @discardableResult
    mutating func append(_ name: FilePath.Component) -> Bool {
        guard !isFull else {
            leftOut = true
            return false
        }
        return name.withPlatformString { platformString in
            let name = UnsafeBufferPointer(start: platformString, count: strlen(platformString))
            if (usedSlots + 1) * 4 > slots.count * 3 { rebuild() }
            let (found, slot) = find(name)
            guard !found else { return false }
            if slots[slot] == 0 { usedSlots += 1 }
            slots[slot] = Int32(starts.count + 1)
            starts.append(UInt32(bytes.count))
            bytes.append(contentsOf: name)
            bytes.append(0)
            return true
        }
    }

    /// Removes and returns up to `limit` names from the front.
    mutating func take(_ limit: Int) -> [FilePath.Component] {
        let end = head + min(count, max(0, limit))
        let taken = bytes.withUnsafeBufferPointer { bytes in
            // Every name was a component when it came in, so each one reads back as one.
            (head..<end).compactMap { FilePath.Component(platformString: bytes.baseAddress! + Int(starts[$0])) }
        }
        head = end
        if count == 0 {
            // Drained: give the buffers back (after a burst they are megabytes).
            bytes = []
            starts = []
            slots = []
            head = 0
            usedSlots = 0
        } else if head > 4096, head * 2 > starts.count {
            rebuild()
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

    /// Whether `name` is a waiting entry, and the slot that holds it or else the slot an insertion
    /// takes (the first deleted one on its probe sequence, or the empty one that ends it).
    private func find(_ name: UnsafeBufferPointer<CChar>) -> (found: Bool, slot: Int) {
        guard !slots.isEmpty else { return (false, 0) }
        let mask = slots.count - 1
        var slot = Self.hash(name) & mask
        var free: Int?
        while true {
            let value = Int(slots[slot])
            if value == 0 { return (false, free ?? slot) }
            let entry = value - 1
            if entry < head {
                if free == nil { free = slot }
            } else if self.name(of: entry, equals: name) {
                return (true, slot)
            }
            slot = (slot + 1) & mask
        }
    }

    private func name(of entry: Int, equals name: UnsafeBufferPointer<CChar>) -> Bool {
        let range = bytesRange(of: entry)
        guard range.count == name.count else { return false }
        return bytes.withUnsafeBufferPointer {
            memcmp($0.baseAddress! + range.lowerBound, name.baseAddress!, name.count) == 0
        }
    }

    /// Where the name of `entry` is in `bytes`, without its NUL.
    private func bytesRange(of entry: Int) -> Range<Int> {
        let end = entry + 1 < starts.count ? Int(starts[entry + 1]) : bytes.count
        return Int(starts[entry])..<(end - 1)
    }

    /// Drops the taken entries and rebuilds the table for the waiting ones, with room for as many
    /// again (so that it stays at most three quarters full until the next rebuild).
    private mutating func rebuild() {
        if head > 0 {
            let offset = starts[head]
            bytes.removeFirst(Int(offset))
            starts.removeFirst(head)
            for index in starts.indices { starts[index] -= offset }
            head = 0
        }
        var size = 16
        while size < (starts.count + 1) * 2 { size *= 2 }
        slots = [Int32](repeating: 0, count: size)
        usedSlots = starts.count
        bytes.withUnsafeBufferPointer { bytes in
            for entry in starts.indices {
                var slot = Self.hash(UnsafeBufferPointer(rebasing: bytes[bytesRange(of: entry)])) & (size - 1)
                while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
                slots[slot] = Int32(entry + 1)
            }
        }
    }

    private static func hash(_ name: UnsafeBufferPointer<CChar>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(name))
        return hasher.finalize()
    }
}
