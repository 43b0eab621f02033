import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import LanternHTTP
import LanternExecution

/// GraphQL over HTTP against a live server on an ephemeral port.
@Suite("GraphQL over HTTP")
struct HTTPServerTests {
    @Test("POST application/json answers 200 with data, as application/json when Accept allows it")
    func post() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let reply = try await client.post(#"{"query":"{ hello }"}"#, accept: "application/json")
            #expect(reply.status == 200)
            #expect(reply.body == #"{"data":{"hello":"world"}}"#)
            #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(reply.headers[HTTPField.Name("X-Request-ID")!] != nil)
        }
    }

    @Test("the response media type follows Accept; 406 when nothing acceptable is offered")
    func accept() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let graphQL = try await client.post(#"{"query":"{ hello }"}"#, accept: "application/graphql-response+json")
            #expect(graphQL.headers[.contentType]?.hasPrefix("application/graphql-response+json") == true)
            let any = try await client.post(#"{"query":"{ hello }"}"#, accept: "*/*")
            #expect(any.headers[.contentType]?.hasPrefix("application/json") == true)
            let status1 = try await client.post(#"{"query":"{ hello }"}"#, accept: "text/html").status
            #expect(status1 == 406)
        }
    }

    @Test("unsupported content types are 415; bodies that are not JSON are 400")
    func badBodies() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let status2 = try await client.post(#"{"query":"{ hello }"}"#, contentType: "text/plain").status
            #expect(status2 == 415)
            let status3 = try await client.post(#"{ "not json"#).status
            #expect(status3 == 400)
        }
    }

    @Test("malformed requests are 422 under the 2026 draft and 400 under the 2025 audit policy",
          arguments: [#"[]"#, #"{"notquery":"{ hello }"}"#, #"{"query":1}"#, #"{"query":"{ hello }","variables":"x"}"#,
                      #"{"query":"{ hello }","operationName":7}"#, #"{"query":"{ hello }","extensions":[]}"#])
    func malformed(_ body: String) async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let status4 = try await client.post(body).status
            #expect(status4 == 422)
        }
        try await makeServer { $0.statusPolicy = .audit2025 }.application(port: 0).test(.live) { client in
            let status5 = try await client.post(body).status
            #expect(status5 == 400)
        }
    }

    @Test("null or empty optional parameters are absent; unknown keys are ignored")
    func optionalParameters() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let reply = try await client.post(#"{"query":"{ hello }","variables":null,"operationName":null,"extensions":null,"extra":1}"#)
            #expect(reply.status == 200 && !reply.body.contains("errors"))
        }
    }

    @Test("request errors: syntax 400; validation, operation and variables 422 (2026) or 200/400 by media type (2025)")
    func requestErrorStatuses() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let status6 = try await client.post(#"{"query":"{"}"#).status
            #expect(status6 == 400)
            let invalid = try await client.post(#"{"query":"{ nope }"}"#)
            #expect(invalid.status == 422 && !invalid.body.contains("\"data\""))
            let status7 = try await client.post(#"{"query":"query A { hello } query B { hello }"}"#).status
            #expect(status7 == 422)
            let status8 = try await client.post(#"{"query":"query ($x: Int!) { hello }","variables":{}}"#).status
            #expect(status8 == 422)
        }
        try await makeServer { $0.statusPolicy = .audit2025 }.application(port: 0).test(.live) { client in
            let status9 = try await client.post(#"{"query":"{"}"#, accept: "application/json").status
            #expect(status9 == 200)
            let status10 = try await client.post(#"{"query":"{ nope }"}"#, accept: "application/json").status
            #expect(status10 == 200)
            let status11 = try await client.post(#"{"query":"{ nope }"}"#, accept: "application/graphql-response+json").status
            #expect(status11 == 400)
            let status12 = try await client.post(#"{"query":"{"}"#, accept: "application/graphql-response+json").status
            #expect(status12 == 400)
        }
    }

    @Test("partial data with errors is 200 with both keys")
    func partial() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let reply = try await client.post(#"{"query":"{ hello broken }"}"#)
            #expect(reply.status == 200 && reply.body.contains(#""data":null"#) && reply.body.contains("errors"))
        }
    }

    @Test("GET runs queries; a mutation over GET is 405 with Allow: POST; other methods 405")
    func get() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let query = try await client.send(.get, "/graphql?query=%7B%20hello%20%7D")
            #expect(query.status == 200 && query.body == #"{"data":{"hello":"world"}}"#)
            let mutation = try await client.send(.get, "/graphql?query=mutation%20%7B%20touch%20%7D")
            #expect(mutation.status == 405 && mutation.headers[.allow] == "POST")
            let variables = try await client.send(.get, "/graphql?query=query(%24n%3AString!)%7B__type(name%3A%24n)%7Bname%7D%7D&variables=%7B%22n%22%3A%22Query%22%7D")
            #expect(variables.body == #"{"data":{"__type":{"name":"Query"}}}"#)
            let put = try await client.send(.put, "/graphql")
            #expect(put.status == 405 && put.headers[.allow] == "GET, POST")
        }
    }

    @Test("bodies over the limit are 413")
    func tooLarge() async throws {
        try await makeServer { $0.maxBodyBytes = 100 }.application(port: 0).test(.live) { client in
            let body = #"{"query":"{ hello }","padding":""# + String(repeating: "x", count: 500) + "\"}"
            let status13 = try await client.post(body).status
            #expect(status13 == 413)
        }
    }

    @Test("authentication failures from the application hook are 401")
    func unauthenticated() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let reply = try await client.send(.post, headers: [.contentType: "application/json", .authorization: "Bearer wrong"],
                                              body: #"{"query":"{ hello }"}"#)
            #expect(reply.status == 401 && reply.body.contains("UNAUTHENTICATED"))
        }
    }

    @Test("a context that fails because a dependency is down is 503 with Retry-After; any other failure is 500; neither shows the cause")
    func contextFailures() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            for accept in ["application/graphql-response+json", "application/json"] {
                let down = try await client.send(.post, headers: [.contentType: "application/json", .accept: accept,
                                                                  .authorization: "Bearer database-down"], body: #"{"query":"{ hello }"}"#)
                #expect(down.status == 503 && down.headers[.retryAfter] == "2", "\(accept): \(down.status) \(down.headers)")
                #expect(down.body.contains(#""code":"INTERNAL""#) && down.body.contains("temporarily unavailable"), "\(down.body)")
                #expect(!down.body.contains("5432") && !down.body.contains(#""data""#))
                let broken = try await client.send(.post, headers: [.contentType: "application/json", .accept: accept,
                                                                    .authorization: "Bearer broken"], body: #"{"query":"{ hello }"}"#)
                #expect(broken.status == 500 && broken.headers[.retryAfter] == nil && broken.body.contains("INTERNAL"))
                #expect(!broken.body.contains("session cache"))
            }
        }
    }

    @Test("introspection can be turned off, and with it GET /schema.graphql")
    func introspection() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let sdl = try await client.send(.get, "/schema.graphql")
            #expect(sdl.status == 200 && sdl.body.contains("type Query"))
        }
        try await makeServer { $0.introspection = false }.application(port: 0).test(.live) { client in
            let status14 = try await client.send(.get, "/schema.graphql").status
            #expect(status14 == 404)
            let reply = try await client.post(#"{"query":"{ __schema { queryType { name } } }"}"#)
            #expect(reply.status == 422 && reply.body.contains("introspection is not allowed"))
        }
    }

    @Test("health, readiness and metrics")
    func operations() async throws {
        try await makeServer(ready: { false }).application(port: 0).test(.live) { client in
            let status15 = try await client.send(.get, "/health").status
            #expect(status15 == 200)
            let status16 = try await client.send(.get, "/health/ready").status
            #expect(status16 == 503)
            _ = try await client.post(#"{"query":"{ hello }"}"#)
            _ = try await client.post(#"{"query":"{ hello }"}"#)
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.body.contains(#"lantern_graphql_requests_total{operation="query",outcome="success"} 2"#))
            #expect(metrics.body.contains("lantern_document_cache_hits_total 1"))
            #expect(metrics.body.contains("lantern_graphql_request_duration_seconds"))
        }
    }

    @Test("Server-Sent Events: a subscription streams next events, then complete")
    func serverSentEvents() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let reply = try await client.post(#"{"query":"subscription { ticks }"}"#, accept: "text/event-stream")
            #expect(reply.status == 200 && reply.headers[.contentType] == "text/event-stream")
            #expect(reply.body == """
            event: next
            data: {"data":{"ticks":1}}

            event: next
            data: {"data":{"ticks":2}}

            event: next
            data: {"data":{"ticks":3}}

            event: complete
            data: \n\n
            """)
        }
    }

    @Test("Server-Sent Events: validation errors come inside the accepted stream; a syntax error keeps its HTTP status",
          arguments: [GraphQLHTTPConfiguration.StatusPolicy.draft2026, .audit2025])
    func serverSentEventRequestErrors(_ policy: GraphQLHTTPConfiguration.StatusPolicy) async throws {
        try await makeServer { $0.statusPolicy = policy; $0.introspection = false }.application(port: 0).test(.live) { client in
            for query in ["subscription { nope }", "{ __schema { queryType { name } } }"] {
                let reply = try await client.post(#"{"query":"\#(query)"}"#, accept: "text/event-stream")
                #expect(reply.status == 200 && reply.headers[.contentType] == "text/event-stream")
                #expect(reply.body.hasPrefix("event: next\ndata: {\"errors\":[{\"message\":"))
                #expect(reply.body.hasSuffix("}]}\n\nevent: complete\ndata: \n\n"))
                #expect(!reply.body.contains(#""data":"#))
            }
            let syntax = try await client.post(#"{"query":"{"}"#, accept: "text/event-stream")
            #expect(syntax.status == (policy == .draft2026 ? 400 : 200))
            #expect(syntax.headers[.contentType]?.hasPrefix("application/json") == true)
            let malformed = try await client.post(#"{"query":1}"#, accept: "text/event-stream")
            #expect(malformed.status == (policy == .draft2026 ? 422 : 400))
        }
    }

    @Test("a subscription over plain HTTP is a request error")
    func subscriptionOverHTTP() async throws {
        try await makeServer().application(port: 0).test(.live) { client in
            let status17 = try await client.post(#"{"query":"subscription { ticks }"}"#).status
            #expect(status17 == 422)
        }
    }
}
