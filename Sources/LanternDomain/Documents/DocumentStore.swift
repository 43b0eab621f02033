/// What documents need from persistence. Every write is one transaction with its audit entry,
/// and keeps the search index in step within it.
public protocol DocumentStore: Sendable {
    func document(tenant: TenantID, id: DocumentID) async throws -> Document?
    func documents(tenant: TenantID, ids: [DocumentID]) async throws -> [DocumentID: Document]
    /// Newest `updatedAt` first.
    func documents(tenant: TenantID, filter: DocumentFilter, first: Int, after: String?) async throws -> Page<Document>
    /// The (not archived) documents attached to each incident, newest `updatedAt` first.
    func documents(tenant: TenantID, attachedTo incidents: [IncidentID]) async throws -> [IncidentID: [Document]]
    /// Newest version first.
    func documentVersions(tenant: TenantID, document: DocumentID, first: Int, after: String?) async throws -> Page<DocumentVersion>
    /// The document whose current body has this hash, if any (for deduplicated uploads).
    func document(tenant: TenantID, sha256: String) async throws -> Document?

    /// Stores a new document with its first version, tags, incident links and index entry.
    func insertDocument(_ document: Document, audit: AuditEntry) async throws -> Document
    /// Replaces the current state; `newVersion` adds a version row. CONFLICT when the stored
    /// version is not `expectedVersion`.
    func updateDocument(_ document: Document, expectedVersion: Int, newVersion: Bool, audit: AuditEntry) async throws -> Document
    /// Sets or clears `archivedAt` (and `updatedAt`/`updatedBy`).
    func setArchived(tenant: TenantID, id: DocumentID, archivedAt: Timestamp?, by: UserID?, at: Timestamp,
                     audit: AuditEntry) async throws -> Document
    /// Deletes the document, its versions, links and index entry; false when there was none.
    func deleteDocument(tenant: TenantID, id: DocumentID, audit: AuditEntry) async throws -> Bool
    func attachDocument(tenant: TenantID, id: DocumentID, incident: IncidentID, audit: AuditEntry) async throws -> Document
    func detachDocument(tenant: TenantID, id: DocumentID, incident: IncidentID, audit: AuditEntry) async throws -> Document

    /// Documents matching `query` and `filter`, best first, `limit` of them from `offset`, with
    /// the total and the facets over every match.
    func searchDocuments(tenant: TenantID, query: SearchQuery, filter: DocumentFilter, offset: Int,
                         limit: Int) async throws -> DocumentMatches
}

/// Document events across instances (PostgreSQL NOTIFY) or within one (SQLite).
public protocol DocumentEventBus: Sendable {
    /// Called after the change is committed.
    func publish(_ event: DocumentEvent) async
    func subscribe(tenant: TenantID) -> AsyncStream<DocumentEvent>
}

/// Document events within this process only.
public final class LocalDocumentEvents: DocumentEventBus {
    public let fanout = TenantFanout<DocumentEvent>()

    public init() {}

    public func publish(_ event: DocumentEvent) async { fanout.deliver(event, to: event.tenantID) }

    public func subscribe(tenant: TenantID) -> AsyncStream<DocumentEvent> { fanout.subscribe(tenant: tenant) }
}
