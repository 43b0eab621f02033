import Foundation
import LanternDomain
import SQLKit

/// Documents and versions from rows, and the columns to select (never `*`: on PostgreSQL the
/// row also holds the search vector, which nobody reads back).
enum DocumentRows {
    static let columns: SQLQueryString = """
        d.id, d.tenant_id, d.title, d.kind, d.tags, d.body, d.version, d.sha256, d.size_bytes, d.created_by, d.created_at,
        d.updated_at, d.updated_by, d.archived_at
        """

    static func document(_ row: any SQLRow) throws -> Document {
        let raw = try row.decode(column: "kind", as: String.self)
        guard let kind = DocumentKind(rawValue: raw) else { throw Rows.CorruptRow(column: "kind", value: raw) }
        // The hash is read as stored (what was hashed when the version was written), not recomputed.
        return Document(
            id: DocumentID(try row.decode(column: "id", as: String.self)),
            tenantID: TenantID(try row.decode(column: "tenant_id", as: String.self)),
            title: try row.decode(column: "title", as: String.self), kind: kind,
            tags: Rows.decodeTags(try row.decode(column: "tags", as: String.self)),
            body: try row.decode(column: "body", as: String.self), version: try row.decode(column: "version", as: Int.self),
            createdBy: try row.decode(column: "created_by", as: String?.self).map(UserID.init(_:)),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int.self)),
            updatedAt: Timestamp(milliseconds: try row.decode(column: "updated_at", as: Int.self)),
            updatedBy: try row.decode(column: "updated_by", as: String?.self).map(UserID.init(_:)),
            archivedAt: try row.decode(column: "archived_at", as: Int?.self).map(Timestamp.init(milliseconds:)),
            storedSHA256: try row.decode(column: "sha256", as: String.self))
    }

    static func version(_ row: any SQLRow) throws -> DocumentVersion {
        DocumentVersion(
            documentID: DocumentID(try row.decode(column: "document_id", as: String.self)),
            version: try row.decode(column: "version", as: Int.self), title: try row.decode(column: "title", as: String.self),
            body: try row.decode(column: "body", as: String.self), sha256: try row.decode(column: "sha256", as: String.self),
            sizeBytes: try row.decode(column: "size_bytes", as: Int.self),
            author: try row.decode(column: "author", as: String?.self).map(UserID.init(_:)),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int.self)))
    }

    static func facet(_ row: any SQLRow) throws -> FacetCount {
        FacetCount(value: try row.decode(column: "value", as: String.self), count: try row.decode(column: "count", as: Int.self))
    }
}
