import LanternLanguage
import LanternSchema

/// The outcome of subscribing: request errors (no stream), or a stream of responses.
public enum SubscriptionResult: Sendable {
    case failure(ExecutionResponse)
    case stream(AsyncThrowingStream<ExecutionResponse, any Error>)
}

extension Execution {
    /// Subscribe (§6.2.3): CreateSourceEventStream, then MapSourceToResponseEvent. Each source
    /// event is executed as the root value of the operation; cancelling (or dropping) the
    /// response stream cancels the source; a source error ends the response stream with it.
    public static func subscribe<R: Resolvers>(
        schema: Schema, document: Document, operationName: String? = nil, variables: JSONObject = JSONObject(),
        root: R.Source, resolvers: R, context: R.Context,
        onInternalError: @escaping @Sendable (any Error, [PathComponent]) -> Void = { _, _ in },
        eventDeadline deadline: Duration? = nil, prepared: PreparedDocument? = nil
    ) async -> SubscriptionResult {
        var state: ExecutionState<R>
        let operation: OperationDefinition
        let plans: [FieldPlan]
        switch start(schema: schema, document: document, operationName: operationName, variables: variables,
                     context: context, resolvers: R.self, onInternalError: onInternalError) {
        case .failure(let failure): return .failure(ExecutionResponse(requestErrors: failure.errors))
        case .success((_, let chosen, .failure(let error))):
            // As graphql-js: CreateSourceEventStream fails with a request error; a query or
            // mutation answers `data: null`.
            if chosen.operation == .subscription { return .failure(ExecutionResponse(requestErrors: [error])) }
            return .stream(AsyncThrowingStream { continuation in
                continuation.yield(ExecutionResponse(data: nil, errors: [error]))
                continuation.finish()
            })
        case .success((let started, let chosen, .success(let rootPlans))): (state, operation, plans) = (started, chosen, rootPlans)
        }
        guard operation.operation == .subscription else {
            // Queries and mutations sent to a subscription transport: one response, then the end.
            // (`GraphQLEngine` runs them under the deadline before they get here.)
            let response = await run(&state, operation: operation, plans: plans, root: root, resolvers: resolvers)
            return .stream(AsyncThrowingStream { continuation in
                continuation.yield(response)
                continuation.finish()
            })
        }
        guard let plan = plans.first, plan.kind == .field else {
            return .failure(ExecutionResponse(requestErrors: [GraphQLError("Subscription must select one root field.")]))
        }
        state.path = [.key(plan.responseKey)]
        let source: AsyncThrowingStream<R.Source, any Error>
        switch state.arguments(of: plan) {
        case .failure(let error):
            state.recordError(error)
            return .failure(ExecutionResponse(requestErrors: state.errors))
        case .success(let arguments):
            do {
                source = try await resolvers.subscribe(plan.info, source: root, arguments: arguments, context: context)
            } catch {
                state.recordThrown(error, plan)
                return .failure(ExecutionResponse(requestErrors: state.errors))
            }
        }
        // Pulled, not pushed: the next source event is read and executed only when the consumer
        // asks for the next response, so a slow subscriber slows its source (which bounds its own
        // buffer) instead of piling up responses here, and none is dropped on the way.
        let events = PulledEvents(source.makeAsyncIterator())
        return .stream(AsyncThrowingStream {
            guard let event = try await events.next() else { return nil }
            let executeEvent: @Sendable () async -> ExecutionResponse = {
                await execute(schema: schema, document: document, operationName: operationName,
                              variables: variables, root: event, resolvers: resolvers, context: context,
                              prepared: prepared, onInternalError: onInternalError)
            }
            // Each event's execution has the operation deadline of its own.
            var response = if let deadline { await withTimeout(deadline, executeEvent) ?? .timedOut } else { await executeEvent() }
            response.eventID = resolvers.eventID(of: event)
            return response
        })
    }
}

/// An async iterator read by one consumer at a time, so it can be captured by the closure of
/// `AsyncThrowingStream(unfolding:)`, which asks for one element at a time: the way to turn a
/// sequence into a stream that is pulled rather than pumped into a buffer.
public final class PulledEvents<Iterator: AsyncIteratorProtocol>: @unchecked Sendable where Iterator.Element: Sendable {
    private var iterator: Iterator

    public init(_ iterator: Iterator) { self.iterator = iterator }

    public func next() async throws -> Iterator.Element? { try await iterator.next() }
}
