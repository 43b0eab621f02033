import LanternExecution

/// Why an HTTP request is not a well-formed GraphQL request.
struct HTTPRequestProblem: Error {
    enum Kind {
        /// The body is not JSON at all (400).
        case unparsable
        /// JSON, but not a well-formed GraphQL request: not an object, no `query`, parameters
        /// of the wrong type (400 in the 2025 draft, 422 in 2026).
        case malformed
        /// A `multipart/form-data` request that breaks the GraphQL multipart request spec, or
        /// that lacks a header forcing a CORS preflight (400).
        case invalidMultipart
        /// An upload over a bound: a file, the number of files, or the whole multipart body (413).
        case uploadTooLarge
    }

    let kind: Kind
    let message: String
}

/// Reads GraphQL requests from JSON bodies and from form-encoded URL query parameters, as
/// GraphQL over HTTP says: `null` or empty optional parameters are absent, unknown keys are
/// ignored.
enum RequestDecoding {
    static func decodeBody(_ bytes: [UInt8]) throws(HTTPRequestProblem) -> GraphQLRequest {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw HTTPRequestProblem(kind: .unparsable, message: error.exceedsLimit
                                     ? "The request body exceeds a JSON limit: \(error.reason)."
                                     : "The request body is not valid JSON.")
        }
        return try decodeObject(value)
    }

    /// The request a parsed JSON body (or a multipart request's `operations`) stands for.
    static func decodeObject(_ value: JSONValue) throws(HTTPRequestProblem) -> GraphQLRequest {
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

    /// The parameters of a URL query as `application/x-www-form-urlencoded` (the WHATWG URL
    /// standard's parser, what `URLSearchParams` writes and GraphQL over HTTP prescribes for
    /// GET): `+` is a space and percent-escapes are decoded after that, so `%2B` stays a plus.
    /// `rawQuery` is the query as it arrived, still percent-encoded.
    static func formParameters(_ rawQuery: String) -> [(String, String)] {
        rawQuery.utf8.split(separator: UInt8(ascii: "&")).map { pair in
            guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { return (formDecode(pair), "") }
            return (formDecode(pair[..<equals]), formDecode(pair[pair.index(after: equals)...]))
        }
    }

    /// `+` to a space, then `%XY` to its byte; a `%` without two hex digits stays as it is, and
    /// bytes that are not UTF-8 become U+FFFD.
    private static func formDecode(_ encoded: Substring.UTF8View) -> String {
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        let bytes = Array(encoded)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                decoded.append(0x20)
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                decoded.append(high << 4 | low)
                index += 2
            } else {
                decoded.append(byte)
            }
            index += 1
        }
        return String(decoding: decoded, as: UTF8.self)
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
