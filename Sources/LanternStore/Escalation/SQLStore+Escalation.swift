import Foundation
import LanternDomain
import SQLKit

/// Escalation policies, routes, incidents' escalation state and notifications.
extension SQLStore: EscalationStore {
    public func escalationPolicies(tenant: TenantID) async throws -> [EscalationPolicy] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT * FROM escalation_policies WHERE tenant_id = \(bind: tenant.rawValue) ORDER BY name, id LIMIT 500
                """).all().map(EscalationRows.policy)
        }
    }

    public func escalationPolicies(tenant: TenantID, ids: [EscalationPolicyID]) async throws -> [EscalationPolicyID: EscalationPolicy] {
        try await rows(ids: ids, id: \.id, EscalationRows.policy) { keys in
            "SELECT * FROM escalation_policies WHERE tenant_id = \(bind: tenant.rawValue) AND id IN (\(binds: keys))"
        }
    }

    public func insertEscalationPolicy(_ policy: EscalationPolicy, audit: AuditEntry) async throws {
        let levels = try EscalationRows.levelsJSON(policy.levels)
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO escalation_policies (id, tenant_id, name, levels, repeat_count, created_at, updated_at)
                VALUES (\(bind: policy.id.rawValue), \(bind: policy.tenantID.rawValue), \(bind: policy.name), \(bind: levels),
                        \(bind: policy.repeatCount), \(bind: policy.createdAt.milliseconds), \(bind: policy.updatedAt.milliseconds))
                """).run()
            try await Self.insertAudit(audit, db)
        }
    }

    public func updateEscalationPolicy(_ policy: EscalationPolicy, audit: AuditEntry) async throws -> EscalationPolicy? {
        let levels = try EscalationRows.levelsJSON(policy.levels)
        return try await database.transaction { db in
            guard let row = try await db.raw("""
                UPDATE escalation_policies SET name = \(bind: policy.name), levels = \(bind: levels),
                    repeat_count = \(bind: policy.repeatCount), updated_at = \(bind: policy.updatedAt.milliseconds)
                WHERE tenant_id = \(bind: policy.tenantID.rawValue) AND id = \(bind: policy.id.rawValue)
                RETURNING *
                """).first() else { return nil }
            try await Self.insertAudit(audit, db)
            return try EscalationRows.policy(row)
        }
    }

    public func deleteEscalationPolicy(tenant: TenantID, id: EscalationPolicyID, at: Timestamp, audit: AuditEntry) async throws -> Bool {
        let lock: SQLQueryString = database.dialect == .postgres ? " FOR UPDATE" : ""
        return try await database.transaction { db in
            // The policy first: an incident starting to escalate under it finishes before it goes.
            guard try await db.raw("""
                SELECT id FROM escalation_policies WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue)\(lock)
                """).first() != nil else { return false }
            try await db.raw("""
                UPDATE incident_escalations SET state = CASE WHEN state = 'ACTIVE' THEN 'STOPPED' ELSE state END,
                    next_at = NULL, policy_id = NULL, updated_at = \(bind: at.milliseconds)
                WHERE tenant_id = \(bind: tenant.rawValue) AND policy_id = \(bind: id.rawValue)
                """).run()
            try await db.raw("DELETE FROM escalation_routes WHERE tenant_id = \(bind: tenant.rawValue) AND policy_id = \(bind: id.rawValue)").run()
            try await db.raw("DELETE FROM escalation_policies WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue)").run()
            try await Self.insertAudit(audit, db)
            return true
        }
    }

    public func escalationRoutes(tenant: TenantID) async throws -> [String: EscalationPolicyID] {
        try await database.withConnection { db in
            var routes: [String: EscalationPolicyID] = [:]
            for row in try await db.raw("SELECT severity, policy_id FROM escalation_routes WHERE tenant_id = \(bind: tenant.rawValue)").all() {
                routes[try row.decode(column: "severity", as: String.self)] = EscalationPolicyID(try row.decode(column: "policy_id", as: String.self))
            }
            return routes
        }
    }

    public func replaceEscalationRoutes(tenant: TenantID, routes: [String: EscalationPolicyID], audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM escalation_routes WHERE tenant_id = \(bind: tenant.rawValue)").run()
            for (severity, policy) in routes.sorted(by: { $0.key < $1.key }) {
                // Only a policy of this tenant that still exists (a concurrent delete fails the route).
                let inserted = try await db.raw("""
                    INSERT INTO escalation_routes (tenant_id, severity, policy_id)
                    SELECT \(bind: tenant.rawValue), \(bind: severity), id FROM escalation_policies
                    WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: policy.rawValue)
                    RETURNING policy_id
                    """).all()
                if inserted.isEmpty { throw DomainError.notFound("Escalation policy") }
            }
            try await Self.insertAudit(audit, db)
        }
    }

    public func incidentEscalations(tenant: TenantID, incidents: [IncidentID]) async throws -> [IncidentID: IncidentEscalation] {
        try await rows(ids: incidents, id: \.incidentID, EscalationRows.escalation) { keys in
            "SELECT * FROM incident_escalations WHERE tenant_id = \(bind: tenant.rawValue) AND incident_id IN (\(binds: keys))"
        }
    }

    // MARK: Notifications

    public func notifications(tenant: TenantID, user: UserID, unreadOnly: Bool, first: Int,
                              after: String?) async throws -> Page<UserNotification> {
        var matching: SQLQueryString = "tenant_id = \(bind: tenant.rawValue) AND user_id = \(bind: user.rawValue)"
        if unreadOnly { matching = matching + " AND read_at IS NULL" }
        var paged = matching
        if let after {
            guard let parts = Cursor.decode(after, kind: "notification", parts: 2), let at = Int(parts[0]) else { throw Cursor.invalid }
            paged = paged + " AND (created_at < \(bind: at) OR (created_at = \(bind: at) AND id < \(bind: parts[1])))"
        }
        return try await page(from: "notifications", matching: matching, paged: paged, order: "created_at DESC, id DESC", first: first,
                              hadCursor: after != nil, EscalationRows.notification, cursor: EscalationRows.notificationCursor)
    }

    public func notifications(tenant: TenantID, user: UserID, afterSequence sequence: Int, limit: Int) async throws -> [UserNotification] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT * FROM notifications WHERE tenant_id = \(bind: tenant.rawValue) AND user_id = \(bind: user.rawValue)
                    AND event_sequence > \(bind: sequence)
                ORDER BY event_sequence, id LIMIT \(literal: max(1, limit))
                """).all().map(EscalationRows.notification)
        }
    }

    public func markNotificationsRead(tenant: TenantID, user: UserID, ids: [NotificationID], at: Timestamp) async throws -> [UserNotification] {
        let keys = Array(Set(ids.map(\.rawValue)))
        guard !keys.isEmpty else { return [] }
        let found = try await database.transaction { db in
            let marked = try await db.raw("""
                UPDATE notifications SET read_at = COALESCE(read_at, \(bind: at.milliseconds))
                WHERE tenant_id = \(bind: tenant.rawValue) AND user_id = \(bind: user.rawValue) AND id IN (\(binds: keys))
                RETURNING *
                """).all().map(EscalationRows.notification)
            // All or nothing: an id that is not the user's leaves every notification as it was.
            guard marked.count == keys.count else { throw DomainError.notFound("Notification") }
            return marked
        }
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }
}
