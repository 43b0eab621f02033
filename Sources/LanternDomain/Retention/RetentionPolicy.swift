/// How long a tenant keeps what may be deleted: audit entries and archived documents (nil:
/// forever) and logged incident events (nil: the server's window). Incidents are never deleted.
public struct RetentionPolicy: Sendable, Hashable {
    public var auditLogDays: Int?
    public var archivedDocumentDays: Int?
    public var eventLogDays: Int?
    public var updatedAt: Timestamp?

    public init(auditLogDays: Int? = nil, archivedDocumentDays: Int? = nil, eventLogDays: Int? = nil, updatedAt: Timestamp? = nil) {
        self.auditLogDays = auditLogDays
        self.archivedDocumentDays = archivedDocumentDays
        self.eventLogDays = eventLogDays
        self.updatedAt = updatedAt
    }

    /// Audit entries are evidence: at least 30 days.
    public static let auditLogRange = 30...36_500
    public static let archivedDocumentRange = 1...36_500
    public static let eventLogRange = 1...365
}

/// What retention needs from persistence.
public protocol RetentionStore: Sendable {
    func retentionPolicy(tenant: TenantID) async throws -> RetentionPolicy
    func setRetentionPolicy(tenant: TenantID, _ policy: RetentionPolicy, audit: AuditEntry) async throws
    /// Every tenant that has a policy of its own.
    func retentionPolicies() async throws -> [TenantID: RetentionPolicy]
    /// Takes the job `name` until `until` if no one holds it at `now`; false when someone does.
    func claimJob(_ name: String, until: Timestamp, now: Timestamp) async throws -> Bool
    /// Deletes up to `limit` of the tenant's audit entries from before `cutoff`; returns how many.
    func deleteAuditEntries(tenant: TenantID, before cutoff: Timestamp, limit: Int) async throws -> Int
    /// Deletes up to `limit` of the tenant's documents archived before `cutoff`, with their
    /// versions, links and search entries; returns how many.
    func purgeArchivedDocuments(tenant: TenantID, archivedBefore cutoff: Timestamp, limit: Int) async throws -> Int
    /// Deletes up to `limit` of the tenant's logged events from before `cutoff` (raising its floor).
    func deleteLoggedEvents(tenant: TenantID, before cutoff: Timestamp, limit: Int) async throws -> Int
    func recordAudit(_ entry: AuditEntry) async throws
}
