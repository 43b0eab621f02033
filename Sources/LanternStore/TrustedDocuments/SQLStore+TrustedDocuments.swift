import Foundation
import LanternDomain
import SQLKit

/// Trusted documents and tenants' document modes.
extension SQLStore: TrustedDocumentStore {
    public func trustedDocuments() async throws -> [TrustedDocument] {
        try await database.withConnection { db in
            try await db.raw("SELECT * FROM trusted_documents ORDER BY id").all().map { row in
                TrustedDocument(id: try row.decode(column: "id", as: String.self), body: try row.decode(column: "body", as: String.self),
                                sha256: try row.decode(column: "sha256", as: String.self),
                                operations: try row.decode(column: "operations", as: String.self),
                                cost: try row.decode(column: "cost", as: Int.self),
                                createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int.self)))
            }
        }
    }

    public func trust(_ documents: [TrustedDocument]) async throws -> Int {
        try await database.transaction { db in
            var added = 0
            for document in documents {
                if let existing = try await db.raw("SELECT body FROM trusted_documents WHERE id = \(bind: document.id)").first() {
                    // An id is a promise about its text: the same id with another text is a
                    // build that reused ids, and trusting it would change what old clients run.
                    guard try existing.decode(column: "body", as: String.self) == document.body else {
                        throw DomainError.conflict("The trusted document \(document.id) is already registered with a different text.")
                    }
                    continue
                }
                try await db.raw("""
                    INSERT INTO trusted_documents (id, sha256, body, operations, cost, created_at)
                    VALUES (\(bind: document.id), \(bind: document.sha256), \(bind: document.body), \(bind: document.operations),
                            \(bind: document.cost), \(bind: document.createdAt.milliseconds))
                    """).run()
                added += 1
            }
            return added
        }
    }

    public func documentModes() async throws -> [TenantID: DocumentMode] {
        try await database.withConnection { db in
            var modes: [TenantID: DocumentMode] = [:]
            for row in try await db.raw("SELECT tenant_id, mode FROM tenant_document_modes").all() {
                guard let mode = DocumentMode(rawValue: try row.decode(column: "mode", as: String.self)) else { continue }
                modes[TenantID(try row.decode(column: "tenant_id", as: String.self))] = mode
            }
            return modes
        }
    }

    public func setDocumentMode(tenant: TenantID, _ mode: DocumentMode?, audit: AuditEntry) async throws {
        try await database.transaction { db in
            if let mode {
                try await db.raw("""
                    INSERT INTO tenant_document_modes (tenant_id, mode, updated_at)
                    VALUES (\(bind: tenant.rawValue), \(bind: mode.rawValue), \(bind: audit.at.milliseconds))
                    ON CONFLICT (tenant_id) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at
                    """).run()
            } else {
                try await db.raw("DELETE FROM tenant_document_modes WHERE tenant_id = \(bind: tenant.rawValue)").run()
            }
            try await Self.insertAudit(audit, db)
        }
    }
}
