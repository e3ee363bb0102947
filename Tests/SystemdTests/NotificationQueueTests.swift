import Testing

@testable import Systemd

@Suite struct NotificationQueueTests {
    private let now = ContinuousClock.now

    @Test func aNewStatusReplacesOneStillWaitingAndGoesLast() {
        var queue = NotificationQueue()
        _ = queue.append([.status("queue 3")], now: now)
        _ = queue.append([.ready], now: now)
        _ = queue.append([.status("queue 2")], now: now)
        _ = queue.append([.status("queue 1")], now: now)
        #expect(queue.items.map(\.message) == ["READY=1", "STATUS=queue 1"])
    }

    @Test func aMessageCarryingAStatusMakesWaitingStatusesObsolete() {
        var queue = NotificationQueue()
        _ = queue.append([.status("queue 3")], now: now)
        _ = queue.append([.stopping, .status("stopping")], now: now)
        #expect(queue.items.map(\.message) == ["STOPPING=1\nSTATUS=stopping"])
    }

    @Test func oneWatchdogPingWaitsAtMostAndOtherMessagesKeepTheirOrder() {
        var queue = NotificationQueue()
        _ = queue.append([.extendTimeout(.seconds(30))], now: now)
        _ = queue.append([.watchdog], now: now)
        _ = queue.append([.extendTimeout(.seconds(30))], now: now)
        _ = queue.append([.watchdog], now: now)
        _ = queue.append([.ready, .status("watching")], now: now)
        _ = queue.append([.reloading], now: now)
        #expect(
            queue.items.map(\.message) == [
                "EXTEND_TIMEOUT_USEC=30000000", "WATCHDOG=1", "EXTEND_TIMEOUT_USEC=30000000",
                "READY=1\nSTATUS=watching", "RELOADING=1",
            ])
    }

    @Test func onlyStatusesAndWatchdogPingsExpire() {
        var queue = NotificationQueue(dropAfter: .seconds(5))
        _ = queue.append([.ready], now: now)
        _ = queue.append([.watchdog], now: now)
        _ = queue.append([.status("a")], now: now + .seconds(1))
        _ = queue.append([.stopping], now: now)
        #expect(queue.nextExpiry == now + .seconds(5))
        let expiredFirst = queue.removeExpired(now: now + .seconds(5))
        #expect(expiredFirst == 1)
        #expect(queue.items.map(\.message) == ["READY=1", "STATUS=a", "STOPPING=1"])
        let expiredLater = queue.removeExpired(now: now + .seconds(60))
        #expect(expiredLater == 1)
        #expect(queue.items.map(\.message) == ["READY=1", "STOPPING=1"])
        #expect(queue.nextExpiry == nil)
    }

    @Test func pastItsCapacityTheOldestMessageIsDropped() {
        var queue = NotificationQueue(capacity: 2)
        let dropped = [
            queue.append([.ready], now: now), queue.append([.reloading], now: now), queue.append([.stopping], now: now),
        ]
        #expect(dropped == [0, 0, 1])
        #expect(queue.items.map(\.message) == ["RELOADING=1", "STOPPING=1"])
        queue.remove(id: queue.first!.id)
        #expect(queue.items.map(\.message) == ["STOPPING=1"])
    }
}
