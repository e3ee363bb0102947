import SystemPackage
import Testing

@testable import Inbox

/// The bounded queue of names ready to be claimed.
@Suite struct ReadyQueueTests {
    private func name(_ number: Int) -> FilePath.Component {
        FilePath.Component(String(1_000_000 + number) + "_2a12523330ba2c24.txt")!
    }

    @Test func namesComeOutInArrivalOrderEachOnce() {
        var queue = ReadyQueue(capacity: 100)
        let added = [name(1), name(2), name(1), name(3)].map { queue.append($0) }
        #expect(added == [true, true, false, true])
        #expect(queue.count == 3)
        #expect(queue.contains(name(2)))
        #expect(!queue.contains(name(4)))
        let firstTwo = queue.take(2)
        #expect(firstTwo == [name(1), name(2)])
        #expect(!queue.contains(name(1)))
        #expect(queue.contains(name(3)))
        // A name taken may come again (a file dropped anew under the same name).
        let addedAgain = queue.append(name(1))
        #expect(addedAgain)
        let rest = queue.take(10)
        #expect(rest == [name(3), name(1)])
        #expect(queue.count == 0)
        let none = queue.take(10)
        #expect(none.isEmpty)
    }

    @Test func namesThatDifferOnlyInLengthOrBytesAreApart() {
        var queue = ReadyQueue(capacity: 100)
        let names = ["a", "ab", "abc", "b", "é.txt", "e\u{301}.txt", "a.txt", "a.tx"].map { FilePath.Component($0)! }
        let added = names.map { queue.append($0) }
        #expect(added.allSatisfy { $0 })
        for name in names { #expect(queue.contains(name)) }
        #expect(!queue.contains(FilePath.Component("abcd")))
        let taken = queue.take(100)
        #expect(taken == names)
    }

    @Test func bytesThatAreNotUTF8ComeBackUnchanged() {
        var queue = ReadyQueue(capacity: 10)
        let raw: [CChar] = [0x61, -1, 0x62, -0x3E, 0]  // "a\xFFb\xC2": not valid UTF-8
        let name = FilePath.Component(platformString: raw)!
        let added = queue.append(name)
        #expect(added)
        #expect(queue.contains(name))
        let taken = queue.take(1)
        #expect(taken == [name])
        taken[0].withPlatformString { #expect(Array(UnsafeBufferPointer(start: $0, count: 5)) == raw) }
    }

    @Test func aFullQueueLeavesNamesOutAndAsksForARefillOnceDrainedToAQuarter() {
        var queue = ReadyQueue(capacity: 8)
        for number in 0..<10 { queue.append(name(number)) }
        #expect(queue.isFull)
        #expect(queue.leftOut)
        #expect(!queue.contains(name(8)))
        _ = queue.take(5)
        let early = queue.takeRefillRequest()
        #expect(!early)
        _ = queue.take(1)
        let due = queue.takeRefillRequest()
        let again = queue.takeRefillRequest()
        #expect(due)
        #expect(!again)
    }

    @Test func aLongStreamThroughAFullQueueKeepsOrderAndMembership() {
        // Many more names than the queue holds pass through it, taken in uneven bites: the taken
        // entries are dropped and the table rebuilt many times on the way.
        let names = (0..<5_000).map(name)
        var queue = ReadyQueue(capacity: 800)
        var taken: [FilePath.Component] = []
        var next = 0
        var round = 0
        while taken.count < names.count {
            while next < names.count, !queue.isFull, next < taken.count + 700 + round * 3 {
                let added = queue.append(names[next])
                #expect(added)
                next += 1
            }
            if next > 0 {
                // Re-offering a waiting name adds nothing.
                let addedTwice = queue.append(names[next - 1])
                #expect(!addedTwice)
            }
            taken += queue.take(90 + (round % 5) * 40)
            if let last = taken.last { #expect(!queue.contains(last)) }
            if next > taken.count { #expect(queue.contains(names[taken.count])) }
            round += 1
        }
        #expect(taken == names)
        #expect(queue.count == 0)
    }
}
