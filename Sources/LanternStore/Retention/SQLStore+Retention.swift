import Foundation
import LanternDomain
import SQLKit

/// Retention policies, the job lease, and the batched deletes the retention job makes.
extension SQLStore: RetentionStore {
    public func retentionPolicy(tenant: TenantID) async throws -> RetentionPolicy {
        try await database.withConnection { db in
            try await db.raw("SELECT * FROM tenant_retention WHERE tenant_id = \(bind: tenant.rawValue)").first().map(Self.policy)
                ?? RetentionPolicy()
        }
    }

    public func setRetentionPolicy(tenant: TenantID, _ policy: RetentionPolicy, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO tenant_retention (tenant_id, audit_log_days, archived_document_days, event_log_days, updated_at)
                VALUES (\(bind: tenant.rawValue), \(bind: policy.auditLogDays), \(bind: policy.archivedDocumentDays),
                        \(bind: policy.eventLogDays), \(bind: policy.updatedAt?.milliseconds ?? audit.at.milliseconds))
                ON CONFLICT (tenant_id) DO UPDATE SET audit_log_days = excluded.audit_log_days,
                    archived_document_days = excluded.archived_document_days, event_log_days = excluded.event_log_days,
                    updated_at = excluded.updated_at
                """).run()
            try await Self.insertAudit(audit, db)
        }
    }

    public func retentionPolicies() async throws -> [TenantID: RetentionPolicy] {
        try await database.withConnection { db in
            var policies: [TenantID: RetentionPolicy] = [:]
            for row in try await db.raw("""
                SELECT * FROM tenant_retention
                WHERE audit_log_days IS NOT NULL OR archived_document_days IS NOT NULL OR event_log_days IS NOT NULL
                """).all() {
                policies[TenantID(try row.decode(column: "tenant_id", as: String.self))] = try Self.policy(row)
            }
            return policies
        }
    }

    public func claimJob(_ name: String, until: Timestamp, now: Timestamp) async throws -> Bool {
        try await database.transaction { db in
            try await db.raw("INSERT INTO job_leases (name, leased_until) VALUES (\(bind: name), 0) ON CONFLICT (name) DO NOTHING").run()
            return try await !db.raw("""
                UPDATE job_leases SET leased_until = \(bind: until.milliseconds)
                WHERE name = \(bind: name) AND leased_until <= \(bind: now.milliseconds)
                RETURNING name
                """).all().isEmpty
        }
    }

    public func deleteAuditEntries(tenant: TenantID, before cutoff: Timestamp, limit: Int) async throws -> Int {
        try await database.transaction { db in
            try await db.raw("""
                DELETE FROM audit_entries WHERE id IN (
                    SELECT id FROM audit_entries WHERE tenant_id = \(bind: tenant.rawValue) AND at < \(bind: cutoff.milliseconds)
                    ORDER BY at LIMIT \(literal: max(1, limit)))
                RETURNING id
                """).all().count
        }
    }

    public func purgeArchivedDocuments(tenant: TenantID, archivedBefore cutoff: Timestamp, limit: Int) async throws -> Int {
        let dialect = database.dialect
        return try await database.transaction { db in
            let ids = try await db.raw("""
                SELECT id FROM documents WHERE tenant_id = \(bind: tenant.rawValue) AND archived_at IS NOT NULL
                    AND archived_at < \(bind: cutoff.milliseconds)
                ORDER BY archived_at LIMIT \(literal: max(1, limit))
                """).all().map { DocumentID(try $0.decode(column: "id", as: String.self)) }
            var purged = 0
            for id in ids {
                // Locked and checked again: restored since the select, it stays.
                guard let document = try await Self.lockedDocument(tenant: tenant, id: id, db),
                      let archived = document.archivedAt, archived < cutoff else { continue }
                try await DocumentIndex.remove(document, dialect, db)
                for table in ["document_versions", "document_tags", "document_incidents"] {
                    try await db.raw("DELETE FROM \(ident: table) WHERE tenant_id = \(bind: tenant.rawValue) AND document_id = \(bind: id.rawValue)").run()
                }
                try await db.raw("DELETE FROM documents WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue)").run()
                purged += 1
            }
            return purged
        }
    }

    public func deleteLoggedEvents(tenant: TenantID, before cutoff: Timestamp, limit: Int) async throws -> Int {
        try await database.transaction { db in
            guard let highest = try await db.raw("""
                SELECT MAX(sequence) AS highest, COUNT(*) AS doomed FROM (
                    SELECT sequence FROM incident_event_log WHERE tenant_id = \(bind: tenant.rawValue) AND at < \(bind: cutoff.milliseconds)
                    ORDER BY sequence LIMIT \(literal: max(1, limit))) AS batch
                """).first(), let sequence = try highest.decode(column: "highest", as: Int?.self) else { return 0 }
            // The floor first: a reader never sees a hole below a floor it was not told about.
            try await db.raw("""
                UPDATE tenants SET event_floor = \(bind: sequence) WHERE id = \(bind: tenant.rawValue) AND event_floor < \(bind: sequence)
                """).run()
            return try await db.raw("""
                DELETE FROM incident_event_log WHERE tenant_id = \(bind: tenant.rawValue) AND sequence <= \(bind: sequence) RETURNING sequence
                """).all().count
        }
    }

    public func recordAudit(_ entry: AuditEntry) async throws {
        try await database.withConnection { db in try await Self.insertAudit(entry, db) }
    }

    private static func policy(_ row: any SQLRow) throws -> RetentionPolicy {
        RetentionPolicy(auditLogDays: try row.decode(column: "audit_log_days", as: Int?.self),
                        archivedDocumentDays: try row.decode(column: "archived_document_days", as: Int?.self),
                        eventLogDays: try row.decode(column: "event_log_days", as: Int?.self),
                        updatedAt: try Rows.optionalTime(row, "updated_at"))
    }
}
