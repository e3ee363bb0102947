import ArticleStore
import Articles
import CoreMetrics
import Prometheus

/// The daemon's metrics for Prometheus: swift-metrics values backed by a swift-prometheus registry,
/// which renders them in the text format node_exporter's textfile collector reads
/// (`MetricsFile`). Names follow Prometheus' rules: base units, `_total` for counters, and no label
/// that grows with the articles (no ids, no file names).
public final class DaemonMetrics: Sendable {
    /// The registry every metric lives in.
    public let registry: PrometheusCollectorRegistry
    private let inputs: [FeedEvent: CoreMetrics.Counter]
    private let rejections: [RejectionReason: CoreMetrics.Counter]
    private let nearDuplicates: CoreMetrics.Counter
    private let ingestFailures: CoreMetrics.Counter
    private let journalEntriesLost: CoreMetrics.Counter
    private let storeArticles: CoreMetrics.Recorder
    private let inboxReady: CoreMetrics.Recorder
    private let inboxSettling: CoreMetrics.Recorder
    private let retrying: CoreMetrics.Recorder
    private let degraded: CoreMetrics.Recorder
    private let changesHeadSeq: CoreMetrics.Recorder
    private let lastIngest: CoreMetrics.Recorder
    private let ingestLatency: CoreMetrics.Timer

    /// The latency histogram's buckets: from a trickle's milliseconds to a backlog's minutes.
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
    ]

    /// Creates every metric, at zero, in a registry of its own.
    ///
    /// - Parameter version: the running newsdrop's version, for `newsdrop_build_info`.
    public init(version: String) {
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        // Made through the registry for their HELP lines, used through swift-metrics.
        func descriptor(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "newsdrop", metricName: name, unitName: unit, helpText: help)
        }
        func counter(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> CoreMetrics.Counter {
            let descriptor = descriptor(name, "total", help)
            return CoreMetrics.Counter(
                label: descriptor.name, dimensions: labels,
                handler: registry.makeCounter(descriptor: descriptor, labels: labels), factory: factory)
        }
        func gauge(
            _ name: String, _ unit: String, _ help: String, _ labels: [(String, String)] = []
        ) -> CoreMetrics.Recorder {
            let descriptor = descriptor(name, unit, help)
            return CoreMetrics.Recorder(
                label: descriptor.name, dimensions: labels, aggregate: false,
                handler: registry.makeGauge(descriptor: descriptor, labels: labels), factory: factory)
        }
        self.registry = registry
        inputs = Dictionary(
            uniqueKeysWithValues: FeedEvent.allCases.map { event in
                (
                    event,
                    counter(
                        "inputs", "Inputs whose outcome is durable, by outcome.",
                        [("outcome", event.rawValue)])
                )
            })
        rejections = Dictionary(
            uniqueKeysWithValues: RejectionReason.allCases.map { reason in
                (
                    reason,
                    counter(
                        "rejections", "Rejected inputs, by reason.", [("reason", reason.rawValue)])
                )
            })
        nearDuplicates = counter(
            "near_duplicates", "New articles that resemble stored ones (kept and linked, or diverted).")
        ingestFailures = counter(
            "ingest_failures", "Inputs that failed with a transient fault and wait to be retried.")
        journalEntriesLost = counter(
            "journal_entries_lost", "Log entries the journal did not take in time and that were dropped.")
        storeArticles = gauge("store_articles", "", "Articles in the store.")
        inboxReady = gauge("inbox_ready", "", "Inputs in the inbox ready to be taken.")
        inboxSettling = gauge("inbox_settling", "", "Inputs written in place, waiting to settle.")
        retrying = gauge("retrying", "", "Inputs waiting to be retried after a transient fault.")
        degraded = gauge("degraded", "", "1 while a transient fault keeps inputs from going through, else 0.")
        changesHeadSeq = gauge("changes_head_seq", "", "The seq of the newest changes-feed entry this daemon saw.")
        lastIngest = gauge(
            "last_ingest_timestamp", "seconds", "When the last input's outcome became durable (Unix time).")
        ingestLatency = CoreMetrics.Timer(
            label: "newsdrop_ingest_latency_seconds", dimensions: [],
            handler: registry.makeDurationHistogram(
                descriptor: descriptor(
                    "ingest_latency", "seconds", "From an input's arrival in the inbox to its outcome being durable."),
                labels: [], buckets: Self.latencyBuckets),
            factory: factory)
        gauge("build_info", "", "The running newsdrop's version (always 1).", [("version", version)]).record(1)
    }

    /// Counts one input whose outcome is durable.
    ///
    /// - Parameters:
    ///   - outcome: the outcome.
    ///   - latency: from its arrival in the inbox, when known.
    ///   - now: the time it became durable (Unix seconds).
    public func record(_ outcome: CommitOutcome, latency: Duration?, now: Double) {
        let event: FeedEvent
        switch outcome {
        case .stored, .nearDuplicate: event = .stored
        case .duplicate: event = .duplicate
        case .diverted: event = .diverted
        case .rejected(let rejection):
            event = .rejected
            rejections[rejection.reason]?.increment()
        }
        inputs[event]?.increment()
        if !outcome.nearDuplicates.isEmpty { nearDuplicates.increment() }
        if let latency { ingestLatency.recordNanoseconds(max(0, latency.nanoseconds)) }
        lastIngest.record(now)
    }

    /// Counts an input that failed with a transient fault.
    public func recordFailure() {
        ingestFailures.increment()
    }

    /// Counts log entries the journal did not take.
    public func recordJournalEntriesLost(_ count: Int) {
        journalEntriesLost.increment(by: count)
    }

    /// Sets the gauges from the daemon's status and the feed's head.
    public func update(from status: DaemonStatus, feedHead: Int) {
        if let articles = status.storeArticles { storeArticles.record(articles) }
        inboxReady.record(status.queue.ready)
        inboxSettling.record(status.queue.settling)
        retrying.record(status.queue.retrying)
        degraded.record(status.state == .degraded ? 1 : 0)
        changesHeadSeq.record(feedHead)
    }

    /// Every metric in the Prometheus text format.
    public func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}
