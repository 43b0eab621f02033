/// Documents: versioned runbooks, postmortems and notes of a tenant, attached to incidents,
/// searchable, and announced to the tenant's subscribers. VIEWER reads and searches; RESPONDER
/// writes; ADMIN deletes. Another tenant's documents are NOT_FOUND everywhere.
public struct DocumentService: Sendable {
    public let store: any DocumentStore
    public let incidents: any DomainStore
    public let events: any DocumentEventBus

    /// Largest body, in UTF-8 bytes (also the upload limit).
    public static let maximumBodyBytes = 1_048_576
    /// Most documents one bulk call may name.
    public static let maximumBulk = 100

    public init(store: any DocumentStore, incidents: any DomainStore, events: any DocumentEventBus) {
        self.store = store
        self.incidents = incidents
        self.events = events
    }

    // MARK: Reads

    public func document(_ access: TenantAccess, id: DocumentID) async throws -> Document {
        try access.require(.viewer, to: "read documents")
        guard let document = try await store.document(tenant: access.tenant.id, id: id) else { throw DomainError.notFound("Document") }
        return document
    }

    public func documents(_ access: TenantAccess, filter: DocumentFilter, first: Int?, after: String?) async throws -> Page<Document> {
        try access.require(.viewer, to: "read documents")
        return try await store.documents(tenant: access.tenant.id, filter: Self.normalised(filter), first: try Paging.size(first), after: after)
    }

    public func documents(_ access: TenantAccess, attachedTo incidents: [IncidentID]) async throws -> [IncidentID: [Document]] {
        try access.require(.viewer, to: "read documents")
        return try await store.documents(tenant: access.tenant.id, attachedTo: incidents)
    }

    public func versions(_ access: TenantAccess, of document: DocumentID, first: Int?, after: String?) async throws -> Page<DocumentVersion> {
        try access.require(.viewer, to: "read documents")
        return try await store.documentVersions(tenant: access.tenant.id, document: document, first: try Paging.size(first), after: after)
    }

    /// Parses the query (BAD_USER_INPUT when nothing searchable remains), then finds the page and
    /// the facets of every match; snippets are made for the page only.
    public func search(_ access: TenantAccess, query text: String, filter: DocumentFilter, first: Int?,
                       after: String?) async throws -> DocumentSearchPage {
        try access.require(.viewer, to: "search documents")
        let query = try SearchQuery.parse(text)
        let size = try Paging.size(first)
        let offset = try after.map(SearchCursor.offset(from:)) ?? 0
        let matches = try await store.searchDocuments(tenant: access.tenant.id, query: query, filter: Self.normalised(filter),
                                                      offset: offset, limit: size + 1)
        let page = matches.documents.prefix(size)
        let hits = page.map { match in
            DocumentSearchHit(document: match.document, score: match.score, snippet: SearchSnippet.make(body: match.document.body, query: query))
        }
        return DocumentSearchPage(hits: hits, cursors: hits.indices.map { SearchCursor.encode(offset: offset + $0 + 1) },
                                  hasNextPage: matches.documents.count > size, hasPreviousPage: offset > 0,
                                  totalCount: matches.totalCount, kinds: matches.kinds, tags: matches.tags)
    }

    // MARK: Changes

    public func create(_ access: TenantAccess, title: String, kind: DocumentKind, body: String, tags: [String]?,
                       incidentIDs: [IncidentID]?) async throws -> Document {
        try access.require(.responder, to: "write documents")
        let now = Timestamp.now()
        let incidents = try await existingIncidents(access, incidentIDs ?? [])
        let document = Document(id: .generate(), tenantID: access.tenant.id, title: try Self.title(title), kind: kind,
                                tags: try InputRules.tags(tags ?? [], of: "A document"), body: try Self.body(body), version: 1,
                                createdBy: access.actor.userID, createdAt: now, updatedAt: now, updatedBy: access.actor.userID,
                                incidentIDs: incidents)
        let stored = try await store.insertDocument(document, audit: access.audit("document.create", "Document", document.id.rawValue, at: now))
        await publish(.created, stored, access, now)
        return stored
    }

    /// A new version with the fields given; CONFLICT when `expectedVersion` is not the current
    /// version; nothing at all when the fields given equal the current ones.
    public func update(_ access: TenantAccess, id: DocumentID, expectedVersion: Int, title: String?, body: String?,
                       tags: [String]?) async throws -> Document {
        try access.require(.responder, to: "write documents")
        var document = try await document(access, id: id)
        guard document.version == expectedVersion else {
            throw DomainError.conflict("The document is at version \(document.version), not \(expectedVersion); reload it and apply your change again.")
        }
        let now = Timestamp.now()
        let changed = Document(id: document.id, tenantID: document.tenantID, title: try title.map(Self.title) ?? document.title,
                               kind: document.kind, tags: try tags.map { try InputRules.tags($0, of: "A document") } ?? document.tags,
                               body: try body.map(Self.body) ?? document.body, version: document.version + 1,
                               createdBy: document.createdBy, createdAt: document.createdAt, updatedAt: now,
                               updatedBy: access.actor.userID, archivedAt: document.archivedAt, incidentIDs: document.incidentIDs)
        guard changed.title != document.title || changed.body != document.body || changed.tags != document.tags else { return document }
        document = try await store.updateDocument(changed, expectedVersion: expectedVersion, newVersion: true,
                                                  audit: access.audit("document.update", "Document", id.rawValue, at: now))
        await publish(.updated, document, access, now)
        return document
    }

    public func archive(_ access: TenantAccess, id: DocumentID) async throws -> Document {
        try await setArchived(access, id: id, archived: true)
    }

    public func restore(_ access: TenantAccess, id: DocumentID) async throws -> Document {
        try await setArchived(access, id: id, archived: false)
    }

    /// Each id archived on its own: one failing does not stop the others.
    public func archive(_ access: TenantAccess, ids: [String]) async throws -> [BulkOutcome] {
        try access.require(.responder, to: "write documents")
        guard ids.count <= Self.maximumBulk else { throw DomainError.badInput("At most \(Self.maximumBulk) ids per call.") }
        var outcomes: [BulkOutcome] = []
        for id in ids {
            do {
                _ = try await setArchived(access, id: DocumentID(id), archived: true)
                outcomes.append(BulkOutcome(id: id, error: nil))
            } catch let error as DomainError {
                outcomes.append(BulkOutcome(id: id, error: error))
            }
        }
        return outcomes
    }

    public func delete(_ access: TenantAccess, id: DocumentID) async throws -> Bool {
        try access.require(.admin, to: "delete documents")
        let now = Timestamp.now()
        guard try await store.deleteDocument(tenant: access.tenant.id, id: id,
                                             audit: access.audit("document.delete", "Document", id.rawValue, at: now)) else {
            throw DomainError.notFound("Document")
        }
        await events.publish(DocumentEvent(kind: .deleted, tenantID: access.tenant.id, documentID: id, document: nil,
                                           actor: access.actor, at: now))
        return true
    }

    public func attach(_ access: TenantAccess, document id: DocumentID, incident: IncidentID) async throws -> Document {
        try access.require(.responder, to: "write documents")
        _ = try await existingIncidents(access, [incident])
        let now = Timestamp.now()
        let document = try await store.attachDocument(tenant: access.tenant.id, id: id, incident: incident,
                                                      audit: access.audit("document.attach", "Document", id.rawValue, at: now))
        await publish(.updated, document, access, now)
        return document
    }

    public func detach(_ access: TenantAccess, document id: DocumentID, incident: IncidentID) async throws -> Document {
        try access.require(.responder, to: "write documents")
        let now = Timestamp.now()
        let document = try await store.detachDocument(tenant: access.tenant.id, id: id, incident: incident,
                                                      audit: access.audit("document.detach", "Document", id.rawValue, at: now))
        await publish(.updated, document, access, now)
        return document
    }

    /// A text file as a document: UTF-8 only, `text/markdown` or `text/plain`, at most 1 MiB. A
    /// byte-identical body already in the tenant returns that document instead of a copy.
    public func upload(_ access: TenantAccess, filename: String, contentType: String, bytes: [UInt8], title: String?,
                       kind: DocumentKind, tags: [String]?, incidentIDs: [IncidentID]?) async throws -> Document {
        try access.require(.responder, to: "write documents")
        guard bytes.count <= Self.maximumBodyBytes else {
            throw DomainError.badInput("A file may have at most \(Self.maximumBodyBytes) bytes; this one has \(bytes.count).")
        }
        let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard media == "text/markdown" || media == "text/plain" else {
            throw DomainError.badInput("Only text/markdown and text/plain files can be uploaded, not '\(media)'.")
        }
        guard let body = String(validating: bytes, as: UTF8.self) else {
            throw DomainError.badInput("The file is not valid UTF-8 text.")
        }
        if let existing = try await store.document(tenant: access.tenant.id, sha256: Document.sha256(of: body)) { return existing }
        let fallback = filename.split(separator: "/").last.map { name in
            name.contains(".") ? String(name[..<name.lastIndex(of: ".")!]) : String(name)
        }
        return try await create(access, title: title ?? fallback ?? "Untitled", kind: kind, body: body, tags: tags, incidentIDs: incidentIDs)
    }

    public func events(_ access: TenantAccess) throws -> AsyncStream<DocumentEvent> {
        try access.require(.viewer, to: "subscribe to document events")
        return events.subscribe(tenant: access.tenant.id)
    }

    // MARK: Rules

    private func setArchived(_ access: TenantAccess, id: DocumentID, archived: Bool) async throws -> Document {
        try access.require(.responder, to: "write documents")
        let current = try await document(access, id: id)
        guard (current.archivedAt != nil) != archived else { return current }
        let now = Timestamp.now()
        let document = try await store.setArchived(tenant: access.tenant.id, id: id, archivedAt: archived ? now : nil,
                                                   by: access.actor.userID, at: now,
                                                   audit: access.audit(archived ? "document.archive" : "document.restore", "Document",
                                                                       id.rawValue, at: now))
        await publish(archived ? .archived : .restored, document, access, now)
        return document
    }

    private func existingIncidents(_ access: TenantAccess, _ ids: [IncidentID]) async throws -> [IncidentID] {
        let unique = Array(Set(ids))
        guard unique.count <= 20 else { throw DomainError.badInput("A document is attached to at most 20 incidents at once.") }
        guard !unique.isEmpty else { return [] }
        let found = try await incidents.incidents(tenant: access.tenant.id, ids: unique)
        guard found.count == unique.count else { throw DomainError.notFound("Incident") }
        return unique.sorted { $0.rawValue < $1.rawValue }
    }

    private func publish(_ kind: DocumentEventKind, _ document: Document, _ access: TenantAccess, _ at: Timestamp) async {
        await events.publish(DocumentEvent(kind: kind, tenantID: document.tenantID, documentID: document.id, document: document,
                                           actor: access.actor, at: at))
    }

    static func title(_ raw: String) throws(DomainError) -> String { try InputRules.text(raw, field: "title", maximum: 200) }

    static func body(_ raw: String) throws(DomainError) -> String {
        guard raw.utf8.count <= maximumBodyBytes else {
            throw .badInput("`body` must have at most \(maximumBodyBytes) bytes.")
        }
        return raw
    }

    static func normalised(_ filter: DocumentFilter) -> DocumentFilter {
        var filter = filter
        filter.tag = filter.tag.map { $0.trimmingWhitespace().lowercased() }
        return filter
    }
}

/// Search pages are addressed by position in the ranked list: `after` is the position of the last
/// hit seen. Cursors come from clients, so anything else is BAD_USER_INPUT.
enum SearchCursor {
    /// Deepest position a cursor may point at: ranked lists are not for crawling.
    static let maximumOffset = 10_000

    static func encode(offset: Int) -> String { "s" + String(offset) }

    static func offset(from cursor: String) throws(DomainError) -> Int {
        guard cursor.utf8.count <= 12, cursor.first == "s", let offset = Int(cursor.dropFirst()), offset >= 0,
              offset <= maximumOffset else {
            throw .badInput("The `after` cursor is not one this search gave out.")
        }
        return offset
    }
}
