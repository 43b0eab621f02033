/// A tenant's retention policy: OWNER reads and sets it (it decides what evidence is kept).
public struct RetentionService: Sendable {
    public let store: any RetentionStore
    /// The server's event-log window, for tenants without their own.
    public let defaultEventLogSeconds: Int

    public init(store: any RetentionStore, defaultEventLogSeconds: Int) {
        self.store = store
        self.defaultEventLogSeconds = defaultEventLogSeconds
    }

    public func policy(_ access: TenantAccess) async throws -> RetentionPolicy {
        try access.require(.owner, to: "read the retention policy")
        return try await store.retentionPolicy(tenant: access.tenant.id)
    }

    /// Each argument: nil keeps the current value, `.some(nil)` clears it (keep forever; the
    /// server's window for the event log), a number sets it.
    public func setPolicy(_ access: TenantAccess, auditLogDays: Int??, archivedDocumentDays: Int??, eventLogDays: Int??) async throws -> RetentionPolicy {
        try access.require(.owner, to: "set the retention policy")
        var policy = try await store.retentionPolicy(tenant: access.tenant.id)
        if let days = auditLogDays { policy.auditLogDays = try Self.check(days, RetentionPolicy.auditLogRange, "auditLogDays") }
        if let days = archivedDocumentDays {
            policy.archivedDocumentDays = try Self.check(days, RetentionPolicy.archivedDocumentRange, "archivedDocumentDays")
        }
        if let days = eventLogDays { policy.eventLogDays = try Self.check(days, RetentionPolicy.eventLogRange, "eventLogDays") }
        let now = Timestamp.now()
        policy.updatedAt = now
        try await store.setRetentionPolicy(tenant: access.tenant.id, policy,
                                           audit: access.audit("retention.set", "Tenant", access.tenant.id.rawValue, at: now))
        return policy
    }

    private static func check(_ days: Int?, _ range: ClosedRange<Int>, _ field: String) throws(DomainError) -> Int? {
        guard let days else { return nil }
        guard range.contains(days) else {
            throw .badInput("`\(field)` must be between \(range.lowerBound) and \(range.upperBound) days, or null; it is \(days).")
        }
        return days
    }
}
