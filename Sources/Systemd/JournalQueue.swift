/// The entries waiting for the journal, bounded in number (loss reports included) and bytes, with
/// the count of those that found it full.
///
/// When an entry is lost, the next one queued is preceded by a loss report (`Item.loss`): how many
/// were lost and when. So the report lands in the journal where the gap is, after the entries
/// queued before the losses; when nothing else is logged, the report is the next item once the
/// queue has drained.
struct JournalQueue {
    /// What the writer sends next.
    enum Item: Equatable {
        /// A journal entry, encoded (`JournalDatagram`).
        case entry([UInt8])
        /// Entries were lost here: the writer sends an entry saying so.
        case loss(JournalLoss)
    }

    /// The most items that wait.
    let maximumEntries: Int
    /// The most bytes of entries that wait (an entry larger than this is still taken into an empty queue).
    let maximumBytes: Int
    /// Waiting items from `head` on; slots before it are spent.
    private var items: [Item?] = []
    private var head = 0
    /// Bytes of the waiting entries.
    private(set) var bytes = 0
    /// Losses not yet reported.
    private(set) var unreported: JournalLoss?

    /// An empty queue.
    init(maximumEntries: Int, maximumBytes: Int) {
        self.maximumEntries = max(1, maximumEntries)
        self.maximumBytes = max(1, maximumBytes)
    }

    /// How many items wait.
    var count: Int { items.count - head }

    /// Queues an entry, or counts it as lost when the queue is full.
    ///
    /// - Parameters:
    ///   - datagram: the encoded entry.
    ///   - now: the time, for the loss report (microseconds since 1970).
    /// - Returns: `false` when it was lost.
    mutating func append(_ datagram: [UInt8], now: UInt64) -> Bool {
        let slots = unreported == nil ? 1 : 2  // the loss report goes in first
        if count + slots > maximumEntries || (count > 0 && bytes + datagram.count > maximumBytes) {
            recordLoss(JournalLoss(at: now))
            return false
        }
        if let unreported {
            items.append(.loss(unreported))
            self.unreported = nil
        }
        items.append(.entry(datagram))
        bytes += datagram.count
        return true
    }

    /// Counts entries lost on the way (the writer could not send them).
    mutating func recordLoss(_ loss: JournalLoss) {
        if unreported == nil { unreported = loss } else { unreported!.merge(loss) }
    }

    /// Takes the next item: the first waiting, else the report of losses not yet reported.
    mutating func popFirst() -> Item? {
        guard head < items.count else {
            defer { unreported = nil }
            return unreported.map { .loss($0) }
        }
        let item = items[head]!
        items[head] = nil
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024, head * 2 >= items.count {
            items.removeFirst(head)  // amortised: each slot is moved at most once per compaction
            head = 0
        }
        if case .entry(let datagram) = item { bytes -= datagram.count }
        return item
    }
}
