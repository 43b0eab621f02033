import LanternLanguage
import LanternSchema
import LanternValidation

/// A GraphQL request as transports receive it.
public struct GraphQLRequest: Sendable, Equatable {
    public var query: String
    public var operationName: String?
    public var variables: JSONObject

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
    private let onInternalError: @Sendable (any Error, [PathComponent]) -> Void

    public init(schema: Schema, resolvers: R, root: R.Source, cacheCapacity: Int = 1_000,
                parseOptions: ParseOptions = .default, validationOptions: ValidationOptions = .default,
                onInternalError: @escaping @Sendable (any Error, [PathComponent]) -> Void = { _, _ in }) {
        self.schema = schema
        self.resolvers = resolvers
        self.root = root
        self.cache = DocumentCache(capacity: cacheCapacity)
        self.parseOptions = parseOptions
        self.validationOptions = validationOptions
        self.onInternalError = onInternalError
    }

    /// Parses and validates `query`, or returns the cached result of doing so earlier.
    public func document(for query: String) -> Result<Document, GraphQLErrors> {
        if let cached = cache.document(for: query) { return .success(cached) }
        let document: Document
        do {
            document = try Parser.parse(Source(query), options: parseOptions)
        } catch {
            return .failure(GraphQLErrors([GraphQLError(syntaxError: error)]))
        }
        let errors = Validator.validate(document, schema: schema, options: validationOptions)
        if !errors.isEmpty { return .failure(GraphQLErrors(errors)) }
        cache.store(document, for: query)
        return .success(document)
    }

    /// The type of the operation a request would run, if it can be determined.
    public static func operationType(of document: Document, operationName: String?) -> OperationType? {
        let operations = document.operations
        if let operationName { return operations.first { $0.name?.value == operationName }?.operation }
        return operations.count == 1 ? operations[0].operation : nil
    }

    public func execute(_ request: GraphQLRequest, context: R.Context) async -> ExecutionResponse {
        switch document(for: request.query) {
        case .failure(let failure): return ExecutionResponse(requestErrors: failure.errors)
        case .success(let document):
            return await Execution.execute(schema: schema, document: document, operationName: request.operationName,
                                           variables: request.variables, root: root, resolvers: resolvers, context: context,
                                           onInternalError: onInternalError)
        }
    }

    /// Executes a request whose document was already prepared by `document(for:)`.
    public func execute(_ request: GraphQLRequest, document: Document, context: R.Context) async -> ExecutionResponse {
        await Execution.execute(schema: schema, document: document, operationName: request.operationName,
                                variables: request.variables, root: root, resolvers: resolvers, context: context,
                                onInternalError: onInternalError)
    }

    public func subscribe(_ request: GraphQLRequest, document: Document, context: R.Context) async -> SubscriptionResult {
        await Execution.subscribe(schema: schema, document: document, operationName: request.operationName,
                                  variables: request.variables, root: root, resolvers: resolvers, context: context,
                                  onInternalError: onInternalError)
    }

    public func subscribe(_ request: GraphQLRequest, context: R.Context) async -> SubscriptionResult {
        switch document(for: request.query) {
        case .failure(let failure): return .failure(ExecutionResponse(requestErrors: failure.errors))
        case .success(let document):
            return await Execution.subscribe(schema: schema, document: document, operationName: request.operationName,
                                             variables: request.variables, root: root, resolvers: resolvers, context: context,
                                             onInternalError: onInternalError)
        }
    }
}
