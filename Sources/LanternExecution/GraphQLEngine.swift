import LanternLanguage
import LanternSchema
import LanternValidation

/// A GraphQL request as transports receive it.
public struct GraphQLRequest: Sendable, Equatable {
    public var query: String
    public var operationName: String?
    public var variables: JSONObject
    /// How the document reached the server; an application's admission check may refuse
    /// documents that are not trusted (see `DocumentOrigin`).
    public var origin: DocumentOrigin = .text

    public init(query: String, operationName: String? = nil, variables: JSONObject = JSONObject()) {
        self.query = query
        self.operationName = operationName
        self.variables = variables
    }
}

/// The request pipeline: document cache, parser limits, validation, then execution.
/// Transports (HTTP, WebSocket) hold one engine and call it per request.
public final class GraphQLEngine<R: Resolvers>: Sendable {
    public let schema: Schema
    public let resolvers: R
    public let root: R.Source
    public let cache: DocumentCache
    public let parseOptions: ParseOptions
    public let validationOptions: ValidationOptions
    /// The schema's `@cost`/`@listSize` facts, read once.
    public let costModel: CostModel
    private let onInternalError: @Sendable (any Error, [PathComponent]) -> Void
    private let admission: (@Sendable (Admission, R.Context) async throws -> Void)?
    private let subscriptionSharingKey: (@Sendable (R.Context, GraphQLRequest) -> String?)?
    private let sharedSubscriptions = SharedSubscriptions()

    /// What the engine knows of an operation it is about to run, for an application's admission
    /// check (a per-tenant budget of cost points, say).
    public struct Admission: Sendable {
        public var operation: OperationType
        public var cost: Double
        /// How the request's document arrived: as text, by a persisted query's hash, or as a
        /// trusted document.
        public var origin: DocumentOrigin
    }

    /// - Parameter admission: called with each operation's type and cost after the limits pass
    ///   and before any resolver runs; a `PublicError` it throws refuses the request with that
    ///   error's code and details.
    /// - Parameter subscriptionSharingKey: for a subscriber's context and request, a key such
    ///   that contexts with equal keys would see the same results (the same principal, tenant and
    ///   role, say), or nil to execute this subscriber alone — also for a request whose stream
    ///   depends on where it starts (a resumed subscription replays what it missed, which a
    ///   subscriber joining an execution already under way would not get). Subscribers with
    ///   equal keys, documents, operations and variables share one execution per event, run
    ///   with the first one's context.
    public init(schema: Schema, resolvers: R, root: R.Source, cacheCapacity: Int = 1_000,
                parseOptions: ParseOptions = .default, validationOptions: ValidationOptions = .default,
                onInternalError: @escaping @Sendable (any Error, [PathComponent]) -> Void = { _, _ in },
                admission: (@Sendable (Admission, R.Context) async throws -> Void)? = nil,
                subscriptionSharingKey: (@Sendable (R.Context, GraphQLRequest) -> String?)? = nil) {
        self.schema = schema
        self.resolvers = resolvers
        self.root = root
        self.cache = DocumentCache(capacity: cacheCapacity)
        self.parseOptions = parseOptions
        self.validationOptions = validationOptions
        self.costModel = CostModel(schema: schema)
        self.onInternalError = onInternalError
        self.admission = admission
        self.subscriptionSharingKey = subscriptionSharingKey
    }

    /// How many shared subscription executions are running.
    public var sharedSubscriptionCount: Int { sharedSubscriptions.count }

    /// Parses and validates `query`, or returns the cached result of doing so earlier.
    public func document(for query: String) -> Result<Document, GraphQLErrors> {
        prepare(query).map(\.document)
    }

    /// Parses, validates and measures `query`, or returns the cached result of doing so earlier.
    public func prepare(_ query: String) -> Result<PreparedDocument, GraphQLErrors> {
        if let cached = cache.prepared(for: query) { return .success(cached) }
        let document: Document
        do {
            document = try Parser.parse(Source(query), options: parseOptions)
        } catch {
            return .failure(GraphQLErrors([GraphQLError(syntaxError: error)]))
        }
        let errors = Validator.validate(document, schema: schema, options: validationOptions)
        if !errors.isEmpty { return .failure(GraphQLErrors(errors)) }
        let prepared = PreparedDocument(document: document, schema: schema, costModel: costModel,
                                        limits: validationOptions.limits)
        // Requests that missed together converge on the first one stored, and so share its plans.
        return .success(cache.store(prepared, for: query))
    }

    /// The limits and the admission check for the operation `request` selects: nil to go
    /// ahead, or the request error that refuses it before any resolver runs.
    func refusal(for request: GraphQLRequest, prepared: PreparedDocument, context: R.Context) async -> ExecutionResponse? {
        // An operation that cannot be selected is left to execution, which reports it precisely.
        guard let operation = prepared.document.operation(named: request.operationName) else { return nil }
        var cost = 0.0
        if let limits = validationOptions.limits, let analysis = prepared.analyses[operation.name?.value] {
            cost = analysis.cost(of: operation, in: prepared.document, schema: schema, costModel: costModel, limits: limits,
                                 variables: request.variables)
            if let violation = limits.violation(of: analysis, cost: cost) {
                return ExecutionResponse(requestErrors: [violation])
            }
        }
        guard let admission else { return nil }
        do {
            try await admission(Admission(operation: operation.operation, cost: cost, origin: request.origin), context)
            return nil
        } catch let error as any PublicError {
            var refusal = GraphQLError(error.message, code: error.code)
            refusal.details = error.details
            return ExecutionResponse(requestErrors: [refusal])
        } catch {
            onInternalError(error, [])
            return ExecutionResponse(requestErrors: [GraphQLError("Internal server error", code: "INTERNAL")])
        }
    }

    /// The type of the operation a request would run, if it can be determined.
    public static func operationType(of document: Document, operationName: String?) -> OperationType? {
        document.operation(named: operationName)?.operation
    }

    public func execute(_ request: GraphQLRequest, context: R.Context) async -> ExecutionResponse {
        switch prepare(request.query) {
        case .failure(let failure): return ExecutionResponse(requestErrors: failure.errors)
        case .success(let prepared): return await execute(request, prepared: prepared, context: context)
        }
    }

    /// Executes a request whose document `prepare` returned: limits and admission, then execution.
    public func execute(_ request: GraphQLRequest, prepared: PreparedDocument, context: R.Context) async -> ExecutionResponse {
        if let refusal = await refusal(for: request, prepared: prepared, context: context) { return refusal }
        return await Execution.execute(schema: schema, document: prepared.document, operationName: request.operationName,
                                       variables: request.variables, root: root, resolvers: resolvers, context: context,
                                       prepared: prepared, onInternalError: onInternalError)
    }

    /// - Parameter deadline: bounds a query or mutation, and each event execution of a subscription.
    public func subscribe(_ request: GraphQLRequest, prepared: PreparedDocument, context: R.Context,
                          deadline: Duration? = nil) async -> SubscriptionResult {
        if let refusal = await refusal(for: request, prepared: prepared, context: context) { return .failure(refusal) }
        if let deadline, let operation = prepared.document.operation(named: request.operationName), operation.operation != .subscription {
            // A query or mutation sent to a subscription transport: one response, under the deadline.
            let response = await withTimeout(deadline) { [self] in
                await Execution.execute(schema: schema, document: prepared.document, operationName: request.operationName,
                                        variables: request.variables, root: root, resolvers: resolvers, context: context,
                                        prepared: prepared, onInternalError: onInternalError)
            } ?? .timedOut
            if response.isRequestError { return .failure(response) }
            return .stream(AsyncThrowingStream { continuation in
                continuation.yield(response)
                continuation.finish()
            })
        }
        let start: @Sendable () async -> SubscriptionResult = { [self] in
            await Execution.subscribe(schema: schema, document: prepared.document, operationName: request.operationName,
                                      variables: request.variables, root: root, resolvers: resolvers, context: context,
                                      onInternalError: onInternalError, eventDeadline: deadline, prepared: prepared)
        }
        guard let sharing = subscriptionSharingKey?(context, request) else { return await start() }
        var variables = JSONWriter(capacity: 64)
        variables.value(.object(request.variables))
        let key = [sharing, request.query, request.operationName ?? "", String(decoding: variables.bytes, as: UTF8.self),
                   deadline.map { "\($0)" } ?? ""].joined(separator: "\u{0}")
        return await sharedSubscriptions.subscribe(key: key, start: start)
    }

    public func subscribe(_ request: GraphQLRequest, context: R.Context, deadline: Duration? = nil) async -> SubscriptionResult {
        switch prepare(request.query) {
        case .failure(let failure): return .failure(ExecutionResponse(requestErrors: failure.errors))
        case .success(let prepared): return await subscribe(request, prepared: prepared, context: context, deadline: deadline)
        }
    }
}
