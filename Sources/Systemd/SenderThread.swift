#if canImport(Glibc)
    import Glibc
#endif

/// Starts the thread a sender (the notification queue, the journal writer) sends from: a plain
/// detached POSIX thread that lives as long as the process, so that its waits — for a slow reader —
/// never hold one of Swift concurrency's few cooperative threads or a Dispatch worker.
enum SenderThread {
    private final class Work {
        let body: () -> Void
        init(_ body: @escaping () -> Void) {
            self.body = body
        }
    }

    /// Starts `body` on a new detached thread.
    ///
    /// - Parameter body: what the thread runs.
    /// - Returns: `false` when no thread could be started.
    static func start(_ body: @escaping () -> Void) -> Bool {
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, context)
        guard started == 0 else {
            Unmanaged<Work>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        return true
    }
}
