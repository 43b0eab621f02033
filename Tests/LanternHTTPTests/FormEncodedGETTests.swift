import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import LanternHTTP
import LanternExecution

/// GET parameters are `application/x-www-form-urlencoded`, as `URLSearchParams` (and so
/// graphql-http's audit) writes them: `+` is a space.
@Suite("GET parameters are form-encoded")
struct FormEncodedGETTests {
    @Test("+ is a space and %2B a plus, in names and values; a % without two hex digits stays")
    func decoding() throws {
        let parameters = RequestDecoding.formParameters("query=%7B+hello+%7D&a%2Bb+c=1%2B1&flag&&bad=%zz%4&=x")
        #expect(parameters.map(\.0) == ["query", "a+b c", "flag", "bad", ""])
        #expect(parameters.map(\.1) == ["{ hello }", "1+1", "", "%zz%4", "x"])
        let request = try RequestDecoding.decodeQueryParameters(RequestDecoding.formParameters(
            "query=query+A+%7B+hello+%7D&operationName=A&variables=%7B+%22n%22%3A+%22a+b%22+%7D&extensions=%7B+%7D"))
        #expect(request.query == "query A { hello }")
        #expect(request.operationName == "A")
        #expect(request.variables["n"] == .string("a b"))
        let spaced = try RequestDecoding.decodeQueryParameters(RequestDecoding.formParameters("query=%7B+hello+%7D&operationName=+A+"))
        #expect(spaced.operationName == " A ")
    }

    @Test("a query with + for spaces runs, and a mutation with + is 405 with Allow: POST, in both status policies",
          arguments: [GraphQLHTTPConfiguration.StatusPolicy.draft2026, .audit2025])
    func live(_ policy: GraphQLHTTPConfiguration.StatusPolicy) async throws {
        try await makeServer { $0.statusPolicy = policy }.application(port: 0).test(.live) { client in
            let query = try await client.send(.get, "/graphql?query=%7B+hello+%7D")
            #expect(query.status == 200 && query.body == #"{"data":{"hello":"world"}}"#)
            let mutation = try await client.send(.get, "/graphql?query=mutation+%7B+touch+%7D",
                                                 headers: [.accept: "application/graphql-response+json"])
            #expect(mutation.status == 405 && mutation.headers[.allow] == "POST")
            // Refused before validation, as graphql-http does: an invalid mutation is a 405 too.
            let invalid = try await client.send(.get, "/graphql?query=mutation+%7B+nope+%7D")
            #expect(invalid.status == 405 && invalid.headers[.allow] == "POST")
            let variables = try await client.send(
                .get, "/graphql?query=query+T(%24n%3A+String!)+%7B+__type(name%3A+%24n)+%7B+name+%7D+%7D&variables=%7B+%22n%22%3A+%22Query%22+%7D&extensions=%7B+%7D")
            #expect(variables.status == 200 && variables.body == #"{"data":{"__type":{"name":"Query"}}}"#)
        }
    }
}
