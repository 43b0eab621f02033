/// Deletes what retention allows, every `interval`, in small batches (each its own transaction,
/// so writers are never held up for long): logged events beyond the server's window for tenants
/// without a policy, and for tenants with one, their old audit entries, long-archived documents
/// and events beyond their own window — then one audit entry per such tenant with the counts.
/// One instance runs each pass (a lease in the database); incidents are never deleted.
public struct RetentionJob: Sendable {
    public struct Pass: Sendable, Hashable {
        public var auditEntries = 0
        public var archivedDocuments = 0
        public var events = 0
        public var skipped = false

        public init() {}
    }

    public let store: any RetentionStore
    /// The default window (tenants without `eventLogDays`).
    public let events: EventLogRetention
    public let interval: Duration
    public let batchSize: Int

    public init(store: any RetentionStore, events: EventLogRetention, interval: Duration, batchSize: Int = 500) {
        self.store = store
        self.events = events
        self.interval = interval
        self.batchSize = batchSize
    }

    /// One pass, unless another instance holds this interval's lease (`skipped`).
    public func pass(now: Timestamp = .now()) async throws -> Pass {
        var total = Pass()
        let seconds = Int(interval.components.seconds)
        // The lease lasts most of an interval: one pass per interval across instances.
        guard try await store.claimJob("retention", until: now.adding(seconds: max(1, seconds * 9 / 10)), now: now) else {
            total.skipped = true
            return total
        }
        total.events += try await events.trim(now: now)
        for (tenant, policy) in try await store.retentionPolicies().sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            var counts = Pass()
            if let days = policy.auditLogDays {
                counts.auditEntries = try await drain { try await store.deleteAuditEntries(tenant: tenant, before: now.adding(seconds: -days * 86_400), limit: $0) }
            }
            if let days = policy.archivedDocumentDays {
                counts.archivedDocuments = try await drain {
                    try await store.purgeArchivedDocuments(tenant: tenant, archivedBefore: now.adding(seconds: -days * 86_400), limit: $0)
                }
            }
            if let days = policy.eventLogDays {
                counts.events = try await drain { try await store.deleteLoggedEvents(tenant: tenant, before: now.adding(seconds: -days * 86_400), limit: $0) }
            }
            guard counts.auditEntries + counts.archivedDocuments + counts.events > 0 else { continue }
            try await store.recordAudit(AuditEntry(
                tenantID: tenant, actor: .system, action: "retention.purge", targetType: "Tenant", targetID: tenant.rawValue, at: now,
                requestID: nil,
                details: "Deleted \(counts.auditEntries) audit entries, \(counts.archivedDocuments) archived documents and \(counts.events) logged events."))
            total.auditEntries += counts.auditEntries
            total.archivedDocuments += counts.archivedDocuments
            total.events += counts.events
        }
        return total
    }

    private func drain(_ batch: (Int) async throws -> Int) async throws -> Int {
        try await EventLogRetention.drain(batchSize: batchSize, batch)
    }

    /// A pass every `interval` until cancelled; `onPass` hears each pass or error.
    public func run(onPass: @Sendable (Result<Pass, any Error>) -> Void = { _ in }) async {
        while !Task.isCancelled {
            do { onPass(.success(try await pass())) } catch { onPass(.failure(error)) }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
