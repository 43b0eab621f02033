import Foundation
import LanternDomain
import SQLKit

/// Escalations as durable timers: started, stopped and restarted in the transaction of the
/// incident change that causes it, and fired by whichever instance claims the due row first.
extension SQLStore: EscalationWorkStore {
    /// Starts a HIGH-urgency incident's escalation under `explicit` or the tenant's route for its
    /// severity (else the default route), due at once; a named policy that is not the tenant's
    /// is NOT_FOUND.
    static func startEscalation(_ incident: Incident, explicit: EscalationPolicyID?, now: Timestamp, _ db: any SQLDatabase) async throws {
        let tenant = incident.tenantID.rawValue
        if let explicit, try await db.raw("""
            SELECT id FROM escalation_policies WHERE tenant_id = \(bind: tenant) AND id = \(bind: explicit.rawValue)
            """).first() == nil {
            throw DomainError.notFound("Escalation policy")
        }
        guard incident.urgency == .high else { return }
        let policy: String?
        if let explicit {
            policy = explicit.rawValue
        } else {
            let routes = try await db.raw("""
                SELECT severity, policy_id FROM escalation_routes
                WHERE tenant_id = \(bind: tenant) AND severity IN (\(bind: incident.severity.rawValue), '*')
                """).all()
            let bySeverity = try Dictionary(routes.map { (try $0.decode(column: "severity", as: String.self),
                                                          try $0.decode(column: "policy_id", as: String.self)) },
                                            uniquingKeysWith: { first, _ in first })
            policy = bySeverity[incident.severity.rawValue] ?? bySeverity["*"]
        }
        guard let policy else { return }
        // Held (KEY SHARE) until the incident commits: a concurrent delete of the policy waits,
        // then stops this escalation with the others.
        if db.dialect.name == "postgresql" {
            _ = try await db.raw("SELECT id FROM escalation_policies WHERE id = \(bind: policy) FOR KEY SHARE").all()
        }
        try await db.raw("""
            INSERT INTO incident_escalations (incident_id, tenant_id, policy_id, level, loop_count, next_at, state, updated_at)
            VALUES (\(bind: incident.id.rawValue), \(bind: tenant), \(bind: policy), 0, 0, \(bind: now.milliseconds), 'ACTIVE',
                    \(bind: now.milliseconds))
            """).run()
    }

    /// Acknowledging or resolving stops the incident's escalation; reopening restarts it from
    /// level 1, due at once.
    static func adjustEscalation(after kind: IncidentEventKind, _ incident: Incident, now: Timestamp, _ db: any SQLDatabase) async throws {
        let tenant = incident.tenantID.rawValue, id = incident.id.rawValue
        switch kind {
        case .acknowledged, .resolved:
            try await db.raw("""
                UPDATE incident_escalations SET state = 'STOPPED', next_at = NULL, updated_at = \(bind: now.milliseconds)
                WHERE tenant_id = \(bind: tenant) AND incident_id = \(bind: id) AND state = 'ACTIVE'
                """).run()
        case .reopened:
            try await db.raw("""
                UPDATE incident_escalations SET state = 'ACTIVE', level = 0, loop_count = 0, next_at = \(bind: now.milliseconds),
                    updated_at = \(bind: now.milliseconds)
                WHERE tenant_id = \(bind: tenant) AND incident_id = \(bind: id) AND policy_id IS NOT NULL
                """).run()
        default:
            break
        }
    }

    public func fireDueEscalation(now: Timestamp) async throws -> EscalationFiring? {
        // A due row that cannot fire (its incident acknowledged meanwhile, its policy gone) is
        // settled and the next one tried.
        for _ in 0..<100 {
            switch try await fireOne(now: now) {
            case .none: return nil
            case .settled: continue
            case .fired(let firing): return firing
            }
        }
        return nil
    }

    private enum FiringResult: Sendable {
        case none, settled
        case fired(EscalationFiring)
    }

    private func fireOne(now: Timestamp) async throws -> FiringResult {
        let skipLocked: SQLQueryString = database.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await database.transaction { db in
            guard let row = try await db.raw("""
                SELECT * FROM incident_escalations WHERE state = 'ACTIVE' AND next_at <= \(bind: now.milliseconds)
                ORDER BY next_at LIMIT 1\(skipLocked)
                """).first() else { return .none }
            let escalation = try EscalationRows.escalation(row)
            let tenant = try row.decode(column: "tenant_id", as: String.self)
            let due = try row.decode(column: "next_at", as: Int.self)
            let incident = try await db.raw("""
                SELECT * FROM incidents WHERE tenant_id = \(bind: tenant) AND id = \(bind: escalation.incidentID.rawValue)
                """).first().map(Rows.incident)
            let policy = try await escalation.policyID.asyncMap { id in
                try await db.raw("SELECT * FROM escalation_policies WHERE tenant_id = \(bind: tenant) AND id = \(bind: id.rawValue)")
                    .first().map(EscalationRows.policy)
            } ?? nil
            guard let incident, incident.status == .open, let policy, let step = escalation.nextStep(policy: policy, at: now) else {
                let settled = incident?.status == .open && policy != nil ? "EXHAUSTED" : "STOPPED"
                try await db.raw("""
                    UPDATE incident_escalations SET state = \(bind: settled), next_at = NULL, updated_at = \(bind: now.milliseconds)
                    WHERE incident_id = \(bind: escalation.incidentID.rawValue)
                    """).run()
                return .settled
            }
            let event = try await Self.fire(step, of: incident, now: now, db)
            return .fired(EscalationFiring(event: event.event, notified: event.notified, lagMilliseconds: max(0, now.milliseconds - due)))
        }
    }

    /// Writes one firing in the caller's transaction: the ESCALATED timeline and audit entries,
    /// the logged event (the tenant's next sequence), a notification per target still in the
    /// tenant, the webhook messages, and the escalation's next state.
    static func fire(_ step: EscalationStep, of incident: Incident, now: Timestamp,
                     _ db: any SQLDatabase) async throws -> (event: IncidentEvent, notified: [UserID]) {
        let tenant = incident.tenantID.rawValue
        let entry = TimelineEntry(id: .generate(), tenantID: incident.tenantID, incidentID: incident.id, kind: .escalated,
                                  actor: .system, at: now, level: step.level.position)
        try await insertTimeline(entry, db)
        try await insertAudit(AuditEntry(tenantID: incident.tenantID, actor: nil, action: "incident.escalate",
                                         targetType: "Incident", targetID: incident.id.rawValue, at: now, requestID: nil), db)
        guard let sequence = try await db.raw("""
            UPDATE tenants SET event_seq = event_seq + 1 WHERE id = \(bind: tenant) RETURNING event_seq
            """).first()?.decode(column: "event_seq", as: Int.self) else { throw DomainError.notFound("Tenant") }
        let event = IncidentEvent(entry: entry, incident: incident, sequence: sequence)
        try await appendToEventLog(event, db)
        // Targets who have left the tenant since the policy was written are not told.
        let targets = step.level.targets.map(\.userID.rawValue)
        let members = try await db.raw("""
            SELECT user_id FROM memberships WHERE tenant_id = \(bind: tenant) AND user_id IN (\(binds: targets))
            """).all().map { try $0.decode(column: "user_id", as: String.self) }
        let notified = targets.filter(Set(members).contains)
        for user in notified {
            try await db.raw("""
                INSERT INTO notifications (id, tenant_id, user_id, kind, incident_id, level, event_sequence, created_at, read_at)
                VALUES (\(bind: NotificationID.generate().rawValue), \(bind: tenant), \(bind: user), 'ESCALATION',
                        \(bind: incident.id.rawValue), \(bind: step.level.position), \(bind: sequence), \(bind: now.milliseconds), NULL)
                """).run()
        }
        let after = step.after
        try await db.raw("""
            UPDATE incident_escalations SET level = \(bind: after.level), loop_count = \(bind: after.loop),
                next_at = \(bind: after.nextAt?.milliseconds), state = \(bind: after.state.rawValue), updated_at = \(bind: now.milliseconds)
            WHERE incident_id = \(bind: incident.id.rawValue)
            """).run()
        return (event, notified.map(UserID.init(_:)))
    }

    /// Fires level 1 of an escalation that has just started or restarted, in the transaction of
    /// the change that started it (which already holds the tenant's row): the worker would
    /// otherwise queue for that row behind the tenant's other writes, and page late under load.
    static func fireFirstLevel(of incident: Incident, now: Timestamp, _ db: any SQLDatabase) async throws -> IncidentEvent? {
        guard let row = try await db.raw("""
            SELECT * FROM incident_escalations WHERE incident_id = \(bind: incident.id.rawValue) AND state = 'ACTIVE' AND level = 0
            """).first() else { return nil }
        let escalation = try EscalationRows.escalation(row)
        guard let policyID = escalation.policyID, let policy = try await db.raw("""
            SELECT * FROM escalation_policies WHERE tenant_id = \(bind: incident.tenantID.rawValue) AND id = \(bind: policyID.rawValue)
            """).first().map(EscalationRows.policy), let step = escalation.nextStep(policy: policy, at: now) else { return nil }
        return try await fire(step, of: incident, now: now, db).event
    }

    public func escalationBacklog(now: Timestamp) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT COUNT(*) AS total FROM incident_escalations WHERE state = 'ACTIVE' AND next_at <= \(bind: now.milliseconds)
                """).first()?.decode(column: "total", as: Int.self) ?? 0
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
