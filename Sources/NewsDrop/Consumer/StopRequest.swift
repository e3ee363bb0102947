import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// SIGTERM and SIGINT, received through Dispatch signal sources, as a flag to check between
/// entries and a descriptor that becomes readable, to end a blocking wait at once.
// @unchecked: `sources` is set once in `init` and only cancelled in `deinit`; the rest is atomic.
public final class StopRequest: @unchecked Sendable {
    private let requested = Atomic<Bool>(false)
    private let sources: [any DispatchSourceSignal]
    private let pipeEnds: (read: Int32, write: Int32)

    /// Starts listening for SIGTERM and SIGINT.
    public init() {
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        pipeEnds = (ends[0], ends[1])
        let queue = DispatchQueue(label: "newsdrop.stop-request")
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            // Dispatch installs its own handler once the source runs; ignore the default first.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            sources.append(source)
        }
        self.sources = sources
        for source in sources {
            source.setEventHandler { [self] in request() }
            source.resume()
        }
    }

    deinit {
        for source in sources { source.cancel() }
        close(pipeEnds.read)
        close(pipeEnds.write)
    }

    /// Whether a stop was asked for.
    public var isRequested: Bool { requested.load(ordering: .relaxed) }

    /// Readable once a stop was asked for.
    public var descriptor: Int32 { pipeEnds.read }

    /// Asks for a stop (as the signals do).
    public func request() {
        requested.store(true, ordering: .relaxed)
        var byte: UInt8 = 1
        _ = write(pipeEnds.write, &byte, 1)
    }
}
