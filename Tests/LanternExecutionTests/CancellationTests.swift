import Synchronization
import Testing
@testable import LanternExecution

/// Every field is asynchronous and slow, so each level of the query is one pass.
private struct SlowResolvers: Resolvers {
    let calls = CallCounter()

    func resolve(_ info: ResolveInfo, source: JSONValue, arguments: JSONObject, context: Void) throws -> Resolution<JSONValue> {
        calls.increment()
        return .pending {
            try await Task.sleep(for: .milliseconds(150))
            return .object(JSONObject([("a", .object(JSONObject())), ("b", .int(1))]))
        }
    }
    func typeName(of value: JSONValue, abstractType: SchemaType) throws -> String? { nil }
    func view(_ value: JSONValue) -> ValueView { value == .null ? .null : .value }
    func element(of list: JSONValue, at index: Int) -> JSONValue { .null }
    func leafValue(_ value: JSONValue) -> JSONValue { .int(1) }
    func subscribe(_ info: ResolveInfo, source: JSONValue, arguments: JSONObject, context: Void) async throws
        -> AsyncThrowingStream<JSONValue, any Error> {
        AsyncThrowingStream { continuation in
            continuation.yield(.object(JSONObject()))
            continuation.finish()
        }
    }
}

@Suite struct CancellationTests {
    @Test func aCancelledExecutionStartsNoFurtherPass() async throws {
        let engine = GraphQLEngine(schema: try Schema.build(sdl: "type Query { a: T } type T { a: T b: Int }"),
                                   resolvers: SlowResolvers(), root: .object(JSONObject()))
        let running = Task { await engine.execute(GraphQLRequest(query: "{ a { a { a { b } } } }"), context: ()) }
        try await Task.sleep(for: .milliseconds(50))
        running.cancel()
        let response = await running.value
        #expect(response.isRequestError && response.errors.first?.code == "TIMEOUT")
        // Only the first level's resolver ran; without the check every level would have (4+).
        #expect(engine.resolvers.calls.value == 1)
    }

    @Test func subscriptionTransportsBoundQueriesAndEachEventByTheDeadline() async throws {
        let engine = GraphQLEngine(schema: try Schema.build(sdl: "type Query { a: T } type T { a: T b: Int } type Subscription { s: T }"),
                                   resolvers: SlowResolvers(), root: .object(JSONObject()))
        // A query over a WebSocket or SSE: refused with TIMEOUT once its deadline passes.
        guard case .failure(let refused) = await engine.subscribe(GraphQLRequest(query: "{ a { a { b } } }"), context: (),
                                                                  deadline: .milliseconds(100)) else {
            Issue.record("a query past its deadline was answered"); return
        }
        #expect(refused.errors.first?.code == "TIMEOUT")
        // A subscription: each event's execution has the deadline; the stream goes on.
        guard case .stream(let stream) = await engine.subscribe(GraphQLRequest(query: "subscription { s { a { a { b } } } }"),
                                                                context: (), deadline: .milliseconds(100)) else {
            Issue.record("the subscription did not start"); return
        }
        var responses: [ExecutionResponse] = []
        for try await response in stream { responses.append(response) }
        #expect(responses.count == 1 && responses.first?.errors.first?.code == "TIMEOUT")
    }
}
