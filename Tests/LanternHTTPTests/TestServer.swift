import Hummingbird
import HTTPTypes
import HummingbirdTesting
@testable import LanternHTTP
import LanternExecution
import NIOCore

/// A small schema served over a JSON root, with a subscription that streams `ticks`.
let testSDL = """
type Query { hello: String answer: Int! broken: Int! list: [Int!] }
type Mutation { touch: Boolean }
type Subscription { ticks: Int }
"""

let testRoot = JSONValue.object(JSONObject([
    ("hello", .string("world")), ("answer", .int(42)), ("touch", .bool(true)),
    ("ticks", .array([.int(1), .int(2), .int(3)])),
]))

func makeServer(_ configure: (inout GraphQLHTTPConfiguration) -> Void = { _ in },
                webSocketContext: @escaping @Sendable (JSONObject?, RequestHead) async throws -> Void? = { _, _ in () },
                ready: @escaping @Sendable () async -> Bool = { true },
                eventInterval: Duration = .milliseconds(5)) -> GraphQLServer<JSONResolvers> {
    var configuration = GraphQLHTTPConfiguration()
    configure(&configuration)
    let engine = GraphQLEngine(schema: try! Schema.build(sdl: testSDL), resolvers: JSONResolvers(eventInterval: eventInterval),
                               root: testRoot)
    return GraphQLServer(engine: engine, hooks: GraphQLServerHooks<Void>(
        context: { head in
            if head.headers["authorization"] == "Bearer wrong" { throw ClientError("Bad token", code: "UNAUTHENTICATED") }
            if head.headers["authorization"] == "Bearer database-down" { throw DependencyDown() }
            if head.headers["authorization"] == "Bearer broken" { throw ContextBug() }
        },
        webSocketContext: webSocketContext, isReady: ready), configuration: configuration)
}

/// What a context hook throws when the database cannot be reached (the cause must not reach the client).
struct DependencyDown: TemporarilyUnavailable, CustomStringConvertible {
    var retryAfterSeconds: Int { 2 }
    var description: String { "connection refused to db.internal:5432" }
}

/// An unexpected failure in a context hook.
struct ContextBug: Error, CustomStringConvertible {
    var description: String { "index out of range in the session cache" }
}

struct Reply {
    var status: Int
    var headers: HTTPFields
    var body: String
}

extension TestClientProtocol {
    func send(_ method: HTTPRequest.Method = .post, _ uri: String = "/graphql", headers: HTTPFields = [:], body: String? = nil) async throws -> Reply {
        try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
        }
    }

    func post(_ body: String, accept: String? = nil, contentType: String = "application/json") async throws -> Reply {
        var headers: HTTPFields = [.contentType: contentType]
        if let accept { headers[.accept] = accept }
        return try await send(.post, headers: headers, body: body)
    }
}
