import Foundation
import LanternDomain
import PostgresNIO
import SQLKit
import SQLiteNIO

/// The domain's store over SQLKit: the same SQL on SQLite and PostgreSQL. Every tenant-owned
/// query filters on `tenant_id`; every change runs in one transaction with its timeline and audit rows.
public struct SQLStore: DomainStore {
    public let database: Database

    public init(database: Database) { self.database = database }

    // MARK: Accounts

    public func insertUser(_ user: User, passwordHash: String, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await Self.unique("An account with this email already exists.") {
                try await db.raw("""
                    INSERT INTO users (id, email, name, password_hash, created_at)
                    VALUES (\(bind: user.id.rawValue), \(bind: user.email), \(bind: user.name), \(bind: passwordHash), \(bind: user.createdAt.milliseconds))
                    """).run()
            }
            try await Self.insertAudit(audit, db)
        }
    }

    public func userCredentials(email: String) async throws -> (user: User, passwordHash: String)? {
        try await database.read { db in
            guard let row = try await db.raw("SELECT * FROM users WHERE email = \(bind: email)").first() else { return nil }
            return (try Rows.user(row), try row.decode(column: "password_hash", as: String.self))
        }
    }

    public func updatePasswordHash(_ user: UserID, to hash: String) async throws {
        try await database.withConnection { db in
            try await db.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: user.rawValue)").run()
        }
    }

    public func users(ids: [UserID]) async throws -> [UserID: User] {
        try await rows(ids: ids, id: \.id, Rows.user) { keys in "SELECT * FROM users WHERE id IN (\(binds: keys))" }
    }

    public func insertSession(_ session: Session, refreshHash: String, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO sessions (id, user_id, refresh_hash, created_at, expires_at)
                VALUES (\(bind: session.id.rawValue), \(bind: session.userID.rawValue), \(bind: refreshHash),
                        \(bind: session.createdAt.milliseconds), \(bind: session.expiresAt.milliseconds))
                """).run()
            try await Self.insertAudit(audit, db)
        }
    }

    public func session(id: SessionID) async throws -> Session? {
        try await database.read { db in
            try await db.raw("SELECT * FROM sessions WHERE id = \(bind: id.rawValue)").first().map(Rows.session)
        }
    }

    public func session(refreshHash: String) async throws -> Session? {
        try await database.read { db in
            try await db.raw("SELECT * FROM sessions WHERE refresh_hash = \(bind: refreshHash)").first().map(Rows.session)
        }
    }

    public func session(retiredRefreshHash: String) async throws -> Session? {
        try await database.read { db in
            try await db.raw("""
                SELECT s.* FROM sessions s JOIN retired_refresh_tokens r ON r.session_id = s.id
                WHERE r.refresh_hash = \(bind: retiredRefreshHash)
                """).first().map(Rows.session)
        }
    }

    public func rotateSession(_ id: SessionID, from oldHash: String, to newHash: String, expiresAt: Timestamp,
                              audit: AuditEntry) async throws -> Bool {
        try await database.transaction { db in
            let rows = try await db.raw("""
                UPDATE sessions SET refresh_hash = \(bind: newHash), expires_at = \(bind: expiresAt.milliseconds)
                WHERE id = \(bind: id.rawValue) AND refresh_hash = \(bind: oldHash) AND revoked_at IS NULL
                RETURNING id
                """).all()
            guard !rows.isEmpty else { return false }
            try await db.raw("""
                INSERT INTO retired_refresh_tokens (refresh_hash, session_id, retired_at)
                VALUES (\(bind: oldHash), \(bind: id.rawValue), \(bind: audit.at.milliseconds))
                """).run()
            try await Self.insertAudit(audit, db)
            return true
        }
    }

    public func revokeSession(_ id: SessionID, at: Timestamp, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE sessions SET revoked_at = \(bind: at.milliseconds) WHERE id = \(bind: id.rawValue) AND revoked_at IS NULL").run()
            try await Self.insertAudit(audit, db)
        }
    }

    public func revokeSessions(of user: UserID, except kept: SessionID?, at: Timestamp, audit: AuditEntry) async throws -> [SessionID] {
        try await database.transaction { db in
            let keep = kept?.rawValue ?? ""
            let rows = try await db.raw("""
                UPDATE sessions SET revoked_at = \(bind: at.milliseconds)
                WHERE user_id = \(bind: user.rawValue) AND revoked_at IS NULL AND id <> \(bind: keep)
                RETURNING id
                """).all()
            try await Self.insertAudit(audit, db)
            return try rows.map { SessionID(try $0.decode(column: "id", as: String.self)) }
        }
    }

    // MARK: Tenants and members

    public func insertTenant(_ tenant: Tenant, owner: Membership, dashboards: [Dashboard], audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await Self.unique("A tenant with slug '\(tenant.slug)' already exists.") {
                try await db.raw("""
                    INSERT INTO tenants (id, slug, name, created_at, incident_seq)
                    VALUES (\(bind: tenant.id.rawValue), \(bind: tenant.slug), \(bind: tenant.name), \(bind: tenant.createdAt.milliseconds), 0)
                    """).run()
            }
            try await Self.insertMembership(owner, db)
            for dashboard in dashboards { try await Self.insertDashboard(dashboard, db) }
            try await Self.insertAudit(audit, db)
        }
    }

    public func updateTenant(_ tenant: Tenant, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE tenants SET name = \(bind: tenant.name), cost_budget = \(bind: tenant.costBudget) WHERE id = \(bind: tenant.id.rawValue)
                """).run()
            try await Self.insertAudit(audit, db)
        }
    }

    public func tenant(slug: String) async throws -> Tenant? {
        try await database.read { db in
            try await db.raw("SELECT * FROM tenants WHERE slug = \(bind: slug)").first().map(Rows.tenant)
        }
    }

    public func tenants(ids: [TenantID]) async throws -> [TenantID: Tenant] {
        try await rows(ids: ids, id: \.id, Rows.tenant) { keys in "SELECT * FROM tenants WHERE id IN (\(binds: keys))" }
    }

    public func memberships(of user: UserID) async throws -> [Membership] {
        try await database.read { db in
            try await db.raw("SELECT * FROM memberships WHERE user_id = \(bind: user.rawValue) ORDER BY created_at, id").all().map(Rows.membership)
        }
    }

    public func membership(tenant: TenantID, user: UserID) async throws -> Membership? {
        try await database.read { db in
            try await db.raw("""
                SELECT * FROM memberships WHERE tenant_id = \(bind: tenant.rawValue) AND user_id = \(bind: user.rawValue)
                """).first().map(Rows.membership)
        }
    }

    public func members(of tenant: TenantID) async throws -> [Membership] {
        try await database.read { db in
            try await db.raw("SELECT * FROM memberships WHERE tenant_id = \(bind: tenant.rawValue) ORDER BY created_at, id").all().map(Rows.membership)
        }
    }

    public func insertMembership(_ membership: Membership, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await Self.unique("That user is already a member of this tenant.") {
                try await Self.insertMembership(membership, db)
            }
            try await Self.insertAudit(audit, db)
        }
    }

    public func deleteMembership(tenant: TenantID, user: UserID, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { db in
            // The owner count is read by the same statement, so the last OWNER is never removed.
            let rows = try await db.raw("""
                DELETE FROM memberships
                WHERE tenant_id = \(bind: tenant.rawValue) AND user_id = \(bind: user.rawValue)
                  AND (role <> 'OWNER' OR (SELECT COUNT(*) FROM memberships o
                                           WHERE o.tenant_id = \(bind: tenant.rawValue) AND o.role = 'OWNER') > 1)
                RETURNING id
                """).all()
            guard !rows.isEmpty else { return false }
            try await Self.insertAudit(audit, db)
            return true
        }
    }

    private static func insertMembership(_ membership: Membership, _ db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO memberships (id, tenant_id, user_id, role, created_at)
            VALUES (\(bind: membership.id.rawValue), \(bind: membership.tenantID.rawValue), \(bind: membership.userID.rawValue),
                    \(bind: membership.role.rawValue), \(bind: membership.createdAt.milliseconds))
            """).run()
    }

    // MARK: API keys

    public func insertAPIKey(_ key: APIKey, secretHash: String, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO api_keys (id, tenant_id, name, role, prefix, secret_hash, created_by, created_at)
                VALUES (\(bind: key.id.rawValue), \(bind: key.tenantID.rawValue), \(bind: key.name), \(bind: key.role.rawValue),
                        \(bind: key.prefix), \(bind: secretHash), \(bind: key.createdBy?.rawValue), \(bind: key.createdAt.milliseconds))
                """).run()
            try await Self.insertAudit(audit, db)
        }
    }

    public func apiKeyCredentials(prefix: String) async throws -> (key: APIKey, secretHash: String)? {
        try await database.read { db in
            guard let row = try await db.raw("SELECT * FROM api_keys WHERE prefix = \(bind: prefix)").first() else { return nil }
            return (try Rows.apiKey(row), try row.decode(column: "secret_hash", as: String.self))
        }
    }

    public func apiKeys(tenant: TenantID) async throws -> [APIKey] {
        try await database.read { db in
            try await db.raw("SELECT * FROM api_keys WHERE tenant_id = \(bind: tenant.rawValue) ORDER BY created_at, id").all().map(Rows.apiKey)
        }
    }

    public func markAPIKeyUsed(_ id: APIKeyID, at: Timestamp) async throws {
        try await database.withConnection { db in
            try await db.raw("UPDATE api_keys SET last_used_at = \(bind: at.milliseconds) WHERE id = \(bind: id.rawValue)").run()
        }
    }

    public func revokeAPIKey(tenant: TenantID, id: APIKeyID, at: Timestamp, audit: AuditEntry) async throws -> APIKey? {
        try await database.transaction { db in
            guard let row = try await db.raw("""
                SELECT * FROM api_keys WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue)
                """).first() else { return nil }
            var key = try Rows.apiKey(row)
            if key.revokedAt == nil {
                try await db.raw("UPDATE api_keys SET revoked_at = \(bind: at.milliseconds) WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue)").run()
                key.revokedAt = at
            }
            try await Self.insertAudit(audit, db)
            return key
        }
    }

    // MARK: Incidents

    public func insertIncident(_ draft: Incident, entry: TimelineEntry, audit: AuditEntry,
                               escalationPolicy: EscalationPolicyID?) async throws -> [IncidentEvent] {
        try await database.transaction { db in
            guard let row = try await db.raw("""
                UPDATE tenants SET incident_seq = incident_seq + 1, event_seq = event_seq + 1
                WHERE id = \(bind: draft.tenantID.rawValue) RETURNING incident_seq, event_seq
                """).first() else { throw DomainError.notFound("Tenant") }
            var incident = draft
            incident.number = try row.decode(column: "incident_seq", as: Int.self)
            try await db.raw("""
                INSERT INTO incidents (id, tenant_id, number, title, description, severity, status, reporter_id, assignee_id,
                                       tags, created_at, updated_at, acknowledged_at, first_acknowledged_at, resolved_at, resolution, version, urgency)
                VALUES (\(bind: incident.id.rawValue), \(bind: incident.tenantID.rawValue), \(bind: incident.number),
                        \(bind: incident.title), \(bind: incident.description), \(bind: incident.severity.rawValue),
                        \(bind: incident.status.rawValue), \(bind: incident.reporterID?.rawValue), \(bind: incident.assigneeID?.rawValue),
                        \(bind: Rows.encodeTags(incident.tags)), \(bind: incident.createdAt.milliseconds), \(bind: incident.updatedAt.milliseconds),
                        \(bind: incident.acknowledgedAt?.milliseconds), \(bind: incident.firstAcknowledgedAt?.milliseconds),
                        \(bind: incident.resolvedAt?.milliseconds), \(bind: incident.resolution), \(bind: incident.version),
                        \(bind: incident.urgency.rawValue))
                """).run()
            for tag in incident.tags {
                try await db.raw("""
                    INSERT INTO incident_tags (tenant_id, incident_id, tag)
                    VALUES (\(bind: incident.tenantID.rawValue), \(bind: incident.id.rawValue), \(bind: tag))
                    """).run()
            }
            try await Self.startEscalation(incident, explicit: escalationPolicy, now: incident.createdAt, db)
            try await Self.insertTimeline(entry, db)
            try await Self.insertAudit(audit, db)
            let event = IncidentEvent(entry: entry, incident: incident, sequence: try row.decode(column: "event_seq", as: Int.self))
            try await Self.appendToEventLog(event, db)
            // A millisecond after the report, so the timeline (by time) shows the report first.
            let firing = Timestamp(milliseconds: incident.createdAt.milliseconds + 1)
            guard let escalated = try await Self.fireFirstLevel(of: incident, now: firing, db) else { return [event] }
            return [event, escalated]
        }
    }

    public func incident(tenant: TenantID, id: IncidentID) async throws -> Incident? {
        try await database.read { db in
            try await db.raw("""
                SELECT * FROM incidents WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue)
                """).first().map(Rows.incident)
        }
    }

    public func incidents(tenant: TenantID, ids: [IncidentID]) async throws -> [IncidentID: Incident] {
        try await rows(ids: ids, id: \.id, Rows.incident) { keys in
            "SELECT * FROM incidents WHERE tenant_id = \(bind: tenant.rawValue) AND id IN (\(binds: keys))"
        }
    }

    public func updateIncident(_ incident: Incident, expectedVersion: Int, entry: TimelineEntry,
                               audit: AuditEntry) async throws -> [IncidentEvent]? {
        try await database.transaction { db in
            let updated = try await db.raw("""
                UPDATE incidents SET status = \(bind: incident.status.rawValue), assignee_id = \(bind: incident.assigneeID?.rawValue),
                    updated_at = \(bind: incident.updatedAt.milliseconds), acknowledged_at = \(bind: incident.acknowledgedAt?.milliseconds),
                    first_acknowledged_at = \(bind: incident.firstAcknowledgedAt?.milliseconds),
                    resolved_at = \(bind: incident.resolvedAt?.milliseconds), resolution = \(bind: incident.resolution),
                    version = \(bind: incident.version)
                WHERE tenant_id = \(bind: incident.tenantID.rawValue) AND id = \(bind: incident.id.rawValue)
                    AND version = \(bind: expectedVersion)
                RETURNING id
                """).all()
            guard !updated.isEmpty else { return nil }
            try await Self.adjustEscalation(after: entry.kind, incident, now: entry.at, db)
            try await Self.insertTimeline(entry, db)
            try await Self.insertAudit(audit, db)
            // Only now (the change is certain) take the tenant's next sequence: its row stays
            // held until this transaction commits, so sequences follow commit order.
            guard let row = try await db.raw("""
                UPDATE tenants SET event_seq = event_seq + 1 WHERE id = \(bind: incident.tenantID.rawValue) RETURNING event_seq
                """).first() else { throw DomainError.notFound("Tenant") }
            let event = IncidentEvent(entry: entry, incident: incident, sequence: try row.decode(column: "event_seq", as: Int.self))
            try await Self.appendToEventLog(event, db)
            guard entry.kind == .reopened,
                  let escalated = try await Self.fireFirstLevel(of: incident, now: Timestamp(milliseconds: entry.at.milliseconds + 1), db) else {
                return [event]
            }
            return [event, escalated]
        }
    }

    public func incidents(tenant: TenantID, filter: IncidentFilter, first: Int, after: String?) async throws -> Page<Incident> {
        let conditions: [SQLQueryString] = ["tenant_id = \(bind: tenant.rawValue)"] + Self.conditions(filter, tenant: tenant)
        let matching = conditions.joined(separator: " AND ")
        var paged = conditions
        if let after {
            guard let number = Cursor.decode(after, kind: "incident", parts: 1).flatMap({ Int($0[0]) }) else { throw Cursor.invalid }
            paged.append("number < \(bind: number)")
        }
        return try await page(from: "incidents", matching: matching, paged: paged.joined(separator: " AND "),
                              order: "number DESC", first: first, hadCursor: after != nil, Rows.incident) {
            Cursor.encode(kind: "incident", [String($0.number)])
        }
    }

    public func timeline(tenant: TenantID, incident: IncidentID, first: Int, after: String?) async throws -> Page<TimelineEntry> {
        let matching: SQLQueryString = "tenant_id = \(bind: tenant.rawValue) AND incident_id = \(bind: incident.rawValue)"
        var paged = matching
        if let after {
            guard let parts = Cursor.decode(after, kind: "timeline", parts: 2), let at = Int(parts[0]) else { throw Cursor.invalid }
            paged = paged + " AND (at > \(bind: at) OR (at = \(bind: at) AND id > \(bind: parts[1])))"
        }
        return try await page(from: "timeline_entries", matching: matching, paged: paged, order: "at, id", first: first,
                              hadCursor: after != nil, Rows.timelineEntry, cursor: Cursor.timeline)
    }

    public func firstTimelinePages(tenant: TenantID, incidents: [IncidentID], first: Int) async throws -> [IncidentID: Page<TimelineEntry>] {
        let keys = Array(Set(incidents.map(\.rawValue)))
        guard !keys.isEmpty else { return [:] }
        let first = min(max(first, 0), Paging.maximumSize)
        return try await database.read { db in
            let rows = try await db.raw("""
                SELECT * FROM (
                    SELECT t.*, ROW_NUMBER() OVER (PARTITION BY incident_id ORDER BY at, id) AS position,
                           COUNT(*) OVER (PARTITION BY incident_id) AS total
                    FROM timeline_entries t
                    WHERE tenant_id = \(bind: tenant.rawValue) AND incident_id IN (\(binds: keys))
                ) ranked
                WHERE position <= \(literal: first)
                ORDER BY incident_id, at, id
                """).all()
            var entries: [IncidentID: [TimelineEntry]] = [:], totals: [IncidentID: Int] = [:]
            for row in rows {
                let entry = try Rows.timelineEntry(row)
                entries[entry.incidentID, default: []].append(entry)
                totals[entry.incidentID] = try row.decode(column: "total", as: Int.self)
            }
            var pages: [IncidentID: Page<TimelineEntry>] = [:]
            for key in keys {
                let id = IncidentID(key), items = entries[id] ?? [], total = totals[id] ?? 0
                pages[id] = Page(items: items, cursors: items.map(Cursor.timeline),
                                 hasNextPage: total > items.count, hasPreviousPage: false, totalCount: total)
            }
            return pages
        }
    }

    public func auditLog(tenant: TenantID, first: Int, after: String?) async throws -> Page<AuditEntry> {
        let matching: SQLQueryString = "tenant_id = \(bind: tenant.rawValue)"
        var paged = matching
        if let after {
            guard let parts = Cursor.decode(after, kind: "audit", parts: 2), let at = Int(parts[0]) else { throw Cursor.invalid }
            paged = paged + " AND (at < \(bind: at) OR (at = \(bind: at) AND id < \(bind: parts[1])))"
        }
        return try await page(from: "audit_entries", matching: matching, paged: paged, order: "at DESC, id DESC", first: first,
                              hadCursor: after != nil, Rows.auditEntry) {
            Cursor.encode(kind: "audit", [String($0.at.milliseconds), $0.id.rawValue])
        }
    }

    // MARK: Operations

    public func setting(_ key: String, initial: String) async throws -> String {
        try await database.transaction { db in
            if let row = try await db.raw("SELECT value FROM settings WHERE key = \(bind: key)").first() {
                return try row.decode(column: "value", as: String.self)
            }
            try await db.raw("INSERT INTO settings (key, value) VALUES (\(bind: key), \(bind: initial)) ON CONFLICT (key) DO NOTHING").run()
            return try await db.raw("SELECT value FROM settings WHERE key = \(bind: key)").first()?
                .decode(column: "value", as: String.self) ?? initial
        }
    }

    public func ping() async throws { try await database.ping() }

    // MARK: Shared reads and writes

    /// Rows by id (deduplicated; none asked, no statement), keyed by their id.
    func rows<Key: Hashable, Item: Sendable>(
        ids: [EntityID<Key>], id: (Item) -> EntityID<Key>, _ decode: @escaping @Sendable (any SQLRow) throws -> Item,
        query: @Sendable ([String]) -> SQLQueryString
    ) async throws -> [EntityID<Key>: Item] {
        let keys = Array(Set(ids.map(\.rawValue)))
        guard !keys.isEmpty else { return [:] }
        let items = try await database.read { db in try await db.raw(query(keys)).all().map(decode) }
        return Dictionary(items.map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// One page of `table`: the total `matching` counts, then up to `first` rows of `paged` in
    /// `order` (one more is read to know whether there is a next page).
    func page<Item: Sendable>(
        from table: String, matching: SQLQueryString, paged: SQLQueryString, order: String, first: Int, hadCursor: Bool,
        _ decode: @escaping @Sendable (any SQLRow) throws -> Item, cursor: @escaping @Sendable (Item) -> String
    ) async throws -> Page<Item> {
        let first = min(max(first, 0), Paging.maximumSize)  // callers clamp too; the store never trusts a size
        // Two statements, each seeing what was committed when it began (as on PostgreSQL): a
        // write between them can make the total differ by one from the page, never corrupt it.
        return try await database.read { db in
            let total = try await db.raw("SELECT COUNT(*) AS total FROM \(ident: table) WHERE \(matching)").first()?
                .decode(column: "total", as: Int.self) ?? 0
            let rows = try await db.raw("""
                SELECT * FROM \(ident: table) WHERE \(paged) ORDER BY \(unsafeRaw: order) LIMIT \(literal: first + 1)
                """).all()
            let items = try rows.prefix(first).map(decode)
            return Page(items: items, cursors: items.map(cursor), hasNextPage: rows.count > first,
                        hasPreviousPage: hadCursor, totalCount: total)
        }
    }

    /// The conditions of an incident filter, on the columns of `incidents` (qualified by
    /// `table`, such as `"i."`, when the query names it).
    static func conditions(_ filter: IncidentFilter, tenant: TenantID, table: String = "") -> [SQLQueryString] {
        var conditions: [SQLQueryString] = []
        if let status = filter.status { conditions.append("\(unsafeRaw: table)status = \(bind: status.rawValue)") }
        if let severity = filter.severity { conditions.append("\(unsafeRaw: table)severity = \(bind: severity.rawValue)") }
        if let assignee = filter.assigneeID { conditions.append("\(unsafeRaw: table)assignee_id = \(bind: assignee.rawValue)") }
        if let tag = filter.tag {
            conditions.append("""
                \(unsafeRaw: table)id IN (SELECT incident_id FROM incident_tags WHERE tenant_id = \(bind: tenant.rawValue) AND tag = \(bind: tag.lowercased()))
                """)
        }
        return conditions
    }

    // MARK: Shared writes

    static func insertTimeline(_ entry: TimelineEntry, _ db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO timeline_entries (id, tenant_id, incident_id, kind, actor_user_id, actor_key_id, at, message, assignee_id, level)
            VALUES (\(bind: entry.id.rawValue), \(bind: entry.tenantID.rawValue), \(bind: entry.incidentID.rawValue),
                    \(bind: entry.kind.rawValue), \(bind: entry.actor.userID?.rawValue), \(bind: entry.actor.apiKeyID?.rawValue),
                    \(bind: entry.at.milliseconds), \(bind: entry.message), \(bind: entry.assigneeID?.rawValue), \(bind: entry.level))
            """).run()
    }

    static func insertAudit(_ entry: AuditEntry, _ db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO audit_entries (id, tenant_id, actor_user_id, actor_key_id, action, target_type, target_id, at, request_id,
                                       details)
            VALUES (\(bind: entry.id.rawValue), \(bind: entry.tenantID?.rawValue), \(bind: entry.actor?.userID?.rawValue),
                    \(bind: entry.actor?.apiKeyID?.rawValue), \(bind: entry.action), \(bind: entry.targetType),
                    \(bind: entry.targetID), \(bind: entry.at.milliseconds), \(bind: entry.requestID), \(bind: entry.details))
            """).run()
    }

    /// Runs `body`, turning a unique-constraint violation into CONFLICT with `message`.
    static func unique(_ message: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as SQLiteError where error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed || error.reason == .constraint {
            throw DomainError.conflict(message)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw DomainError.conflict(message)
        }
    }
}
