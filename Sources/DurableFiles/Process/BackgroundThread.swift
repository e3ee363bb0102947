import CLinux

/// Runs work on a thread of its own at the lowest CPU priority (nice 19), so that it uses only
/// CPU time the ingest path leaves over: the start-up survey of a large store walks every shard
/// folder (with 850,000 articles stored it took a fifth of the CPU of the first batch after start-up).
public enum BackgroundThread {
    private final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts `body` on a new low-priority thread; runs it on the calling thread when no thread
    /// can be started.
    public static func start(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        let started = newsdrop_start_background_thread(
            { context in
                Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().body()
            }, context)
        if started != 0 { Unmanaged<Work>.fromOpaque(context).takeRetainedValue().body() }
    }
}
