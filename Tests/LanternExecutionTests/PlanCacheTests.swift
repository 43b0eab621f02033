import Synchronization
import Testing
@testable import LanternExecution

/// Resolvers over a JSON root that record which `ResolveInfo` instances (one per plan) they saw.
private struct RecordingResolvers: Resolvers {
    typealias Source = JSONValue
    typealias Context = Void
    let seen = SeenPlans()
    let json = JSONResolvers()

    func resolve(_ info: ResolveInfo, source: JSONValue, arguments: JSONObject, context: Void) throws -> Resolution<JSONValue> {
        seen.plans.withLock { $0[info.fieldName, default: [:]][ObjectIdentifier(info)] = info }
        if info.fieldName == "item", case .string(let id)? = arguments["id"] {
            return .value(.object(JSONObject([("__typename", .string(id.hasPrefix("b") ? "Book" : "Film")),
                                              ("name", .string("item \(id)")), ("pages", .int(100)), ("minutes", .int(90))])))
        }
        if info.fieldName == "echo" { return .value(arguments["value"] ?? .null) }
        return try json.resolve(info, source: source, arguments: arguments, context: context)
    }

    func typeName(of value: JSONValue, abstractType: SchemaType) throws -> String? {
        try json.typeName(of: value, abstractType: abstractType)
    }
    func view(_ value: JSONValue) -> ValueView { json.view(value) }
    func element(of list: JSONValue, at index: Int) -> JSONValue { json.element(of: list, at: index) }
    func leafValue(_ value: JSONValue) -> JSONValue { json.leafValue(value) }

    func plansSeen(_ field: String) -> Int { seen.plans.withLock { $0[field]?.count ?? 0 } }
}

/// The plans (`ResolveInfo`s) each field was resolved with, kept alive so that a freed plan's
/// address cannot be reused by a later one and counted as the same plan.
private final class SeenPlans: Sendable {
    let plans = Mutex<[String: [ObjectIdentifier: ResolveInfo]]>([:])
}

private let planSDL = """
type Query { item(id: ID!): Item  echo(value: Int!): Int }
interface Item { name: String! }
type Book implements Item { name: String! pages: Int! }
type Film implements Item { name: String! minutes: Int! }
"""

@Suite("Field plans cached with the prepared document")
struct PlanCacheTests {
    private func engine() throws -> (GraphQLEngine<RecordingResolvers>, RecordingResolvers) {
        let resolvers = RecordingResolvers()
        return (GraphQLEngine(schema: try Schema.build(sdl: planSDL), resolvers: resolvers, root: .object(JSONObject())), resolvers)
    }

    private func text(_ response: ExecutionResponse) -> String { String(decoding: response.json, as: UTF8.self) }

    @Test("arguments that use variables are coerced per request from shared plans")
    func variablesPerRequest() async throws {
        let (engine, resolvers) = try engine()
        let query = "query ($id: ID!) { item(id: $id) { name ... on Book { pages } ... on Film { minutes } } }"
        let book = await engine.execute(GraphQLRequest(query: query, variables: JSONObject([("id", .string("b1"))])), context: ())
        let film = await engine.execute(GraphQLRequest(query: query, variables: JSONObject([("id", .string("f2"))])), context: ())
        #expect(text(book) == #"{"data":{"item":{"name":"item b1","pages":100}}}"#)
        #expect(text(film) == #"{"data":{"item":{"name":"item f2","minutes":90}}}"#)
        // One plan for `item` and one for `name` per runtime type, shared by both requests.
        #expect(resolvers.plansSeen("item") == 1)
        #expect(resolvers.plansSeen("name") == 2)
    }

    @Test("a condition that reads a variable plans each request on its own")
    func conditionsPlanPerRequest() async throws {
        let (engine, resolvers) = try engine()
        let query = "query ($id: ID!, $more: Boolean!) { item(id: $id) { name @include(if: $more) } }"
        let with = await engine.execute(GraphQLRequest(query: query, variables: JSONObject([("id", .string("b1")), ("more", .bool(true))])), context: ())
        let without = await engine.execute(GraphQLRequest(query: query, variables: JSONObject([("id", .string("b1")), ("more", .bool(false))])), context: ())
        #expect(text(with) == #"{"data":{"item":{"name":"item b1"}}}"#)
        #expect(text(without) == #"{"data":{"item":{}}}"#)
        #expect(resolvers.plansSeen("item") == 2)
    }

    @Test("a coercion error from one request's variables does not stick to the cached plan")
    func coercionErrorsArePerRequest() async throws {
        let (engine, _) = try engine()
        let query = "query ($v: Int = 1) { echo(value: $v) }"
        let failed = await engine.execute(GraphQLRequest(query: query, variables: JSONObject([("v", .null)])), context: ())
        let passed = await engine.execute(GraphQLRequest(query: query, variables: JSONObject([("v", .int(7))])), context: ())
        #expect(text(failed).contains(#""data":{"echo":null}"#))
        #expect(text(failed).contains("must not be null"))
        #expect(text(passed) == #"{"data":{"echo":7}}"#)
    }

    @Test("concurrent requests share plans, abstract children included")
    func concurrentRequests() async throws {
        let (engine, resolvers) = try engine()
        let query = "query ($id: ID!) { item(id: $id) { name ... on Book { pages } ... on Film { minutes } } }"
        let responses = await withTaskGroup(of: (Int, String).self) { group in
            for index in 0..<64 {
                group.addTask {
                    let id = index % 2 == 0 ? "b\(index)" : "f\(index)"
                    let response = await engine.execute(GraphQLRequest(query: query, variables: JSONObject([("id", .string(id))])), context: ())
                    return (index, String(decoding: response.json, as: UTF8.self))
                }
            }
            var all: [(Int, String)] = []
            for await response in group { all.append(response) }
            return all
        }
        for (index, body) in responses {
            let expected = index % 2 == 0 ? #"{"data":{"item":{"name":"item b\#(index)","pages":100}}}"#
                                          : #"{"data":{"item":{"name":"item f\#(index)","minutes":90}}}"#
            #expect(body == expected)
        }
        #expect(resolvers.plansSeen("item") == 1)
        #expect(resolvers.plansSeen("name") == 2)
    }
}
