import LanternExecution

/// An HTTP answer before it becomes a framework response: status, headers, body.
struct HTTPAnswer: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []
}

/// The method, headers and body of an HTTP request as GraphQL over HTTP needs them.
struct HTTPGraphQLInput: Sendable {
    enum Method: Sendable { case get, post, other }
    var method: Method
    /// Lower-cased header names.
    var headers: [String: String]
    var queryParameters: [(String, String)]
    var body: [UInt8]
    /// A `multipart/form-data` POST, already read by `MultipartUpload.read`: the request it
    /// carries, or why it is refused. `body` is unused then.
    var multipart: Result<MultipartGraphQLRequest, HTTPRequestProblem>?
}

/// GraphQL over HTTP (the current draft, `../shared/SPEC-NOTES.md` §5) as a function of the
/// request, separate from the server so that every status-code rule is testable directly.
struct HTTPGraphQLHandler<R: Resolvers>: Sendable {
    let engine: GraphQLEngine<R>
    let configuration: GraphQLHTTPConfiguration
    /// Where automatic persisted queries are kept; nil: persisted queries are refused.
    var persisted: PersistedQueryStore?

    init(engine: GraphQLEngine<R>, configuration: GraphQLHTTPConfiguration, persisted: PersistedQueryStore? = nil) {
        self.engine = engine
        self.configuration = configuration
        self.persisted = persisted
    }

    enum Outcome {
        case answer(HTTPAnswer)
        /// `Accept: text/event-stream`: stream the operation as Server-Sent Events.
        case eventStream(GraphQLRequest, PreparedDocument)
        /// `Accept: text/event-stream` for a document that parsed but may not run (validation,
        /// introspection turned off): graphql-sse answers inside the accepted stream, with one
        /// `next` event carrying the errors, then `complete`.
        case eventStreamErrors([GraphQLError])
        /// Execute this request and answer with `respond`.
        case execute(GraphQLRequest, PreparedDocument, OperationType, GraphQLMediaType)
    }

    /// Decides everything that can be decided before execution.
    func prepare(_ input: HTTPGraphQLInput) -> Outcome {
        if input.method == .other {
            return .answer(HTTPAnswer(status: 405, headers: [("Allow", "GET, POST")]))
        }
        let accept = input.headers["accept"]
        let wantsEventStream = accept?.lowercased().contains("text/event-stream") == true
        let mediaType: GraphQLMediaType
        if let negotiated = GraphQLMediaType.negotiate(accept) {
            mediaType = negotiated
        } else if wantsEventStream {
            mediaType = .json
        } else {
            return .answer(HTTPAnswer(status: 406, headers: [("Content-Type", "text/plain; charset=utf-8")],
                                      body: Array("Accept application/graphql-response+json or application/json.".utf8)))
        }
        var request: GraphQLRequest
        let decoded: RequestDecoding.Decoded
        do {
            if input.method == .post, let multipart = input.multipart {
                let carried = try multipart.get().request
                decoded = RequestDecoding.Decoded(request: carried, persisted: nil, hasQuery: true)
            } else if input.method == .post {
                let contentType = input.headers["content-type"]?.lowercased() ?? ""
                let mediaRange = contentType.split(separator: ";").first.map { $0.trimmed } ?? ""
                guard mediaRange == "application/json" else {
                    return .answer(HTTPAnswer(status: 415, headers: [("Content-Type", "text/plain; charset=utf-8")],
                                              body: Array("POST requests must have Content-Type: application/json (or multipart/form-data to upload files).".utf8)))
                }
                if input.body.count > configuration.maxBodyBytes { return .answer(HTTPAnswer(status: 413)) }
                decoded = try RequestDecoding.decodePersistedBody(input.body)
            } else {
                decoded = try RequestDecoding.decodePersistedQueryParameters(input.queryParameters)
            }
        } catch {
            return .answer(problemAnswer(error, mediaType: mediaType))
        }
        request = decoded.request
        if let reference = decoded.persisted {
            switch resolve(reference, decoded) {
            case .success(let (text, origin)):
                request.query = text
                request.origin = origin
            case .failure(let refusal): return .answer(requestErrorAnswer(mediaType: mediaType, [refusal], isSyntax: false))
            }
        } else if let trusted = configuration.trustedDocuments {
            request.origin = trusted.origin(ofText: request.query)
        }
        if let refusal = configuration.documentGate.refusal(of: request.origin) {
            return .answer(requestErrorAnswer(mediaType: mediaType, [refusal], isSyntax: false))
        }
        if request.query.utf8.count > configuration.maxQueryBytes {
            return .answer(errorAnswer(status: 413, mediaType: mediaType, [GraphQLError("The query is too long.", code: "BAD_REQUEST")]))
        }
        // Past this point the request is well formed, so an event stream is accepted: only a
        // document that does not parse is still refused with an HTTP status (graphql-sse allows
        // either for it; a 400 tells the client plainly that the text is not GraphQL).
        let prepared: PreparedDocument
        switch engine.prepare(request.query) {
        case .failure(let failure):
            let isSyntax = failure.errors.first?.code == "GRAPHQL_PARSE_FAILED"
            if !isSyntax && input.method == .get && isRefusedOverGET(request, eventStream: wantsEventStream) {
                return .answer(Self.queriesOnlyOverGET)
            }
            if wantsEventStream && !isSyntax { return .eventStreamErrors(failure.errors) }
            return .answer(requestErrorAnswer(mediaType: mediaType, failure.errors, isSyntax: isSyntax))
        case .success(let ready):
            prepared = ready
        }
        let document = prepared.document
        if !configuration.introspection, Self.usesIntrospection(document) {
            let errors = [GraphQLError("GraphQL introspection is not allowed.", code: "FORBIDDEN")]
            if wantsEventStream { return .eventStreamErrors(errors) }
            return .answer(requestErrorAnswer(mediaType: mediaType, errors, isSyntax: false))
        }
        guard let operation = GraphQLEngine<R>.operationType(of: document, operationName: request.operationName) else {
            // Let execution report the precise GetOperation error.
            return wantsEventStream ? .eventStream(request, prepared) : .execute(request, prepared, .query, mediaType)
        }
        // GET never changes anything: queries, and (graphql-sse) subscriptions as an event
        // stream — what a reconnecting EventSource sends, with its Last-Event-ID.
        if input.method == .get && !(operation == .query || (operation == .subscription && wantsEventStream)) {
            return .answer(Self.queriesOnlyOverGET)
        }
        if wantsEventStream { return .eventStream(request, prepared) }
        if operation == .subscription {
            return .answer(requestErrorAnswer(mediaType: mediaType, [GraphQLError(
                "Subscriptions need a WebSocket (graphql-transport-ws) or Server-Sent Events (Accept: text/event-stream).",
                code: "BAD_REQUEST")], isSyntax: false))
        }
        return .execute(request, prepared, operation, mediaType)
    }

    /// The text a persisted reference stands for, and how it arrived: a trusted document (by
    /// id, or by a hash that is a trusted document's), or an automatic persisted query. With the
    /// text given too (an APQ registration), its SHA-256 must be the one named, and it is kept
    /// for the next requests.
    func resolve(_ reference: PersistedReference, _ decoded: RequestDecoding.Decoded) -> Result<(String, DocumentOrigin), GraphQLError> {
        let notFound = GraphQLError("PersistedQueryNotFound", code: "PERSISTED_QUERY_NOT_FOUND")
        let hash: String
        switch reference {
        case .trustedID(let id):
            // A documentId `prefix:payload` names the document registered under the whole id,
            // or else under its payload (`x-relay:123` for a manifest's `123`).
            let payload = id.firstIndex(of: ":").map { String(id[id.index(after: $0)...]) }
            guard let document = configuration.trustedDocuments?.document(id: id)
                    ?? payload.flatMap({ configuration.trustedDocuments?.document(id: $0) }) else { return .failure(notFound) }
            if decoded.hasQuery && decoded.request.query != document.text {
                return .failure(GraphQLError("The query sent is not the trusted document \(id).", code: "PERSISTED_QUERY_HASH_MISMATCH"))
            }
            return .success((document.text, .trusted(id: document.id)))
        case .automatic(let sha256), .documentID(let sha256):
            hash = sha256
        }
        if decoded.hasQuery && PersistedQueryStore.sha256(decoded.request.query) != hash {
            return .failure(GraphQLError("The query's SHA-256 is not the sha256Hash sent with it.", code: "PERSISTED_QUERY_HASH_MISMATCH"))
        }
        if let document = configuration.trustedDocuments?.document(sha256: hash) {
            return .success((document.text, .trusted(id: document.id)))
        }
        // A trusted-only server keeps no client's registration, nor runs one.
        if let refusal = configuration.documentGate.refusal(of: .persisted) { return .failure(refusal) }
        guard let persisted else {
            return .failure(GraphQLError("PersistedQueryNotSupported", code: "PERSISTED_QUERY_NOT_SUPPORTED"))
        }
        if decoded.hasQuery {
            // Only documents that parse are kept: the store holds queries, not arbitrary text.
            if decoded.request.query.utf8.count <= configuration.maxQueryBytes, case .success = engine.prepare(decoded.request.query) {
                persisted.insert(decoded.request.query, hash: hash)
            }
            return .success((decoded.request.query, .persisted))
        }
        guard let text = persisted.text(for: hash) else { return .failure(notFound) }
        return .success((text, .persisted))
    }

    /// The answer for a request that is not well formed: 400 for a body that is not JSON and
    /// for a broken multipart request, 413 for an upload over a bound (`BAD_USER_INPUT`), and
    /// for a malformed request 422 (2026 draft) or 400 (2025 audit).
    func problemAnswer(_ problem: HTTPRequestProblem, mediaType: GraphQLMediaType) -> HTTPAnswer {
        let status: Int
        var code = "BAD_REQUEST"
        switch problem.kind {
        case .unparsable, .invalidMultipart: status = 400
        case .malformed: status = configuration.statusPolicy == .audit2025 ? 400 : 422
        case .uploadTooLarge: (status, code) = (413, "BAD_USER_INPUT")
        }
        return errorAnswer(status: status, mediaType: mediaType, [GraphQLError(problem.message, code: code)])
    }

    /// A mutation (or a subscription not asked for as an event stream) sent with GET.
    static var queriesOnlyOverGET: HTTPAnswer {
        HTTPAnswer(status: 405, headers: [("Allow", "POST"), ("Content-Type", "text/plain; charset=utf-8")],
                   body: Array("Only queries (and subscriptions as text/event-stream) may be sent with GET.".utf8))
    }

    /// Whether an invalid document selects an operation GET refuses: a mutation, or a
    /// subscription without `Accept: text/event-stream`. GET refuses those with 405 before
    /// validation, as graphql-http does, so that a mutation over GET is a 405 even where it would
    /// not validate (on a schema without mutations, say).
    func isRefusedOverGET(_ request: GraphQLRequest, eventStream: Bool) -> Bool {
        guard let document = try? Parser.parse(Source(request.query), options: engine.parseOptions),
              let operation = GraphQLEngine<R>.operationType(of: document, operationName: request.operationName) else { return false }
        return operation == .mutation || (operation == .subscription && !eventStream)
    }

    /// The answer for an executed request. A request refused with RATE_LIMITED (a spent budget,
    /// from the engine's admission check) is 429 Too Many Requests, with `Retry-After` when the
    /// error says when to come back.
    func answer(_ response: ExecutionResponse, mediaType: GraphQLMediaType) -> HTTPAnswer {
        if response.isRequestError {
            if let refusal = response.errors.first, refusal.code == "RATE_LIMITED" {
                var answer = errorAnswer(status: 429, mediaType: mediaType, response.errors)
                if case .int(let seconds)? = refusal.details.first(where: { $0.key == "retryAfterSeconds" })?.value {
                    answer.headers.append(("Retry-After", String(seconds)))
                }
                return answer
            }
            return requestErrorAnswer(mediaType: mediaType, response.errors, isSyntax: false)
        }
        return HTTPAnswer(status: 200, headers: [("Content-Type", mediaType.contentType)], body: response.json)
    }

    /// Request errors (no `data`): 400 for syntax; otherwise 422 under the 2026 draft, and under
    /// the 2025 audit 400 for graphql-response+json and 200 for application/json.
    func requestErrorAnswer(mediaType: GraphQLMediaType, _ errors: [GraphQLError], isSyntax: Bool) -> HTTPAnswer {
        let status: Int
        switch (configuration.statusPolicy, mediaType) {
        case (.audit2025, .json): status = 200
        case (.audit2025, .graphQLResponse): status = 400
        case (.draft2026, _): status = isSyntax ? 400 : 422
        }
        return errorAnswer(status: status, mediaType: mediaType, errors)
    }

    func errorAnswer(status: Int, mediaType: GraphQLMediaType, _ errors: [GraphQLError]) -> HTTPAnswer {
        HTTPAnswer(status: status, headers: [("Content-Type", mediaType.contentType)],
                   body: ExecutionResponse(requestErrors: errors).json)
    }

    /// Whether any field of the document is `__schema` or `__type`.
    static func usesIntrospection(_ document: Document) -> Bool {
        func scan(_ set: SelectionSet) -> Bool {
            for selection in set.selections {
                switch selection {
                case .field(let field):
                    if field.name.value == "__schema" || field.name.value == "__type" { return true }
                    if let sub = field.selectionSet, scan(sub) { return true }
                case .inlineFragment(let fragment):
                    if scan(fragment.selectionSet) { return true }
                case .fragmentSpread:
                    continue
                }
            }
            return false
        }
        return document.definitions.contains { definition in
            switch definition {
            case .operation(let operation): return scan(operation.selectionSet)
            case .fragment(let fragment): return scan(fragment.selectionSet)
            default: return false
            }
        }
    }
}
