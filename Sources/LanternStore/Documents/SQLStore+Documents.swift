import Foundation
import LanternDomain
import SQLKit

/// Documents on SQLite and PostgreSQL: one transaction per change with its audit entry and its
/// search index entry (`DocumentIndex`).
extension SQLStore: DocumentStore {
    public func document(tenant: TenantID, id: DocumentID) async throws -> Document? {
        try await documents(tenant: tenant, ids: [id])[id]
    }

    public func documents(tenant: TenantID, ids: [DocumentID]) async throws -> [DocumentID: Document] {
        let keys = Array(Set(ids.map(\.rawValue)))
        guard !keys.isEmpty else { return [:] }
        return try await database.read { db in
            let rows = try await db.raw("""
                SELECT \(DocumentRows.columns) FROM documents d WHERE d.tenant_id = \(bind: tenant.rawValue) AND d.id IN (\(binds: keys))
                """).all()
            let documents = try await Self.withIncidents(try rows.map(DocumentRows.document), db)
            return Dictionary(documents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    public func document(tenant: TenantID, sha256: String) async throws -> Document? {
        try await database.read { db in
            let rows = try await db.raw("""
                SELECT \(DocumentRows.columns) FROM documents d
                WHERE d.tenant_id = \(bind: tenant.rawValue) AND d.sha256 = \(bind: sha256) ORDER BY d.created_at, d.id LIMIT 1
                """).all()
            return try await Self.withIncidents(try rows.map(DocumentRows.document), db).first
        }
    }

    public func documents(tenant: TenantID, filter: DocumentFilter, first: Int, after: String?) async throws -> Page<Document> {
        let first = min(max(first, 0), Paging.maximumSize)
        let matching = Self.conditions(tenant: tenant, filter: filter)
        var paged = matching
        if let after {
            guard let parts = Cursor.decode(after, kind: "document", parts: 2), let at = Int(parts[0]) else { throw Cursor.invalid }
            paged = paged + " AND (d.updated_at < \(bind: at) OR (d.updated_at = \(bind: at) AND d.id < \(bind: parts[1])))"
        }
        let pagedConditions = paged
        return try await database.read { db in
            let total = try await db.raw("SELECT COUNT(*) AS total FROM documents d WHERE \(matching)").first()?
                .decode(column: "total", as: Int.self) ?? 0
            let rows = try await db.raw("""
                SELECT \(DocumentRows.columns) FROM documents d WHERE \(pagedConditions)
                ORDER BY d.updated_at DESC, d.id DESC LIMIT \(literal: first + 1)
                """).all()
            let items = try await Self.withIncidents(try rows.prefix(first).map(DocumentRows.document), db)
            return Page(items: items, cursors: items.map { Cursor.encode(kind: "document", [String($0.updatedAt.milliseconds), $0.id.rawValue]) },
                        hasNextPage: rows.count > first, hasPreviousPage: after != nil, totalCount: total)
        }
    }

    public func documents(tenant: TenantID, attachedTo incidents: [IncidentID]) async throws -> [IncidentID: [Document]] {
        let keys = Array(Set(incidents.map(\.rawValue)))
        guard !keys.isEmpty else { return [:] }
        return try await database.read { db in
            let links = try await db.raw("""
                SELECT document_id, incident_id FROM document_incidents
                WHERE tenant_id = \(bind: tenant.rawValue) AND incident_id IN (\(binds: keys))
                """).all().map { (try $0.decode(column: "incident_id", as: String.self), try $0.decode(column: "document_id", as: String.self)) }
            let ids = Array(Set(links.map(\.1)))
            guard !ids.isEmpty else { return [:] }
            let rows = try await db.raw("""
                SELECT \(DocumentRows.columns) FROM documents d
                WHERE d.tenant_id = \(bind: tenant.rawValue) AND d.id IN (\(binds: ids)) AND d.archived_at IS NULL
                ORDER BY d.updated_at DESC, d.id DESC
                """).all()
            let documents = try await Self.withIncidents(try rows.map(DocumentRows.document), db)
            let asked = Set(incidents)
            var result: [IncidentID: [Document]] = [:]
            for document in documents {
                for incident in document.incidentIDs where asked.contains(incident) { result[incident, default: []].append(document) }
            }
            return result
        }
    }

    public func documentVersions(tenant: TenantID, document: DocumentID, first: Int, after: String?) async throws -> Page<DocumentVersion> {
        let matching: SQLQueryString = "tenant_id = \(bind: tenant.rawValue) AND document_id = \(bind: document.rawValue)"
        var paged = matching
        if let after {
            guard let version = Cursor.decode(after, kind: "version", parts: 1).flatMap({ Int($0[0]) }) else { throw Cursor.invalid }
            paged = paged + " AND version < \(bind: version)"
        }
        return try await page(from: "document_versions", matching: matching, paged: paged, order: "version DESC", first: first,
                              hadCursor: after != nil, DocumentRows.version) { Cursor.encode(kind: "version", [String($0.version)]) }
    }

    // MARK: Changes

    public func insertDocument(_ document: Document, audit: AuditEntry) async throws -> Document {
        let dialect = database.dialect
        return try await database.transaction { db in
            try await db.raw("""
                INSERT INTO documents (id, tenant_id, title, kind, tags, body, version, sha256, size_bytes, created_by, created_at,
                                       updated_at, updated_by, archived_at)
                VALUES (\(bind: document.id.rawValue), \(bind: document.tenantID.rawValue), \(bind: document.title),
                        \(bind: document.kind.rawValue), \(bind: Rows.encodeTags(document.tags)), \(bind: document.body),
                        \(bind: document.version), \(bind: document.sha256), \(bind: document.sizeBytes),
                        \(bind: document.createdBy?.rawValue), \(bind: document.createdAt.milliseconds),
                        \(bind: document.updatedAt.milliseconds), \(bind: document.updatedBy?.rawValue),
                        \(bind: document.archivedAt?.milliseconds))
                """).run()
            try await Self.insertVersion(document.currentVersion, tenant: document.tenantID, db)
            try await Self.replaceTags(of: document, db)
            for incident in document.incidentIDs { try await Self.link(document.id, incident, tenant: document.tenantID, db) }
            try await DocumentIndex.add(document, dialect, db)
            try await Self.insertAudit(audit, db)
            try await Self.enqueueDocumentWebhooks(.created, id: document.id, document: document, audit: audit, db)
            return document
        }
    }

    public func updateDocument(_ document: Document, expectedVersion: Int, newVersion: Bool, audit: AuditEntry) async throws -> Document {
        let dialect = database.dialect
        return try await database.transaction { db in
            guard let current = try await Self.lockedDocument(tenant: document.tenantID, id: document.id, db) else {
                throw DomainError.notFound("Document")
            }
            guard current.version == expectedVersion else {
                throw DomainError.conflict("The document is at version \(current.version), not \(expectedVersion); reload it and apply your change again.")
            }
            try await DocumentIndex.remove(current, dialect, db)
            try await db.raw("""
                UPDATE documents SET title = \(bind: document.title), tags = \(bind: Rows.encodeTags(document.tags)),
                    body = \(bind: document.body), version = \(bind: document.version), sha256 = \(bind: document.sha256),
                    size_bytes = \(bind: document.sizeBytes), updated_at = \(bind: document.updatedAt.milliseconds),
                    updated_by = \(bind: document.updatedBy?.rawValue)
                WHERE tenant_id = \(bind: document.tenantID.rawValue) AND id = \(bind: document.id.rawValue)
                """).run()
            if newVersion { try await Self.insertVersion(document.currentVersion, tenant: document.tenantID, db) }
            try await Self.replaceTags(of: document, db)
            try await DocumentIndex.add(document, dialect, db)
            try await Self.insertAudit(audit, db)
            var updated = document
            updated.incidentIDs = current.incidentIDs
            try await Self.enqueueDocumentWebhooks(.updated, id: document.id, document: updated, audit: audit, db)
            return updated
        }
    }

    public func setArchived(tenant: TenantID, id: DocumentID, archivedAt: Timestamp?, by: UserID?, at: Timestamp,
                            audit: AuditEntry) async throws -> Document {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE documents SET archived_at = \(bind: archivedAt?.milliseconds), updated_at = \(bind: at.milliseconds),
                    updated_by = \(bind: by?.rawValue)
                WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue)
                """).run()
            try await Self.insertAudit(audit, db)
            guard let document = try await Self.lockedDocument(tenant: tenant, id: id, db) else { throw DomainError.notFound("Document") }
            try await Self.enqueueDocumentWebhooks(archivedAt == nil ? .restored : .archived, id: id, document: document, audit: audit, db)
            return document
        }
    }

    public func deleteDocument(tenant: TenantID, id: DocumentID, audit: AuditEntry) async throws -> Bool {
        let dialect = database.dialect
        return try await database.transaction { db in
            guard let current = try await Self.lockedDocument(tenant: tenant, id: id, db) else { return false }
            try await DocumentIndex.remove(current, dialect, db)
            for table in ["document_versions", "document_tags", "document_incidents"] {
                try await db.raw("DELETE FROM \(ident: table) WHERE tenant_id = \(bind: tenant.rawValue) AND document_id = \(bind: id.rawValue)").run()
            }
            try await db.raw("DELETE FROM documents WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue)").run()
            try await Self.insertAudit(audit, db)
            try await Self.enqueueDocumentWebhooks(.deleted, id: id, document: nil, audit: audit, db)
            return true
        }
    }

    public func attachDocument(tenant: TenantID, id: DocumentID, incident: IncidentID, audit: AuditEntry) async throws -> Document {
        try await database.transaction { db in
            guard try await Self.lockedDocument(tenant: tenant, id: id, db) != nil else { throw DomainError.notFound("Document") }
            let linked = try await db.raw("""
                SELECT 1 AS linked FROM document_incidents WHERE document_id = \(bind: id.rawValue) AND incident_id = \(bind: incident.rawValue)
                """).first() != nil
            if !linked { try await Self.link(id, incident, tenant: tenant, db) }
            try await Self.insertAudit(audit, db)
            guard let document = try await Self.lockedDocument(tenant: tenant, id: id, db) else { throw DomainError.notFound("Document") }
            try await Self.enqueueDocumentWebhooks(.updated, id: id, document: document, audit: audit, db)
            return document
        }
    }

    public func detachDocument(tenant: TenantID, id: DocumentID, incident: IncidentID, audit: AuditEntry) async throws -> Document {
        try await database.transaction { db in
            guard try await Self.lockedDocument(tenant: tenant, id: id, db) != nil else { throw DomainError.notFound("Document") }
            try await db.raw("""
                DELETE FROM document_incidents
                WHERE tenant_id = \(bind: tenant.rawValue) AND document_id = \(bind: id.rawValue) AND incident_id = \(bind: incident.rawValue)
                """).run()
            try await Self.insertAudit(audit, db)
            guard let document = try await Self.lockedDocument(tenant: tenant, id: id, db) else { throw DomainError.notFound("Document") }
            try await Self.enqueueDocumentWebhooks(.updated, id: id, document: document, audit: audit, db)
            return document
        }
    }

    // MARK: Helpers

    /// The document with its incidents, read inside a transaction (on PostgreSQL with the row
    /// locked, so concurrent updates of one document take turns).
    static func lockedDocument(tenant: TenantID, id: DocumentID, _ db: any SQLDatabase) async throws -> Document? {
        let lock: SQLQueryString = db.dialect.name == "postgresql" ? " FOR UPDATE" : ""
        let rows = try await db.raw("""
            SELECT \(DocumentRows.columns) FROM documents d WHERE d.tenant_id = \(bind: tenant.rawValue) AND d.id = \(bind: id.rawValue)\(lock)
            """).all()
        return try await withIncidents(try rows.map(DocumentRows.document), db).first
    }

    /// `documents` with their incident ids filled in (one query for all of them).
    static func withIncidents(_ documents: [Document], _ db: any SQLDatabase) async throws -> [Document] {
        guard !documents.isEmpty else { return [] }
        let rows = try await db.raw("""
            SELECT document_id, incident_id FROM document_incidents WHERE document_id IN (\(binds: documents.map(\.id.rawValue)))
            ORDER BY incident_id
            """).all()
        var links: [String: [IncidentID]] = [:]
        for row in rows {
            links[try row.decode(column: "document_id", as: String.self), default: []]
                .append(IncidentID(try row.decode(column: "incident_id", as: String.self)))
        }
        return documents.map { document in
            var document = document
            document.incidentIDs = links[document.id.rawValue] ?? []
            return document
        }
    }

    static func conditions(tenant: TenantID, filter: DocumentFilter) -> SQLQueryString {
        var conditions: [SQLQueryString] = ["d.tenant_id = \(bind: tenant.rawValue)"]
        conditions.append(filter.archived ? "d.archived_at IS NOT NULL" : "d.archived_at IS NULL")
        if let kind = filter.kind { conditions.append("d.kind = \(bind: kind.rawValue)") }
        if let tag = filter.tag {
            conditions.append("""
                d.id IN (SELECT document_id FROM document_tags WHERE tenant_id = \(bind: tenant.rawValue) AND tag = \(bind: tag))
                """)
        }
        if let incident = filter.incidentID {
            conditions.append("""
                d.id IN (SELECT document_id FROM document_incidents WHERE tenant_id = \(bind: tenant.rawValue) AND incident_id = \(bind: incident.rawValue))
                """)
        }
        return conditions.joined(separator: " AND ")
    }

    private static func insertVersion(_ version: DocumentVersion, tenant: TenantID, _ db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO document_versions (document_id, tenant_id, version, title, body, sha256, size_bytes, author, created_at)
            VALUES (\(bind: version.documentID.rawValue), \(bind: tenant.rawValue), \(bind: version.version), \(bind: version.title),
                    \(bind: version.body), \(bind: version.sha256), \(bind: version.sizeBytes), \(bind: version.author?.rawValue),
                    \(bind: version.createdAt.milliseconds))
            """).run()
    }

    private static func replaceTags(of document: Document, _ db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM document_tags WHERE document_id = \(bind: document.id.rawValue)").run()
        for tag in document.tags {
            try await db.raw("""
                INSERT INTO document_tags (tenant_id, document_id, tag)
                VALUES (\(bind: document.tenantID.rawValue), \(bind: document.id.rawValue), \(bind: tag))
                """).run()
        }
    }

    private static func link(_ document: DocumentID, _ incident: IncidentID, tenant: TenantID, _ db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO document_incidents (tenant_id, document_id, incident_id)
            VALUES (\(bind: tenant.rawValue), \(bind: document.rawValue), \(bind: incident.rawValue))
            """).run()
    }
}
