import CoreMetrics
import LanternDomain

/// Retention passes in `/metrics`: rows deleted by kind, and passes by outcome (a pass another
/// instance ran is `skipped`).
struct RetentionMetrics: Sendable {
    let factory: any MetricsFactory

    func record(_ pass: RetentionJob.Pass) {
        passes(pass.skipped ? "skipped" : "ran").increment()
        for (kind, count) in [("audit_entries", pass.auditEntries), ("archived_documents", pass.archivedDocuments), ("events", pass.events)] {
            CoreMetrics.Counter(label: "lantern_retention_deleted_total", dimensions: [("kind", kind)], factory: factory).increment(by: count)
        }
    }

    func failed() { passes("failed").increment() }

    private func passes(_ outcome: String) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: "lantern_retention_passes_total", dimensions: [("outcome", outcome)], factory: factory)
    }
}
