public typealias DocumentID = EntityID<Document>

public enum DocumentKind: String, Sendable, CaseIterable, Hashable {
    case runbook = "RUNBOOK"
    case postmortem = "POSTMORTEM"
    case note = "NOTE"
}

/// A runbook, postmortem or note: the current version denormalised (title, body, hash, size),
/// the tags and the incidents it is attached to.
public struct Document: Sendable, Hashable {
    public var id: DocumentID
    public var tenantID: TenantID
    public var title: String
    public var kind: DocumentKind
    public var tags: [String]
    public var body: String
    /// From 1; a new version only when title, body or tags change.
    public var version: Int
    /// Lower-case hex SHA-256 of the body's UTF-8 bytes.
    public var sha256: String
    public var sizeBytes: Int
    /// Nil when an API key created it.
    public var createdBy: UserID?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var updatedBy: UserID?
    public var archivedAt: Timestamp?
    public var incidentIDs: [IncidentID]

    public init(id: DocumentID, tenantID: TenantID, title: String, kind: DocumentKind, tags: [String], body: String,
                version: Int, createdBy: UserID?, createdAt: Timestamp, updatedAt: Timestamp, updatedBy: UserID?,
                archivedAt: Timestamp? = nil, incidentIDs: [IncidentID] = [], storedSHA256: String? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.title = title
        self.kind = kind
        self.tags = tags
        self.body = body
        self.version = version
        self.sha256 = storedSHA256 ?? Self.sha256(of: body)
        self.sizeBytes = body.utf8.count
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.archivedAt = archivedAt
        self.incidentIDs = incidentIDs
    }

    /// The version this document's current state is.
    public var currentVersion: DocumentVersion {
        DocumentVersion(documentID: id, version: version, title: title, body: body, sha256: sha256, sizeBytes: sizeBytes,
                        author: updatedBy, createdAt: updatedAt)
    }

    static func sha256(of body: String) -> String { SecureRandom.digest(body) }
}

/// One immutable version of a document.
public struct DocumentVersion: Sendable, Hashable {
    public var documentID: DocumentID
    public var version: Int
    public var title: String
    public var body: String
    public var sha256: String
    public var sizeBytes: Int
    /// Nil when an API key wrote it.
    public var author: UserID?
    public var createdAt: Timestamp

    public init(documentID: DocumentID, version: Int, title: String, body: String, sha256: String, sizeBytes: Int,
                author: UserID?, createdAt: Timestamp) {
        self.documentID = documentID
        self.version = version
        self.title = title
        self.body = body
        self.sha256 = sha256
        self.sizeBytes = sizeBytes
        self.author = author
        self.createdAt = createdAt
    }
}

public struct DocumentFilter: Sendable, Hashable {
    public var kind: DocumentKind?
    public var tag: String?
    public var incidentID: IncidentID?
    /// False (the default): only documents that are not archived; true: only archived ones.
    public var archived: Bool

    public init(kind: DocumentKind? = nil, tag: String? = nil, incidentID: IncidentID? = nil, archived: Bool = false) {
        self.kind = kind
        self.tag = tag
        self.incidentID = incidentID
        self.archived = archived
    }
}

/// A value and how many matching documents have it.
public struct FacetCount: Sendable, Hashable {
    public var value: String
    public var count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

public struct DocumentSearchHit: Sendable {
    public var document: Document
    /// Higher is better; comparable within one result list only.
    public var score: Double
    /// The best passage of the body, matched words in `<mark>`, the rest HTML-escaped.
    public var snippet: String

    public init(document: Document, score: Double, snippet: String) {
        self.document = document
        self.score = score
        self.snippet = snippet
    }
}

/// A page of search results and the facets of every match (not only of the page).
public struct DocumentSearchPage: Sendable {
    public var hits: [DocumentSearchHit]
    public var cursors: [String]
    public var hasNextPage: Bool
    public var hasPreviousPage: Bool
    public var totalCount: Int
    public var kinds: [FacetCount]
    public var tags: [FacetCount]

    public init(hits: [DocumentSearchHit], cursors: [String], hasNextPage: Bool, hasPreviousPage: Bool, totalCount: Int,
                kinds: [FacetCount], tags: [FacetCount]) {
        self.hits = hits
        self.cursors = cursors
        self.hasNextPage = hasNextPage
        self.hasPreviousPage = hasPreviousPage
        self.totalCount = totalCount
        self.kinds = kinds
        self.tags = tags
    }
}

/// What the store returns for a search: matching documents with their scores, best first, and
/// the facets over all matches. Snippets are made by the service, for the page only.
public struct DocumentMatches: Sendable {
    public var documents: [(document: Document, score: Double)]
    public var totalCount: Int
    public var kinds: [FacetCount]
    public var tags: [FacetCount]

    public init(documents: [(document: Document, score: Double)], totalCount: Int, kinds: [FacetCount], tags: [FacetCount]) {
        self.documents = documents
        self.totalCount = totalCount
        self.kinds = kinds
        self.tags = tags
    }
}

public enum DocumentEventKind: String, Sendable, CaseIterable {
    case created = "CREATED"
    case updated = "UPDATED"
    case archived = "ARCHIVED"
    case restored = "RESTORED"
    case deleted = "DELETED"
}

/// A change to a document, for the tenant's `documentEvents` subscribers.
public struct DocumentEvent: Sendable {
    public var kind: DocumentEventKind
    public var tenantID: TenantID
    public var documentID: DocumentID
    /// The document after the change; nil once deleted.
    public var document: Document?
    public var actor: Actor
    public var at: Timestamp

    public init(kind: DocumentEventKind, tenantID: TenantID, documentID: DocumentID, document: Document?, actor: Actor, at: Timestamp) {
        self.kind = kind
        self.tenantID = tenantID
        self.documentID = documentID
        self.document = document
        self.actor = actor
        self.at = at
    }
}

/// One id of a bulk operation: done, or refused with its own error.
public struct BulkOutcome: Sendable {
    public var id: String
    public var error: DomainError?

    public init(id: String, error: DomainError?) {
        self.id = id
        self.error = error
    }
}
