import Foundation
import LanternDomain
import SQLKit

/// Webhook endpoints and the visibility of their messages and attempts.
extension SQLStore: WebhookStore {
    public func webhookEndpoints(tenant: TenantID) async throws -> [WebhookEndpoint] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT * FROM webhook_endpoints WHERE tenant_id = \(bind: tenant.rawValue) ORDER BY created_at, id LIMIT 500
                """).all().map(WebhookRows.endpoint)
        }
    }

    public func webhookEndpoint(tenant: TenantID, id: WebhookEndpointID) async throws -> WebhookEndpoint? {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT * FROM webhook_endpoints WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue)
                """).first().map(WebhookRows.endpoint)
        }
    }

    public func insertWebhookEndpoint(_ endpoint: WebhookEndpoint, secret: String, audit: AuditEntry) async throws {
        let types = try WebhookRows.eventTypesJSON(endpoint.eventTypes)
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO webhook_endpoints (id, tenant_id, url, description, event_types, secret, previous_secret,
                                               previous_secret_expires, disabled_reason, created_at, updated_at)
                VALUES (\(bind: endpoint.id.rawValue), \(bind: endpoint.tenantID.rawValue), \(bind: endpoint.url),
                        \(bind: endpoint.description), \(bind: types), \(bind: secret), NULL, NULL, \(bind: endpoint.disabledReason),
                        \(bind: endpoint.createdAt.milliseconds), \(bind: endpoint.updatedAt.milliseconds))
                """).run()
            try await Self.insertAudit(audit, db)
        }
    }

    public func updateWebhookEndpoint(_ endpoint: WebhookEndpoint, audit: AuditEntry) async throws -> WebhookEndpoint? {
        let types = try WebhookRows.eventTypesJSON(endpoint.eventTypes)
        return try await database.transaction { db in
            guard let row = try await db.raw("""
                UPDATE webhook_endpoints SET url = \(bind: endpoint.url), description = \(bind: endpoint.description),
                    event_types = \(bind: types), updated_at = \(bind: endpoint.updatedAt.milliseconds)
                WHERE tenant_id = \(bind: endpoint.tenantID.rawValue) AND id = \(bind: endpoint.id.rawValue)
                RETURNING *
                """).first() else { return nil }
            try await Self.insertAudit(audit, db)
            return try WebhookRows.endpoint(row)
        }
    }

    public func setWebhookEndpointDisabled(tenant: TenantID, id: WebhookEndpointID, reason: String?, at: Timestamp,
                                           audit: AuditEntry) async throws -> WebhookEndpoint? {
        try await database.transaction { db in
            guard let row = try await db.raw("""
                UPDATE webhook_endpoints SET disabled_reason = \(bind: reason), updated_at = \(bind: at.milliseconds)
                WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue)
                RETURNING *
                """).first() else { return nil }
            try await Self.insertAudit(audit, db)
            return try WebhookRows.endpoint(row)
        }
    }

    public func rotateWebhookSecret(tenant: TenantID, id: WebhookEndpointID, secret: String, previousExpiresAt: Timestamp,
                                    audit: AuditEntry) async throws -> WebhookEndpoint? {
        try await database.transaction { db in
            guard let row = try await db.raw("""
                UPDATE webhook_endpoints SET previous_secret = secret, secret = \(bind: secret),
                    previous_secret_expires = \(bind: previousExpiresAt.milliseconds), updated_at = \(bind: audit.at.milliseconds)
                WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue)
                RETURNING *
                """).first() else { return nil }
            try await Self.insertAudit(audit, db)
            return try WebhookRows.endpoint(row)
        }
    }

    public func deleteWebhookEndpoint(tenant: TenantID, id: WebhookEndpointID, audit: AuditEntry) async throws -> Bool {
        let lock: SQLQueryString = database.dialect == .postgres ? " FOR UPDATE" : ""
        return try await database.transaction { db in
            // The endpoint first: changes writing messages for it finish before its messages go.
            guard try await db.raw("""
                SELECT id FROM webhook_endpoints WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue)\(lock)
                """).first() != nil else { return false }
            let scope: SQLQueryString = "tenant_id = \(bind: tenant.rawValue) AND endpoint_id = \(bind: id.rawValue)"
            try await db.raw("DELETE FROM webhook_attempts WHERE \(scope)").run()
            try await db.raw("DELETE FROM webhook_messages WHERE \(scope)").run()
            let deleted = try await db.raw("""
                DELETE FROM webhook_endpoints WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue) RETURNING id
                """).all()
            guard !deleted.isEmpty else { return false }
            try await Self.insertAudit(audit, db)
            return true
        }
    }

    public func webhookDeliveries(tenant: TenantID, endpoint: WebhookEndpointID, status: WebhookDeliveryStatus?, first: Int,
                                  after: String?) async throws -> Page<WebhookDelivery> {
        var matching: SQLQueryString = "tenant_id = \(bind: tenant.rawValue) AND endpoint_id = \(bind: endpoint.rawValue)"
        if let status { matching = matching + " AND succeeded = \(bind: status == .succeeded ? 1 : 0)" }
        var paged = matching
        if let after {
            guard let parts = Cursor.decode(after, kind: "delivery", parts: 2), let at = Int(parts[0]) else { throw Cursor.invalid }
            paged = paged + " AND (attempted_at < \(bind: at) OR (attempted_at = \(bind: at) AND id < \(bind: parts[1])))"
        }
        return try await page(from: "webhook_attempts", matching: matching, paged: paged, order: "attempted_at DESC, id DESC", first: first,
                              hadCursor: after != nil, WebhookRows.delivery, cursor: WebhookRows.deliveryCursor)
    }

    public func webhookMessages(tenant: TenantID, endpoint: WebhookEndpointID, status: WebhookMessageStatus?, first: Int,
                                after: String?) async throws -> Page<WebhookMessage> {
        var matching: SQLQueryString = "tenant_id = \(bind: tenant.rawValue) AND endpoint_id = \(bind: endpoint.rawValue)"
        if let status { matching = matching + " AND status = \(bind: status.rawValue)" }
        var paged = matching
        if let after {
            guard let parts = Cursor.decode(after, kind: "message", parts: 2), let at = Int(parts[0]) else { throw Cursor.invalid }
            paged = paged + " AND (created_at < \(bind: at) OR (created_at = \(bind: at) AND id < \(bind: parts[1])))"
        }
        return try await page(from: "webhook_messages", matching: matching, paged: paged, order: "created_at DESC, id DESC", first: first,
                              hadCursor: after != nil, WebhookRows.message, cursor: WebhookRows.messageCursor)
    }

    public func webhookMessages(tenant: TenantID, ids: [String]) async throws -> [String: WebhookMessage] {
        let keys = Array(Set(ids))
        guard !keys.isEmpty else { return [:] }
        let messages = try await database.withConnection { db in
            try await db.raw("SELECT * FROM webhook_messages WHERE tenant_id = \(bind: tenant.rawValue) AND id IN (\(binds: keys))")
                .all().map(WebhookRows.message)
        }
        return Dictionary(messages.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func redeliverWebhookMessage(tenant: TenantID, id: String, at: Timestamp, audit: AuditEntry) async throws -> WebhookMessage? {
        try await database.transaction { db in
            guard let row = try await db.raw("""
                UPDATE webhook_messages SET status = 'PENDING', next_attempt_at = \(bind: at.milliseconds), leased_until = NULL
                WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id)
                RETURNING *
                """).first() else { return nil }
            try await Self.insertAudit(audit, db)
            return try WebhookRows.message(row)
        }
    }
}
