import SystemPackage
import Systemd
import Testing

@Suite struct NotifyStateTests {
    @Test func everyStateRendersItsWireString() {
        #expect(NotifyState.ready.wireString == "READY=1")
        #expect(NotifyState.reloading.wireString == "RELOADING=1")
        #expect(NotifyState.stopping.wireString == "STOPPING=1")
        #expect(NotifyState.watchdog.wireString == "WATCHDOG=1")
        #expect(NotifyState.watchdogTrigger.wireString == "WATCHDOG=trigger")
        #expect(NotifyState.status("watching · queue 0").wireString == "STATUS=watching · queue 0")
        #expect(NotifyState.status("two\nlines").wireString == "STATUS=two lines")
        #expect(NotifyState.errno(.noSpace).wireString == "ERRNO=28")
        #expect(NotifyState.extendTimeout(.seconds(30)).wireString == "EXTEND_TIMEOUT_USEC=30000000")
        #expect(NotifyState.extendTimeout(.milliseconds(1500)).wireString == "EXTEND_TIMEOUT_USEC=1500000")
        #expect(NotifyState.watchdogInterval(.seconds(10)).wireString == "WATCHDOG_USEC=10000000")
        #expect(NotifyState.mainPID(42).wireString == "MAINPID=42")
        #expect(NotifyState.custom(key: "X_NEWSDROP", value: "1").wireString == "X_NEWSDROP=1")
        let monotonic = NotifyState.monotonicNow.wireString
        #expect(monotonic.hasPrefix("MONOTONIC_USEC="))
        #expect((Int64(monotonic.dropFirst("MONOTONIC_USEC=".count)) ?? 0) > 0)
    }

    @Test func severalStatesGoInOneMessageOnePerLine() {
        #expect(
            NotifyState.message([.reloading, .custom(key: "MONOTONIC_USEC", value: "5")])
                == "RELOADING=1\nMONOTONIC_USEC=5")
    }
}
