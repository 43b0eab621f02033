import CoreMetrics
import Prometheus
import Synchronization

/// The server's metrics, through swift-metrics with a Prometheus registry of the server's own
/// (no process-wide bootstrap, so several servers can live in one test process).
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    private let subscriptions: CoreMetrics.Gauge
    private let activeCount = Atomic<Int>(0)

    init() {
        factory = PrometheusMetricsFactory(registry: registry)
        subscriptions = CoreMetrics.Gauge(label: "lantern_active_subscriptions", factory: factory)
    }

    /// Counts a finished request and records its latency.
    func record(operation: String, outcome: String, seconds: Double) {
        CoreMetrics.Counter(label: "lantern_graphql_requests_total", dimensions: [("operation", operation), ("outcome", outcome)],
                factory: factory).increment()
        CoreMetrics.Timer(label: "lantern_graphql_request_duration_seconds", dimensions: [("operation", operation)], factory: factory)
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    func subscriptionStarted() { subscriptions.record(activeCount.add(1, ordering: .relaxed).newValue) }
    func subscriptionEnded() { subscriptions.record(activeCount.subtract(1, ordering: .relaxed).newValue) }
    var activeSubscriptions: Int { activeCount.load(ordering: .relaxed) }

    /// The Prometheus text exposition, with the document cache's counters.
    func exposition(cacheHits: Int, cacheMisses: Int) -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        buffer.append(contentsOf: Array("""
        # TYPE lantern_document_cache_hits_total counter
        lantern_document_cache_hits_total \(cacheHits)
        # TYPE lantern_document_cache_misses_total counter
        lantern_document_cache_misses_total \(cacheMisses)

        """.utf8))
        return buffer
    }
}
