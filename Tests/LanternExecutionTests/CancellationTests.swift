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
}
