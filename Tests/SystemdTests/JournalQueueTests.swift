import Testing

@testable import Systemd

@Suite struct JournalQueueTests {
    /// Takes every item out of the queue.
    private func drain(_ queue: inout JournalQueue) -> [JournalQueue.Item] {
        var items: [JournalQueue.Item] = []
        while let item = queue.popFirst() { items.append(item) }
        return items
    }

    @Test func aFullQueueCountsLossesAndReportsThemBeforeTheNextEntry() {
        var queue = JournalQueue(maximumEntries: 3, maximumBytes: 1 << 20)
        let taken = (1...5).map { queue.append([UInt8($0)], now: UInt64(10 + $0)) }
        #expect(taken == [true, true, true, false, false])
        let first = queue.popFirst()
        #expect(first == .entry([1]))
        // One slot is free, but the report of the losses needs one too: the entry is lost as well.
        let tooSoon = queue.append([6], now: 16)
        #expect(!tooSoon)
        let second = queue.popFirst()
        #expect(second == .entry([2]))
        let afterRoom = queue.append([7], now: 17)
        #expect(afterRoom)
        #expect(queue.count == 3)
        #expect(drain(&queue) == [.entry([3]), .loss(JournalLoss(count: 3, first: 14, last: 16)), .entry([7])])
    }

    @Test func lossesWithNothingAfterThemAreReportedOnceTheQueueHasDrained() {
        var queue = JournalQueue(maximumEntries: 1, maximumBytes: 1 << 20)
        let taken = [queue.append([1], now: 10), queue.append([2], now: 20)]
        #expect(taken == [true, false])
        queue.recordLoss(JournalLoss(count: 3, first: 5, last: 30))  // the writer could not send three
        #expect(drain(&queue) == [.entry([1]), .loss(JournalLoss(count: 4, first: 5, last: 30))])
        #expect(queue.unreported == nil)
    }

    @Test func theQueueIsBoundedInBytesTooButTakesOneLargeEntryWhenEmpty() {
        var queue = JournalQueue(maximumEntries: 100, maximumBytes: 10)
        let taken = [
            queue.append([UInt8](repeating: 1, count: 6), now: 1),
            queue.append([UInt8](repeating: 2, count: 6), now: 2),
        ]
        #expect(taken == [true, false])
        #expect(queue.bytes == 6)
        _ = drain(&queue)
        #expect(queue.bytes == 0)
        let large = queue.append([UInt8](repeating: 3, count: 50), now: 3)
        #expect(large)
    }

    @Test func thousandsOfEntriesComeOutInOrder() {
        var queue = JournalQueue(maximumEntries: 5000, maximumBytes: 1 << 20)
        var next = 0
        var lost = 0
        for round in 0..<20 {
            for index in 0..<300 where !queue.append([UInt8(truncatingIfNeeded: round * 300 + index)], now: 0) {
                lost += 1
            }
            for _ in 0..<(round.isMultiple(of: 2) ? 400 : 100) {
                guard let item = queue.popFirst() else { break }
                #expect(item == .entry([UInt8(truncatingIfNeeded: next)]))
                next += 1
            }
        }
        #expect(lost == 0)
        #expect(queue.count == 6000 - next)
    }
}
