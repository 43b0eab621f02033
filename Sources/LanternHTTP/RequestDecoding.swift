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
    /// A request that may name a persisted document instead of carrying its text (`query` is
    /// then empty, and `persisted` says which document).
    struct Decoded: Sendable {
        var request: GraphQLRequest
        var persisted: PersistedReference?
        var hasQuery: Bool
    }

    static func decodeBody(_ bytes: [UInt8]) throws(HTTPRequestProblem) -> GraphQLRequest {
        try decodePersistedBody(bytes).requiringQuery()
    }

    static func decodePersistedBody(_ bytes: [UInt8]) throws(HTTPRequestProblem) -> Decoded {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw HTTPRequestProblem(kind: .unparsable, message: error.exceedsLimit
                                     ? "The request body exceeds a JSON limit: \(error.reason)."
                                     : "The request body is not valid JSON.")
        }
        guard case .object(let object) = value else {
            throw HTTPRequestProblem(kind: .malformed, message: "JSON body must be an object.")
        }
        return try request(query: object["query"], operationName: object["operationName"],
                           variables: object["variables"], extensions: object["extensions"],
                           documentID: object["documentId"], relayDocumentID: object["doc_id"])
    }

    /// The request a parsed JSON body (or a multipart request's `operations`) stands for.
    static func decodeObject(_ value: JSONValue) throws(HTTPRequestProblem) -> GraphQLRequest {
        guard case .object(let object) = value else {
            throw HTTPRequestProblem(kind: .malformed, message: "JSON body must be an object.")
        }
        return try request(query: object["query"], operationName: object["operationName"],
                           variables: object["variables"], extensions: object["extensions"], documentID: nil).requiringQuery()
    }

    static func decodeQueryParameters(_ parameters: [(String, String)]) throws(HTTPRequestProblem) -> GraphQLRequest {
        try decodePersistedQueryParameters(parameters).requiringQuery()
    }

    static func decodePersistedQueryParameters(_ parameters: [(String, String)]) throws(HTTPRequestProblem) -> Decoded {
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
                           variables: variables, extensions: extensions, documentID: value("documentId").map { .string($0) },
                           relayDocumentID: value("doc_id").map { .string($0) })
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
                                extensions: JSONValue?, documentID: JSONValue?,
                                relayDocumentID: JSONValue? = nil) throws(HTTPRequestProblem) -> Decoded {
        let persisted = try persistedReference(extensions: extensions, documentID: documentID, relayDocumentID: relayDocumentID)
        var text = ""
        switch query {
        case .string(let given)?: text = given
        case nil, .null?:
            guard persisted != nil else { throw HTTPRequestProblem(kind: .malformed, message: "The request has no query.") }
        default: throw HTTPRequestProblem(kind: .malformed, message: "The query parameter must be a string.")
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
        let hasQuery: Bool
        if case .string? = query { hasQuery = true } else { hasQuery = false }
        return Decoded(request: GraphQLRequest(query: text, operationName: name, variables: variableObject), persisted: persisted,
                       hasQuery: hasQuery)
    }

    /// `extensions.persistedQuery` (version 1 with a SHA-256), `documentId` (`sha256:<hex>`, or
    /// a trusted document's id under another prefix) or Relay's `doc_id`.
    private static func persistedReference(extensions: JSONValue?, documentID: JSONValue?,
                                           relayDocumentID: JSONValue?) throws(HTTPRequestProblem) -> PersistedReference? {
        switch relayDocumentID {
        case nil, .null?: break
        case .string(let id)? where !id.isEmpty: return .trustedID(id)
        default: throw HTTPRequestProblem(kind: .malformed, message: "doc_id must be a non-empty string.")
        }
        switch documentID {
        case nil, .null?: break
        case .string(let id)?:
            if id.hasPrefix("sha256:") {
                guard let hash = sha256(id.dropFirst("sha256:".count)) else {
                    throw HTTPRequestProblem(kind: .malformed, message: "A documentId of sha256: must have 64 hexadecimal digits.")
                }
                return .documentID(sha256: hash)
            }
            // GraphQL over HTTP: `<prefix>:<payload>`; other prefixes name trusted documents.
            guard let colon = id.firstIndex(of: ":"), colon != id.startIndex, id.index(after: colon) != id.endIndex else {
                throw HTTPRequestProblem(kind: .malformed, message: "documentId must be prefix:payload, such as sha256: and 64 hexadecimal digits.")
            }
            return .trustedID(id)
        default: throw HTTPRequestProblem(kind: .malformed, message: "documentId must be a string.")
        }
        guard case .object(let fields)? = extensions, let persisted = fields["persistedQuery"], persisted != .null else { return nil }
        guard case .object(let reference) = persisted, case .string(let given)? = reference["sha256Hash"], let hash = sha256(Substring(given)) else {
            throw HTTPRequestProblem(kind: .malformed, message: "extensions.persistedQuery must be {version: 1, sha256Hash: 64 hexadecimal digits}.")
        }
        guard reference["version"]?.integralValue == 1 else {
            throw HTTPRequestProblem(kind: .malformed, message: "Only version 1 of extensions.persistedQuery is supported.")
        }
        return .automatic(sha256: hash)
    }

    /// 64 hexadecimal digits, lower-cased.
    private static func sha256(_ text: Substring) -> String? {
        guard text.utf8.count == 64, text.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0 | 0x20) }) else { return nil }
        return text.lowercased()
    }
}

extension RequestDecoding.Decoded {
    /// The request, for transports that take no persisted documents.
    func requiringQuery() throws(HTTPRequestProblem) -> GraphQLRequest {
        guard hasQuery else { throw HTTPRequestProblem(kind: .malformed, message: "The request has no query.") }
        return request
    }
}
