import ArticleStore
import FoundationEssentials
import SystemPackage

extension InboxDaemon {
    /// Brings the gauges up to date and rewrites the metrics file, when one is set.
    func writeMetrics(_ context: DaemonContext) {
        guard let path = configuration.metricsFile else { return }
        metrics.update(from: status, feedHead: context.store.feed.knownHead)
        do {
            try MetricsFile(path: path).write(metrics.render())
        } catch {
            logger.warning("cannot write the metrics file: \(error)")
        }
    }

    /// Counts an input whose outcome is durable, with its latency from its arrival in the inbox.
    func countForMetrics(_ outcome: CommitOutcome, arrival: Double?) {
        let now = Date().timeIntervalSince1970
        metrics.record(outcome, latency: arrival.map { .milliseconds(Int64((now - $0) * 1000)) }, now: now)
    }
}
