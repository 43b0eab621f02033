import Foundation
import LanternDomain
import SQLKit

/// The webhook outbox: messages written in the transaction of the event they report, claimed by
/// one worker at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL) under a lease, and settled with
/// each attempt's outcome.
extension SQLStore {
    /// One PENDING message per enabled endpoint of the event's tenant that subscribes to its type.
    static func enqueueWebhooks(for event: IncidentEvent, _ db: any SQLDatabase) async throws {
        try await enqueueWebhooks(tenant: event.incident.tenantID, type: WebhookEventTypes.type(of: event.entry.kind), at: event.entry.at, db) { slug in
            try WebhookPayload.body(for: event, tenantSlug: slug)
        }
    }

    /// A document change's messages, in the change's transaction.
    static func enqueueDocumentWebhooks(_ kind: DocumentEventKind, id: DocumentID, document: Document?, audit: AuditEntry,
                                        _ db: any SQLDatabase) async throws {
        guard let tenant = audit.tenantID else { return }
        try await enqueueWebhooks(tenant: tenant, type: WebhookEventTypes.type(of: kind), at: audit.at, db) { slug in
            try WebhookPayload.body(for: kind, documentID: id, document: document, tenantID: tenant, tenantSlug: slug, actor: audit.actor,
                                    at: audit.at)
        }
    }

    private static func enqueueWebhooks(tenant: TenantID, type: String, at: Timestamp, _ db: any SQLDatabase,
                                        body render: (String) throws -> String) async throws {
        // On PostgreSQL the endpoints stay (KEY SHARE) until this transaction ends: a concurrent
        // delete waits for it, then deletes the messages it wrote too.
        let keep: SQLQueryString = db.dialect.name == "postgresql" ? " FOR KEY SHARE OF e" : ""
        let endpoints = try await db.raw("""
            SELECT e.id, e.event_types, t.slug FROM webhook_endpoints e JOIN tenants t ON t.id = e.tenant_id
            WHERE e.tenant_id = \(bind: tenant.rawValue) AND e.disabled_reason IS NULL\(keep)
            """).all()
        var body: String?
        for endpoint in endpoints {
            guard WebhookEventTypes.matches(try WebhookRows.eventTypes(try endpoint.decode(column: "event_types", as: String.self)), type) else {
                continue
            }
            if body == nil { body = try render(try endpoint.decode(column: "slug", as: String.self)) }
            try await db.raw("""
                INSERT INTO webhook_messages (id, tenant_id, endpoint_id, event_type, body, status, attempts, next_attempt_at,
                                              leased_until, created_at)
                VALUES (\(bind: WebhookSignature.newMessageID()), \(bind: tenant.rawValue), \(bind: try endpoint.decode(column: "id", as: String.self)),
                        \(bind: type), \(bind: body ?? ""), 'PENDING', 0, \(bind: at.milliseconds), NULL, \(bind: at.milliseconds))
                """).run()
        }
    }

    private static func dueCondition(_ now: Timestamp) -> SQLQueryString {
        """
        m.status = 'PENDING' AND m.next_attempt_at <= \(bind: now.milliseconds)
            AND (m.leased_until IS NULL OR m.leased_until <= \(bind: now.milliseconds)) AND e.disabled_reason IS NULL
        """
    }

    public func claimDueWebhookMessages(now: Timestamp, leaseUntil: Timestamp, limit: Int) async throws -> [WebhookDispatch] {
        let skipLocked: SQLQueryString = database.dialect == .postgres ? " FOR UPDATE OF m SKIP LOCKED" : ""
        return try await database.transaction { db in
            let due = try await db.raw("""
                SELECT m.id, m.tenant_id, m.endpoint_id, m.body, m.attempts, e.url, e.secret, e.previous_secret, e.previous_secret_expires
                FROM webhook_messages m JOIN webhook_endpoints e ON e.id = m.endpoint_id
                WHERE \(Self.dueCondition(now)) ORDER BY m.next_attempt_at LIMIT \(literal: max(1, limit))\(skipLocked)
                """).all()
            guard !due.isEmpty else { return [] }
            let ids = try due.map { try $0.decode(column: "id", as: String.self) }
            try await db.raw("""
                UPDATE webhook_messages SET leased_until = \(bind: leaseUntil.milliseconds) WHERE id IN (\(binds: ids))
                """).run()
            return try due.map { row in
                var secrets = [try row.decode(column: "secret", as: String.self)]
                if let previous = try row.decode(column: "previous_secret", as: String?.self),
                   let until = try row.decode(column: "previous_secret_expires", as: Int?.self), until > now.milliseconds {
                    secrets.append(previous)
                }
                return WebhookDispatch(messageID: try row.decode(column: "id", as: String.self),
                                       tenantID: TenantID(try row.decode(column: "tenant_id", as: String.self)),
                                       endpointID: WebhookEndpointID(try row.decode(column: "endpoint_id", as: String.self)),
                                       url: try row.decode(column: "url", as: String.self), secrets: secrets,
                                       body: try row.decode(column: "body", as: String.self),
                                       attempt: try row.decode(column: "attempts", as: Int.self) + 1, lease: leaseUntil)
            }
        }
    }

    public func recordWebhookAttempt(_ attempt: WebhookDelivery, lease: Timestamp, outcome: WebhookAttemptOutcome) async throws {
        let status: WebhookMessageStatus, next: Int?
        switch outcome {
        case .delivered: (status, next) = (.delivered, nil)
        case .retry(let at): (status, next) = (.pending, at.milliseconds)
        case .deadLettered, .gone: (status, next) = (.deadLettered, nil)
        }
        let keep: SQLQueryString = database.dialect == .postgres ? " FOR KEY SHARE" : ""
        try await database.transaction { db in
            // A message deleted with its endpoint meanwhile has nothing to record.
            guard try await db.raw("SELECT id FROM webhook_messages WHERE id = \(bind: attempt.messageID)\(keep)").first() != nil else {
                return
            }
            // Only the holder of the lease settles the message (not a worker whose lease ran out
            // and whose message another one has claimed since).
            let settled = try await db.raw("""
                UPDATE webhook_messages SET status = \(bind: status.rawValue), next_attempt_at = \(bind: next), leased_until = NULL,
                    attempts = attempts + 1
                WHERE id = \(bind: attempt.messageID) AND leased_until = \(bind: lease.milliseconds)
                RETURNING id
                """).all()
            try await db.raw("""
                INSERT INTO webhook_attempts (id, tenant_id, endpoint_id, message_id, attempt, succeeded, status_code, latency_ms, error,
                                              attempted_at)
                SELECT \(bind: attempt.id.rawValue), \(bind: attempt.tenantID.rawValue), \(bind: attempt.endpointID.rawValue),
                       \(bind: attempt.messageID), \(bind: attempt.attempt), \(bind: attempt.status == .succeeded ? 1 : 0),
                       \(bind: attempt.statusCode), \(bind: attempt.latencyMs), \(bind: attempt.error), \(bind: attempt.attemptedAt.milliseconds)
                """).run()
            if case .gone = outcome, !settled.isEmpty {
                try await db.raw("""
                    UPDATE webhook_endpoints SET disabled_reason = 'The receiver answered 410 Gone.', updated_at = \(bind: attempt.attemptedAt.milliseconds)
                    WHERE id = \(bind: attempt.endpointID.rawValue) AND disabled_reason IS NULL
                    """).run()
            }
        }
    }

    public func releaseWebhookLeases() async throws {
        try await database.withConnection { db in
            try await db.raw("UPDATE webhook_messages SET leased_until = NULL WHERE leased_until IS NOT NULL").run()
        }
    }

    public func webhookBacklog(now: Timestamp) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT COUNT(*) AS total FROM webhook_messages m JOIN webhook_endpoints e ON e.id = m.endpoint_id
                WHERE \(Self.dueCondition(now))
                """).first()?.decode(column: "total", as: Int.self) ?? 0
        }
    }
}
