import CoreMetrics
import LanternDomain
import Logging
import LanternStore
import Tracing
import Instrumentation

/// The worker's counters, histograms and backlog gauges in the server's `/metrics` registry,
/// and its failures in the log.
struct BackgroundWorkMetrics: BackgroundWorkObserver {
    let factory: any MetricsFactory
    let logger: Logger
    private let escalations: CoreMetrics.Counter
    private let escalationLag: CoreMetrics.Timer
    private let escalationBacklog: CoreMetrics.Gauge
    private let webhookBacklog: CoreMetrics.Gauge

    init(factory: any MetricsFactory, logger: Logger) {
        self.factory = factory
        self.logger = logger
        escalations = CoreMetrics.Counter(label: "lantern_escalations_fired_total", factory: factory)
        escalationLag = CoreMetrics.Timer(label: "lantern_escalation_lag_seconds", factory: factory)
        escalationBacklog = CoreMetrics.Gauge(label: "lantern_outbox_backlog", dimensions: [("kind", "escalation")], factory: factory)
        webhookBacklog = CoreMetrics.Gauge(label: "lantern_outbox_backlog", dimensions: [("kind", "webhook")], factory: factory)
    }

    func escalationFired(lagMilliseconds: Int) {
        escalations.increment()
        escalationLag.recordMilliseconds(lagMilliseconds)
        if StatementTracing.isOn {
            // After the fact (the domain's worker knows no tracer): one span per level fired.
            let span = InstrumentationSystem.tracer.startSpan("escalation.fire", context: ServiceContext.topLevel, ofKind: .internal)
            span.attributes["lantern.escalation.lag_ms"] = lagMilliseconds
            span.end()
        }
    }

    func webhookAttempted(outcome: String, seconds: Double) {
        CoreMetrics.Counter(label: "lantern_webhook_attempts_total", dimensions: [("outcome", outcome)], factory: factory).increment()
        CoreMetrics.Timer(label: "lantern_webhook_attempt_duration_seconds", dimensions: [("outcome", outcome)], factory: factory)
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    func backlog(escalations: Int, webhooks: Int) {
        escalationBacklog.record(escalations)
        webhookBacklog.record(webhooks)
    }

    func failed(_ what: String, _ error: any Error) {
        logger.error("background work failed", metadata: ["while": "\(what)", "error": "\(DatabaseFailure.describe(error))"])
    }
}
