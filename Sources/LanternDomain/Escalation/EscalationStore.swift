/// What escalation policies, routing and notifications need from persistence. Every read and
/// write names its tenant; every change is one transaction with its audit entry.
public protocol EscalationStore: Sendable {
    /// By name.
    func escalationPolicies(tenant: TenantID) async throws -> [EscalationPolicy]
    func escalationPolicies(tenant: TenantID, ids: [EscalationPolicyID]) async throws -> [EscalationPolicyID: EscalationPolicy]
    func insertEscalationPolicy(_ policy: EscalationPolicy, audit: AuditEntry) async throws
    /// Nil when there is no such policy.
    func updateEscalationPolicy(_ policy: EscalationPolicy, audit: AuditEntry) async throws -> EscalationPolicy?
    /// Deletes the policy and the routes naming it, and stops escalations running under it;
    /// false when there was none.
    func deleteEscalationPolicy(tenant: TenantID, id: EscalationPolicyID, at: Timestamp, audit: AuditEntry) async throws -> Bool
    /// Severity name (or `*` for the default) → policy id.
    func escalationRoutes(tenant: TenantID) async throws -> [String: EscalationPolicyID]
    /// Replaces every route of the tenant.
    func replaceEscalationRoutes(tenant: TenantID, routes: [String: EscalationPolicyID], audit: AuditEntry) async throws
    func incidentEscalations(tenant: TenantID, incidents: [IncidentID]) async throws -> [IncidentID: IncidentEscalation]

    /// Newest first.
    func notifications(tenant: TenantID, user: UserID, unreadOnly: Bool, first: Int, after: String?) async throws -> Page<UserNotification>
    /// The user's notifications created by events after `sequence`, oldest first.
    func notifications(tenant: TenantID, user: UserID, afterSequence sequence: Int, limit: Int) async throws -> [UserNotification]
    /// Marks the user's notifications `ids` read at `at` (keeping earlier read times), in the
    /// order asked; NOT_FOUND, changing none, unless every id is one of them.
    func markNotificationsRead(tenant: TenantID, user: UserID, ids: [NotificationID], at: Timestamp) async throws -> [UserNotification]
}
