import LanternLanguage
import LanternSchema

/// Executes validated documents: GetOperation, CoerceVariableValues, then the operation,
/// producing the response as JSON bytes.
public enum Execution {
    /// The outcome before any field runs: either the chosen operation and coerced variables,
    /// or request errors (the response then has no `data`).
    @usableFromInline
    static func prepare(schema: Schema, document: Document, operationName: String?,
                        variables: JSONObject) -> Result<(OperationDefinition, JSONObject), GraphQLErrors> {
        let operations = document.operations
        let operation: OperationDefinition
        if let operationName {
            guard let found = operations.first(where: { $0.name?.value == operationName }) else {
                return .failure(GraphQLErrors([GraphQLError("Unknown operation named \"\(operationName)\".", code: "BAD_USER_INPUT")]))
            }
            operation = found
        } else {
            guard let only = operations.first else {
                return .failure(GraphQLErrors([GraphQLError("Must provide an operation.", code: "BAD_USER_INPUT")]))
            }
            guard operations.count == 1 else {
                return .failure(GraphQLErrors([GraphQLError("Must provide operation name if query contains multiple operations.", code: "BAD_USER_INPUT")]))
            }
            operation = only
        }
        guard schema.rootType(for: operation.operation) != nil else {
            return .failure(GraphQLErrors([GraphQLError("Schema is not configured to execute \(operation.operation.rawValue) operation.",
                                                        locations: [document.source.location(of: operation.span.start)])]))
        }
        switch VariableCoercion(schema: schema, source: document.source).coerce(operation.variableDefinitions, values: variables) {
        case .success(let coerced): return .success((operation, coerced))
        case .failure(let errors): return .failure(errors)
        }
    }

    /// GetOperation and CoerceVariableValues, then the state and the root plans every kind of
    /// execution starts from. The root plans fail when a root `@skip`/`@include` condition
    /// cannot be coerced: graphql-js then answers `data: null` with that error.
    @usableFromInline
    static func start<R: Resolvers>(
        schema: Schema, document: Document, operationName: String?, variables: JSONObject, context: R.Context,
        resolvers: R.Type, prepared: PreparedDocument? = nil,
        onInternalError: @escaping @Sendable (any Error, [PathComponent]) -> Void
    ) -> Result<(ExecutionState<R>, OperationDefinition, Result<[FieldPlan], GraphQLError>), GraphQLErrors> {
        prepare(schema: schema, document: document, operationName: operationName, variables: variables).map { operation, coerced in
            let state = ExecutionState<R>(schema: schema, document: document, variables: coerced, context: context,
                                          onInternalError: onInternalError)
            let rootType = schema.rootType(for: operation.operation)!
            let build = { state.collector.collect([operation.selectionSet], objectType: rootType) }
            guard let prepared else { return (state, operation, build()) }
            return (state, operation, prepared.planCache.plans(for: operation, fragments: state.fragments, build: build))
        }
    }

    /// Executes a query, mutation or subscription event over `root` and returns the response.
    ///
    /// Synchronous resolvers complete in place. Pending work is left as a hole while the rest of
    /// its level executes; then the level's work runs concurrently (so every load of one level
    /// of the response is issued together) and each value is completed in its hole. No resolver
    /// runs twice. Mutation root fields run one after another, each with all of its work.
    /// - Parameter onInternalError: receives errors that were masked, with their response path.
    @inlinable
    /// - Parameter prepared: the prepared document whose `document` this is, if any: its cached
    ///   field plans are used (and filled) instead of planning the operation again.
    public static func execute<R: Resolvers>(
        schema: Schema, document: Document, operationName: String? = nil, variables: JSONObject = JSONObject(),
        root: R.Source, resolvers: R, context: R.Context, prepared: PreparedDocument? = nil,
        onInternalError: @escaping @Sendable (any Error, [PathComponent]) -> Void = { _, _ in }
    ) async -> ExecutionResponse {
        var state: ExecutionState<R>
        let operation: OperationDefinition
        let plans: [FieldPlan]
        switch start(schema: schema, document: document, operationName: operationName, variables: variables,
                     context: context, resolvers: R.self, prepared: prepared, onInternalError: onInternalError) {
        case .failure(let failure): return ExecutionResponse(requestErrors: failure.errors)
        case .success((_, _, .failure(let error))): return ExecutionResponse(data: nil, errors: [error])
        case .success((let started, let chosen, .success(let rootPlans))): (state, operation, plans) = (started, chosen, rootPlans)
        }
        return await run(&state, operation: operation, plans: plans, root: root, resolvers: resolvers)
    }

    /// One execution: the root selection set, then its pending work level by level; for a
    /// mutation, each root field with all of its pending work before the next field starts.
    @inlinable
    static func run<R: Resolvers>(_ state: inout ExecutionState<R>, operation: OperationDefinition, plans: [FieldPlan],
                                  root: R.Source, resolvers: R) async -> ExecutionResponse {
        var completed: Bool
        if operation.operation == .mutation {
            completed = true
            state.writer.byte(0x7B)
            for (index, plan) in plans.enumerated() {
                if index > 0 { state.writer.byte(0x2C) }
                state.writer.bytes.append(contentsOf: plan.keyBytes)
                state.path.append(.key(plan.responseKey))
                completed = state.executeField(plan, source: root, resolvers: resolvers)
                state.path.removeLast()
                if !completed { break }
                guard await state.finishPendingWork(resolvers: resolvers) else { return ExecutionResponse(requestErrors: [cancelledError]) }
                if state.dataNulled {
                    completed = false
                    break
                }
            }
            if completed { state.writer.byte(0x7D) }
        } else {
            completed = state.executeFields(plans, source: root, resolvers: resolvers)
            if completed {
                guard await state.finishPendingWork(resolvers: resolvers) else { return ExecutionResponse(requestErrors: [cancelledError]) }
                completed = !state.dataNulled
            }
        }
        return ExecutionResponse(data: completed ? state.assembleData() : nil, errors: state.errors)
    }

    /// The answer of an execution cancelled between levels (the transport usually replaces it
    /// with its own timeout answer).
    @usableFromInline
    static var cancelledError: GraphQLError {
        GraphQLError("The operation was cancelled before it finished.", code: "TIMEOUT")
    }

    /// Executes synchronously; for resolvers that never return pending work (the engine
    /// command line, benchmarks). Pending work is reported as an error.
    @inlinable
    public static func executeSynchronously<R: Resolvers>(
        schema: Schema, document: Document, operationName: String? = nil, variables: JSONObject = JSONObject(),
        root: R.Source, resolvers: R, context: R.Context, prepared: PreparedDocument? = nil
    ) -> ExecutionResponse {
        var state: ExecutionState<R>
        let plans: [FieldPlan]
        switch start(schema: schema, document: document, operationName: operationName, variables: variables,
                     context: context, resolvers: R.self, prepared: prepared, onInternalError: { _, _ in }) {
        case .failure(let failure): return ExecutionResponse(requestErrors: failure.errors)
        case .success((_, _, .failure(let error))): return ExecutionResponse(data: nil, errors: [error])
        case .success((let started, _, .success(let rootPlans))): (state, plans) = (started, rootPlans)
        }
        let completed = state.executeFields(plans, source: root, resolvers: resolvers)
        if !state.pendingFields.isEmpty {
            return ExecutionResponse(requestErrors: [GraphQLError("A resolver needed asynchronous work in synchronous execution.")])
        }
        return ExecutionResponse(data: completed ? state.writer.bytes : nil, errors: state.errors)
    }
}

/// A response: `data` as JSON bytes (nil for `null`), execution errors, or request errors
/// only (no `data` key at all).
public struct ExecutionResponse: Sendable {
    /// The `data` object's JSON bytes; nil when data is null or absent.
    public var data: [UInt8]?
    public var errors: [GraphQLError]
    /// True for request errors: the response has no `data` key.
    public var isRequestError: Bool
    /// For a subscription event, the id its resolvers gave it (`Resolvers.eventID(of:)`): what a
    /// Server-Sent Events stream sends as `id:` so a reconnecting client can resume after it.
    public var eventID: String?

    public init(data: [UInt8]?, errors: [GraphQLError]) {
        self.data = data
        self.errors = errors
        self.isRequestError = false
    }

    public init(requestErrors: [GraphQLError]) {
        self.data = nil
        self.errors = requestErrors
        self.isRequestError = true
    }

    /// The whole response as JSON bytes: `{"data":…,"errors":[…]}`.
    public var json: [UInt8] {
        var writer = JSONWriter(capacity: (data?.count ?? 0) + 16)
        writer.byte(0x7B)
        if !isRequestError {
            writer.raw("\"data\":")
            if let data { writer.bytes.append(contentsOf: data) } else { writer.raw("null") }
        }
        if !errors.isEmpty || isRequestError {
            if !isRequestError { writer.byte(0x2C) }
            writer.raw("\"errors\":")
            ResponseWriter.writeErrors(errors, into: &writer)
        }
        writer.byte(0x7D)
        return writer.bytes
    }
}
