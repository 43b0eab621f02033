import LanternDomain
import SQLKit

/// Rendered exports, and the pages they are rendered from.
extension SQLStore {
    public func insertExport(_ export: StoredExport, tokenHash: String, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM exports WHERE expires_at <= \(bind: export.createdAt.milliseconds)").run()
            try await db.raw("""
                INSERT INTO exports (token_hash, tenant_id, filename, content_type, body, row_count, created_at, expires_at)
                VALUES (\(bind: tokenHash), \(bind: export.tenantID.rawValue), \(bind: export.filename), \(bind: export.contentType),
                        \(bind: export.body), \(bind: export.rowCount), \(bind: export.createdAt.milliseconds), \(bind: export.expiresAt.milliseconds))
                """).run()
            try await Self.insertAudit(audit, db)
        }
    }

    public func export(tokenHash: String, now: Timestamp) async throws -> StoredExport? {
        try await database.withConnection { db in
            guard let row = try await db.raw("""
                SELECT * FROM exports WHERE token_hash = \(bind: tokenHash) AND expires_at > \(bind: now.milliseconds)
                """).first() else { return nil }
            return StoredExport(tenantID: TenantID(try row.decode(column: "tenant_id", as: String.self)),
                                filename: try row.decode(column: "filename", as: String.self),
                                contentType: try row.decode(column: "content_type", as: String.self),
                                body: try row.decode(column: "body", as: String.self),
                                rowCount: try row.decode(column: "row_count", as: Int.self),
                                createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int.self)),
                                expiresAt: Timestamp(milliseconds: try row.decode(column: "expires_at", as: Int.self)))
        }
    }

    public func exportIncidents(tenant: TenantID, filter: IncidentFilter, range: TimeRange?, afterNumber: Int,
                                limit: Int) async throws -> [Incident] {
        var conditions: [SQLQueryString] = ["tenant_id = \(bind: tenant.rawValue)", "number > \(bind: afterNumber)"]
        if let range {
            conditions.append("created_at >= \(bind: range.from.milliseconds) AND created_at < \(bind: range.to.milliseconds)")
        }
        conditions += Self.conditions(filter, tenant: tenant)
        let matching = conditions.joined(separator: " AND ")
        return try await database.withConnection { db in
            try await db.raw("SELECT * FROM incidents WHERE \(matching) ORDER BY number LIMIT \(literal: limit)").all().map(Rows.incident)
        }
    }

    public func exportAuditEntries(tenant: TenantID, range: TimeRange?, after: (Timestamp, AuditEntryID)?,
                                   limit: Int) async throws -> [AuditEntry] {
        var conditions: [SQLQueryString] = ["tenant_id = \(bind: tenant.rawValue)"]
        if let range { conditions.append("at >= \(bind: range.from.milliseconds) AND at < \(bind: range.to.milliseconds)") }
        if let (at, id) = after {
            conditions.append("(at > \(bind: at.milliseconds) OR (at = \(bind: at.milliseconds) AND id > \(bind: id.rawValue)))")
        }
        let matching = conditions.joined(separator: " AND ")
        return try await database.withConnection { db in
            try await db.raw("SELECT * FROM audit_entries WHERE \(matching) ORDER BY at, id LIMIT \(literal: limit)").all()
                .map(Rows.auditEntry)
        }
    }
}
