import LanternCodegenRuntime
import LanternDomain
import LanternExecution

/// `Schema/documents.graphql`: versioned documents, search, uploads and document events.
extension ServiceResolvers {
    func document(_ arguments: QueryDocumentArguments, context: RequestContext, selection: FieldSelection) async throws -> Document? {
        try await context.services.documents.document(try await context.tenantAccess(), id: arguments.id)
    }

    func documents(_ arguments: QueryDocumentsArguments, context: RequestContext,
                   selection: FieldSelection) async throws -> Connection<Document> {
        Connection(try await context.services.documents.documents(try await context.tenantAccess(), filter: Self.filter(arguments.filter),
                                                                  first: arguments.first, after: arguments.after))
    }

    func searchDocuments(_ arguments: QuerySearchDocumentsArguments, context: RequestContext,
                         selection: FieldSelection) async throws -> DocumentSearchConnection {
        let page = try await context.services.documents.search(try await context.tenantAccess(), query: arguments.query,
                                                               filter: Self.filter(arguments.filter), first: arguments.first,
                                                               after: arguments.after)
        let edges = zip(page.cursors, page.hits).map { cursor, hit in
            DocumentSearchEdge(cursor: cursor, node: hit.document, score: hit.score, snippet: hit.snippet)
        }
        return DocumentSearchConnection(
            edges: edges,
            pageInfo: PageInfo(hasNextPage: page.hasNextPage, hasPreviousPage: page.hasPreviousPage,
                               startCursor: page.cursors.first, endCursor: page.cursors.last),
            totalCount: page.totalCount, facets: DocumentFacets(kinds: page.kinds, tags: page.tags))
    }

    func createDocument(_ arguments: MutationCreateDocumentArguments, context: RequestContext,
                        selection: FieldSelection) async throws -> Document {
        let input = arguments.input
        return try await context.services.documents.create(try await context.tenantAccess(), title: input.title, kind: input.kind,
                                                           body: input.body, tags: input.tags, incidentIDs: input.incidentIds)
    }

    func updateDocument(_ arguments: MutationUpdateDocumentArguments, context: RequestContext,
                        selection: FieldSelection) async throws -> Document {
        let input = arguments.input
        return try await context.services.documents.update(try await context.tenantAccess(), id: arguments.id,
                                                           expectedVersion: arguments.expectedVersion, title: input.title,
                                                           body: input.body, tags: input.tags)
    }

    func archiveDocument(_ arguments: MutationArchiveDocumentArguments, context: RequestContext,
                         selection: FieldSelection) async throws -> Document {
        try await context.services.documents.archive(try await context.tenantAccess(), id: arguments.id)
    }

    func restoreDocument(_ arguments: MutationRestoreDocumentArguments, context: RequestContext,
                         selection: FieldSelection) async throws -> Document {
        try await context.services.documents.restore(try await context.tenantAccess(), id: arguments.id)
    }

    func deleteDocument(_ arguments: MutationDeleteDocumentArguments, context: RequestContext,
                        selection: FieldSelection) async throws -> Bool {
        try await context.services.documents.delete(try await context.tenantAccess(), id: arguments.id)
    }

    func attachDocument(_ arguments: MutationAttachDocumentArguments, context: RequestContext,
                        selection: FieldSelection) async throws -> Document {
        try await context.services.documents.attach(try await context.tenantAccess(), document: arguments.documentId,
                                                    incident: arguments.incidentId)
    }

    func detachDocument(_ arguments: MutationDetachDocumentArguments, context: RequestContext,
                        selection: FieldSelection) async throws -> Document {
        try await context.services.documents.detach(try await context.tenantAccess(), document: arguments.documentId,
                                                    incident: arguments.incidentId)
    }

    func archiveDocuments(_ arguments: MutationArchiveDocumentsArguments, context: RequestContext,
                          selection: FieldSelection) async throws -> [BulkResult] {
        try await context.services.documents.archive(try await context.tenantAccess(), ids: arguments.ids).map { outcome in
            BulkResult(id: outcome.id, ok: outcome.error == nil,
                       error: outcome.error.map { BulkError(code: $0.kind.rawValue, message: $0.message) })
        }
    }

    func uploadDocument(_ arguments: MutationUploadDocumentArguments, context: RequestContext,
                        selection: FieldSelection) async throws -> Document {
        guard let file = context.uploads[arguments.file.rawValue] else {
            throw DomainError.badInput("No file was sent for `file`: send it as a GraphQL multipart request (multipart/form-data).")
        }
        let input = arguments.input
        return try await context.services.documents.upload(try await context.tenantAccess(), filename: file.filename,
                                                           contentType: file.contentType, bytes: file.bytes, title: input.title,
                                                           kind: input.kind, tags: input.tags, incidentIDs: input.incidentIds)
    }

    func documentEvents(context: RequestContext, selection: FieldSelection) async throws -> AsyncThrowingStream<DocumentEvent, any Error> {
        Self.relay(try context.services.documents.events(try await context.tenantAccess()))
    }

    // MARK: Document, DocumentVersion, DocumentEvent, Incident.documents

    func createdBy(of parents: [Document], context: RequestContext, selection: FieldSelection) async throws -> [User?] {
        try await Self.users(parents.map(\.createdBy), context)
    }

    func updatedBy(of parents: [Document], context: RequestContext, selection: FieldSelection) async throws -> [User?] {
        try await Self.users(parents.map(\.updatedBy), context)
    }

    func incidents(of parents: [Document], context: RequestContext, selection: FieldSelection) async throws -> [[Incident]] {
        let ids = Array(Set(parents.flatMap(\.incidentIDs)))
        let found = ids.isEmpty ? [:] : try await context.services.store.incidents(tenant: try await context.tenantAccess().tenant.id, ids: ids)
        return parents.map { $0.incidentIDs.compactMap { found[$0] } }
    }

    func versions(of parent: Document, _ arguments: DocumentVersionsArguments, context: RequestContext,
                  selection: FieldSelection) async throws -> Connection<DocumentVersion> {
        Connection(try await context.services.documents.versions(try await context.tenantAccess(), of: parent.id,
                                                                 first: arguments.first, after: arguments.after))
    }

    func author(of parents: [DocumentVersion], context: RequestContext, selection: FieldSelection) async throws -> [User?] {
        try await Self.users(parents.map(\.author), context)
    }

    func actor(of parents: [DocumentEvent], context: RequestContext, selection: FieldSelection) async throws -> [User?] {
        try await Self.users(parents.map(\.actor.userID), context)
    }

    func documents(of parents: [Incident], context: RequestContext, selection: FieldSelection) async throws -> [[Document]] {
        let attached = try await context.services.documents.documents(try await context.tenantAccess(), attachedTo: parents.map(\.id))
        return parents.map { attached[$0.id] ?? [] }
    }

    private static func filter(_ given: DocumentFilterInput?) -> DocumentFilter {
        DocumentFilter(kind: given?.kind, tag: given?.tag, incidentID: given?.incidentId, archived: given?.archived ?? false)
    }
}

/// The event's document id under the name the schema gives it.
extension DocumentEvent {
    var documentId: DocumentID { documentID }
}

/// An `Upload` variable: the token the HTTP layer put where the client's multipart `map` pointed,
/// naming a file of the request (`RequestContext.uploads`).
struct UploadToken: Sendable, Hashable {
    let rawValue: String
}

enum UploadCoding: ScalarCoding {
    static func encode(_ value: UploadToken) -> JSONValue { .string(value.rawValue) }

    static func decode(_ json: JSONValue) throws -> UploadToken {
        guard case .string(let token) = json else {
            throw ClientError("An Upload is a file part of a GraphQL multipart request, mapped to this variable.")
        }
        return UploadToken(rawValue: token)
    }
}
