/// What the domain needs from persistence. Every tenant-owned read and write names its tenant,
/// so no call can reach another tenant's rows; every change is written in one transaction
/// together with its timeline entry and audit entry.
public protocol DomainStore: Sendable {
    // MARK: Accounts
    /// Throws CONFLICT when the email is taken.
    func insertUser(_ user: User, passwordHash: String, audit: AuditEntry) async throws
    func userCredentials(email: String) async throws -> (user: User, passwordHash: String)?
    /// Replaces a user's password hash (a rehash with current parameters).
    func updatePasswordHash(_ user: UserID, to hash: String) async throws
    func users(ids: [UserID]) async throws -> [UserID: User]

    func insertSession(_ session: Session, refreshHash: String, audit: AuditEntry) async throws
    func session(id: SessionID) async throws -> Session?
    func session(refreshHash: String) async throws -> Session?
    /// The session that once had the refresh token `refreshHash` and has rotated it away.
    func session(retiredRefreshHash: String) async throws -> Session?
    /// Replaces the refresh token of a live session only if it still has `oldHash` (which is kept
    /// as retired, to recognise a replay); false otherwise.
    func rotateSession(_ id: SessionID, from oldHash: String, to newHash: String, expiresAt: Timestamp,
                       audit: AuditEntry) async throws -> Bool
    func revokeSession(_ id: SessionID, at: Timestamp, audit: AuditEntry) async throws
    /// Revokes every live session of `user` but `kept`; returns the ones revoked.
    func revokeSessions(of user: UserID, except kept: SessionID?, at: Timestamp, audit: AuditEntry) async throws -> [SessionID]

    // MARK: Tenants and members
    /// Throws CONFLICT when the slug is taken. The tenant starts with `dashboards`.
    func insertTenant(_ tenant: Tenant, owner: Membership, dashboards: [Dashboard], audit: AuditEntry) async throws
    func updateTenant(_ tenant: Tenant, audit: AuditEntry) async throws
    func tenant(slug: String) async throws -> Tenant?
    func tenants(ids: [TenantID]) async throws -> [TenantID: Tenant]
    func memberships(of user: UserID) async throws -> [Membership]
    func membership(tenant: TenantID, user: UserID) async throws -> Membership?
    func members(of tenant: TenantID) async throws -> [Membership]
    /// Throws CONFLICT when the user is already a member.
    func insertMembership(_ membership: Membership, audit: AuditEntry) async throws
    /// Removes `user`'s membership of `tenant` unless it is the tenant's last OWNER; false when
    /// there was no such membership or it was the last owner (see `membership` to tell apart).
    func deleteMembership(tenant: TenantID, user: UserID, audit: AuditEntry) async throws -> Bool

    // MARK: API keys
    func insertAPIKey(_ key: APIKey, secretHash: String, audit: AuditEntry) async throws
    func apiKeyCredentials(prefix: String) async throws -> (key: APIKey, secretHash: String)?
    func apiKeys(tenant: TenantID) async throws -> [APIKey]
    func markAPIKeyUsed(_ id: APIKeyID, at: Timestamp) async throws
    func revokeAPIKey(tenant: TenantID, id: APIKeyID, at: Timestamp, audit: AuditEntry) async throws -> APIKey?

    // MARK: Incidents
    /// Stores a new incident with the tenant's next number, and its event in the tenant's event
    /// log with the next sequence; returns the events as stored, the report first. A
    /// HIGH-urgency incident starts escalating under `escalationPolicy`, or without one under the
    /// tenant's route for its severity (else its default route), if there is one; its first
    /// level fires in the same transaction (the second event).
    func insertIncident(_ draft: Incident, entry: TimelineEntry, audit: AuditEntry,
                        escalationPolicy: EscalationPolicyID?) async throws -> [IncidentEvent]
    func incident(tenant: TenantID, id: IncidentID) async throws -> Incident?
    func incidents(tenant: TenantID, ids: [IncidentID]) async throws -> [IncidentID: Incident]
    /// Writes the incident's new state (with `incident.version`) and its event (with the next
    /// sequence) only if the stored version is still `expectedVersion`; nil if someone else
    /// changed it first. Acknowledging or resolving stops its escalation; reopening restarts it,
    /// firing level 1 at once (a second event). Every logged event also writes a webhook message
    /// per endpoint of the tenant that subscribes to its type.
    func updateIncident(_ incident: Incident, expectedVersion: Int, entry: TimelineEntry,
                        audit: AuditEntry) async throws -> [IncidentEvent]?
    /// Newest first.
    func incidents(tenant: TenantID, filter: IncidentFilter, first: Int, after: String?) async throws -> Page<Incident>
    /// Oldest first.
    func timeline(tenant: TenantID, incident: IncidentID, first: Int, after: String?) async throws -> Page<TimelineEntry>
    /// The first `first` timeline entries of each of several incidents, in one query.
    func firstTimelinePages(tenant: TenantID, incidents: [IncidentID], first: Int) async throws -> [IncidentID: Page<TimelineEntry>]
    /// Newest first.
    func auditLog(tenant: TenantID, first: Int, after: String?) async throws -> Page<AuditEntry>

    // MARK: Event log
    /// Logged events with a sequence in `(after, before)` that match `filter`, oldest first, at
    /// most `limit`.
    func loggedEvents(tenant: TenantID, after: Int, before: Int?, filter: EventFilter, limit: Int) async throws -> [IncidentEvent]
    /// How many logged events after `after` match `filter`.
    func countLoggedEvents(tenant: TenantID, after: Int, filter: EventFilter) async throws -> Int
    /// The last sequence given out and the last one retention deleted.
    func eventLogBounds(tenant: TenantID) async throws -> EventLogBounds
    /// Deletes up to `limit` events logged before `cutoff` (raising their tenants' floors first)
    /// of tenants without an event-log window of their own; returns how many it deleted.
    func deleteLoggedEvents(before cutoff: Timestamp, limit: Int) async throws -> Int

    // MARK: Operations
    /// The stored value of a setting, storing `initial` first if there is none (shared by every instance).
    func setting(_ key: String, initial: String) async throws -> String
    /// Throws unless the database answers.
    func ping() async throws
}

extension DomainStore {
    public func insertIncident(_ draft: Incident, entry: TimelineEntry, audit: AuditEntry) async throws -> IncidentEvent {
        try await insertIncident(draft, entry: entry, audit: audit, escalationPolicy: nil)[0]
    }
}

/// Delivers incident events to subscribers of their tenant, on this instance and (with
/// PostgreSQL) on every instance sharing the database.
public protocol IncidentEventBus: Sendable {
    /// Called after the change is committed.
    func publish(_ event: IncidentEvent) async
    /// Events of one tenant from now on, until the stream is dropped.
    func subscribe(tenant: TenantID) -> AsyncStream<IncidentEvent>
}
