import LanternExecution

/// Why an HTTP request is not a well-formed GraphQL request.
struct HTTPRequestProblem: Error {
    enum Kind {
        /// The body is not JSON at all (400).
        case unparsable
        /// JSON, but not a well-formed GraphQL request: not an object, no `query`, parameters
        /// of the wrong type (400 in the 2025 draft, 422 in 2026).
        case malformed
    }

    let kind: Kind
    let message: String
}

/// Reads GraphQL requests from JSON bodies and from URL query parameters, as GraphQL over
/// HTTP says: `null` or empty optional parameters are absent, unknown keys are ignored.
enum RequestDecoding {
    static func decodeBody(_ bytes: [UInt8]) throws(HTTPRequestProblem) -> GraphQLRequest {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw HTTPRequestProblem(kind: .unparsable, message: "The request body is not valid JSON.")
        }
        guard case .object(let object) = value else {
            throw HTTPRequestProblem(kind: .malformed, message: "JSON body must be an object.")
        }
        return try request(query: object["query"], operationName: object["operationName"],
                           variables: object["variables"], extensions: object["extensions"])
    }

    static func decodeQueryParameters(_ parameters: [(String, String)]) throws(HTTPRequestProblem) -> GraphQLRequest {
        func value(_ name: String) -> String? { parameters.last { $0.0 == name }?.1 }
        var variables: JSONValue?
        if let text = value("variables"), !text.isEmpty {
            do { variables = try JSONParser.parse(text) } catch {
                throw HTTPRequestProblem(kind: .malformed, message: "The variables parameter is not valid JSON.")
            }
        }
        var extensions: JSONValue?
        if let text = value("extensions"), !text.isEmpty {
            do { extensions = try JSONParser.parse(text) } catch {
                throw HTTPRequestProblem(kind: .malformed, message: "The extensions parameter is not valid JSON.")
            }
        }
        return try request(query: value("query").map { .string($0) }, operationName: value("operationName").map { .string($0) },
                           variables: variables, extensions: extensions)
    }

    private static func request(query: JSONValue?, operationName: JSONValue?, variables: JSONValue?,
                                extensions: JSONValue?) throws(HTTPRequestProblem) -> GraphQLRequest {
        guard case .string(let text)? = query else {
            throw HTTPRequestProblem(kind: .malformed, message: query == nil || query == .null
                                     ? "The request has no query." : "The query parameter must be a string.")
        }
        var name: String?
        switch operationName {
        case nil, .null?: name = nil
        case .string(let value)?: name = value.isEmpty ? nil : value
        default: throw HTTPRequestProblem(kind: .malformed, message: "The operationName parameter must be a string.")
        }
        var variableObject = JSONObject()
        switch variables {
        case nil, .null?: break
        case .object(let object)?: variableObject = object
        default: throw HTTPRequestProblem(kind: .malformed, message: "The variables parameter must be an object.")
        }
        switch extensions {
        case nil, .null?, .object?: break
        default: throw HTTPRequestProblem(kind: .malformed, message: "The extensions parameter must be an object.")
        }
        return GraphQLRequest(query: text, operationName: name, variables: variableObject)
    }
}
