import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import LanternHTTP
import LanternExecution
import NIOCore

/// Resolvers over a JSON root whose context is the request's uploads, as an application's
/// context hook would keep them: `upload` and `uploadMany` look each file up by the value of
/// their `Upload` argument and describe it as `filename|content type|byte count|content`.
struct UploadEchoResolvers: Resolvers {
    typealias Source = JSONValue
    typealias Context = [String: UploadedFile]

    func resolve(_ info: ResolveInfo, source: JSONValue, arguments: JSONObject, context: Context) throws -> Resolution<JSONValue> {
        func describe(_ value: JSONValue?) throws -> JSONValue {
            guard case .string(let token)? = value, let file = context[token] else {
                throw ClientError("No file for \(String(describing: value)).")
            }
            return .string("\(file.filename)|\(file.contentType)|\(file.bytes.count)|\(String(decoding: file.bytes, as: UTF8.self))")
        }
        switch info.fieldName {
        case "upload":
            return .value(try describe(arguments["file"]))
        case "uploadMany":
            guard case .array(let files)? = arguments["files"] else { return .value(.null) }
            return .value(.array(try files.map(describe)))
        default:
            return .value(source[info.fieldName] ?? .null)
        }
    }

    func typeName(of value: JSONValue, abstractType: SchemaType) throws -> String? { nil }

    func view(_ value: JSONValue) -> ValueView {
        switch value {
        case .null: return .null
        case .array(let items): return .list(count: items.count)
        default: return .value
        }
    }

    func element(of list: JSONValue, at index: Int) -> JSONValue {
        if case .array(let items) = list { return items[index] }
        return .null
    }

    func leafValue(_ value: JSONValue) -> JSONValue { value }
}

func makeUploadServer(_ configure: (inout GraphQLHTTPConfiguration) -> Void = { _ in }) throws -> GraphQLServer<UploadEchoResolvers> {
    var configuration = GraphQLHTTPConfiguration()
    configure(&configuration)
    let schema = try Schema.build(sdl: """
    scalar Upload
    type Query { hello: String }
    type Mutation { upload(file: Upload!): String! uploadMany(files: [Upload!]!): [String!]! }
    """)
    let engine = GraphQLEngine(schema: schema, resolvers: UploadEchoResolvers(),
                               root: .object(JSONObject([("hello", .string("world"))])))
    return GraphQLServer(engine: engine, hooks: GraphQLServerHooks<[String: UploadedFile]>(
        context: { head in head.uploads }, webSocketContext: { _, _ in [:] }), configuration: configuration)
}

/// One part of a hand-written multipart body: its `Content-Disposition` parameters, an
/// optional `Content-Type`, and its content.
struct FormPart {
    var disposition: String
    var contentType: String?
    var content: String
}

/// A `multipart/form-data` body as a client writes it: each part after `--boundary` CRLF, its
/// headers, an empty line, its content, then CRLF; the last boundary ends with `--`.
func multipartBody(_ parts: [FormPart], boundary: String = "lantern-test-boundary") -> String {
    var body = ""
    for part in parts {
        body += "--\(boundary)\r\n"
        body += "Content-Disposition: form-data; \(part.disposition)\r\n"
        if let contentType = part.contentType { body += "Content-Type: \(contentType)\r\n" }
        body += "\r\n\(part.content)\r\n"
    }
    return body + "--\(boundary)--\r\n"
}

extension TestClientProtocol {
    func postMultipart(_ body: String, boundary: String = "lantern-test-boundary",
                       preflight: (HTTPField.Name, String)? = (HTTPField.Name("Apollo-Require-Preflight")!, "true")) async throws -> Reply {
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)", .accept: "application/json"]
        if let (name, value) = preflight { headers[name] = value }
        return try await send(.post, headers: headers, body: body)
    }
}

/// The GraphQL multipart request spec (Apollo's and urql's upload clients) against a live server.
@Suite("GraphQL multipart uploads")
struct MultipartUploadTests {
    static let uploadOperations = #"{"query":"mutation ($file: Upload!) { upload(file: $file) }","variables":{"file":null}}"#

    @Test("a single upload reaches the resolver with its name, type and bytes")
    func singleUpload() async throws {
        // Written out in full once: the boundary, CRLFs, and a file whose content has CRLFs
        // and a line that starts like the boundary.
        let body = "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"operations\"\r\n\r\n"
            + Self.uploadOperations + "\r\n"
            + "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"map\"\r\n\r\n"
            + #"{"0":["variables.file"]}"# + "\r\n"
            + "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"0\"; filename=\"notes one.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\n"
            + "line 1\r\n--XyQ\r\nline 3" + "\r\n"
            + "--XyZ--\r\n"
        try await makeUploadServer().application(port: 0).test(.live) { client in
            let reply = try await client.postMultipart(body, boundary: "XyZ")
            #expect(reply.status == 200)
            #expect(reply.body == #"{"data":{"upload":"notes one.txt|text/plain|21|line 1\r\n--XyQ\r\nline 3"}}"#)
            #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }

    @Test("two files in a list variable, and a part without a type or a file name")
    func twoFilesInAList() async throws {
        let body = multipartBody([
            FormPart(disposition: #"name="operations""#,
                     content: #"{"query":"mutation ($files: [Upload!]!) { uploadMany(files: $files) }","variables":{"files":[null,null]}}"#),
            FormPart(disposition: #"name="map""#, content: #"{"a":["variables.files.0"],"b":["variables.files.1"]}"#),
            FormPart(disposition: #"name="a"; filename="a.bin""#, contentType: "application/octet-stream", content: "AAA"),
            FormPart(disposition: #"name="b""#, content: ""),
        ])
        try await makeUploadServer().application(port: 0).test(.live) { client in
            let reply = try await client.postMultipart(body)
            #expect(reply.status == 200)
            #expect(reply.body == #"{"data":{"uploadMany":["a.bin|application/octet-stream|3|AAA","|application/octet-stream|0|"]}}"#)
        }
    }

    @Test("one file mapped to two paths; parts the map does not name are ignored")
    func sharedFileAndExtraParts() async throws {
        let body = multipartBody([
            FormPart(disposition: #"name="operations""#,
                     content: #"{"query":"mutation ($files: [Upload!]!) { uploadMany(files: $files) }","variables":{"files":[null,null]}}"#),
            FormPart(disposition: #"name="map""#, content: #"{"1":["variables.files.0","variables.files.1"]}"#),
            FormPart(disposition: #"name="extra"; filename="x.txt""#, content: "not mapped"),
            FormPart(disposition: #"name="1"; filename="f.txt""#, contentType: "text/plain", content: "hi"),
        ])
        try await makeUploadServer().application(port: 0).test(.live) { client in
            let reply = try await client.postMultipart(body)
            #expect(reply.body == #"{"data":{"uploadMany":["f.txt|text/plain|2|hi","f.txt|text/plain|2|hi"]}}"#)
        }
    }

    @Test("a file over maxUploadFileBytes, or more files than maxUploadFiles, is 413 with a BAD_USER_INPUT error")
    func tooLarge() async throws {
        let oversize = multipartBody([
            FormPart(disposition: #"name="operations""#, content: Self.uploadOperations),
            FormPart(disposition: #"name="map""#, content: #"{"0":["variables.file"]}"#),
            FormPart(disposition: #"name="0"; filename="big.bin""#, content: String(repeating: "x", count: 65)),
        ])
        let tooMany = multipartBody([
            FormPart(disposition: #"name="operations""#,
                     content: #"{"query":"mutation ($files: [Upload!]!) { uploadMany(files: $files) }","variables":{"files":[null,null]}}"#),
            FormPart(disposition: #"name="map""#, content: #"{"a":["variables.files.0"],"b":["variables.files.1"]}"#),
            FormPart(disposition: #"name="a""#, content: "1"),
            FormPart(disposition: #"name="b""#, content: "2"),
        ])
        try await makeUploadServer { $0.maxUploadFileBytes = 64; $0.maxUploadFiles = 1 }.application(port: 0).test(.live) { client in
            let reply = try await client.postMultipart(oversize)
            #expect(reply.status == 413)
            #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(reply.body == #"{"errors":[{"message":"The file in part \"0\" is larger than 64 bytes, the most accepted for one file.","extensions":{"code":"BAD_USER_INPUT"}}]}"#)
            let many = try await client.postMultipart(tooMany)
            #expect(many.status == 413 && many.body.contains("at most 1 are accepted") && many.body.contains("BAD_USER_INPUT"))
        }
        let big = multipartBody([
            FormPart(disposition: #"name="operations""#, content: Self.uploadOperations),
            FormPart(disposition: #"name="map""#, content: #"{"0":["variables.file"]}"#),
            FormPart(disposition: #"name="0"; filename="big.bin""#, content: String(repeating: "x", count: 300)),
        ])
        try await makeUploadServer { $0.maxUploadBodyBytes = 200 }.application(port: 0).test(.live) { client in
            let whole = try await client.postMultipart(big)
            #expect(whole.status == 413 && whole.body.contains("The request body is larger than 200 bytes."))
        }
        // A body of several MiB under the default bounds: refused once the first MiB is in.
        let huge = multipartBody([
            FormPart(disposition: #"name="operations""#, content: Self.uploadOperations),
            FormPart(disposition: #"name="map""#, content: #"{"0":["variables.file"]}"#),
            FormPart(disposition: #"name="0"; filename="huge.bin""#, content: String(repeating: "x", count: 3 << 20)),
        ])
        try await makeUploadServer().application(port: 0).test(.live) { client in
            let reply = try await client.postMultipart(huge)
            #expect(reply.status == 413 && reply.body.contains("BAD_USER_INPUT"))
            let after = try await client.post(#"{"query":"{ hello }"}"#)
            #expect(after.body == #"{"data":{"hello":"world"}}"#)
        }
    }

    @Test("without a preflight-forcing header the request is 400, naming the headers; any of the three will do")
    func preflightRequired() async throws {
        let body = multipartBody([
            FormPart(disposition: #"name="operations""#, content: Self.uploadOperations),
            FormPart(disposition: #"name="map""#, content: #"{"0":["variables.file"]}"#),
            FormPart(disposition: #"name="0"; filename="a.txt""#, content: "a"),
        ])
        try await makeUploadServer().application(port: 0).test(.live) { client in
            let refused = try await client.postMultipart(body, preflight: nil)
            #expect(refused.status == 400)
            #expect(refused.body.contains("Apollo-Require-Preflight") && refused.body.contains("X-Apollo-Operation-Name")
                    && refused.body.contains("GraphQL-Require-Preflight") && refused.body.contains(#""code":"BAD_REQUEST""#))
            let empty = try await client.postMultipart(body, preflight: (HTTPField.Name("Apollo-Require-Preflight")!, " "))
            #expect(empty.status == 400)
            for name in ["X-Apollo-Operation-Name", "GraphQL-Require-Preflight"] {
                let accepted = try await client.postMultipart(body, preflight: (HTTPField.Name(name)!, "1"))
                #expect(accepted.status == 200, "\(name)")
            }
        }
    }

    @Test("a map path that does not exist, or whose value is not null, is 400",
          arguments: [(#"{"0":["variables.nope"]}"#, #"The map path \"variables.nope\" for file part \"0\" does not exist in operations."#),
                      (#"{"0":["variables.file.0"]}"#, #"The map path \"variables.file.0\" for file part \"0\" does not exist in operations."#),
                      (#"{"0":["query"]}"#, #"The map path \"query\" for file part \"0\" must point at a null in operations."#),
                      (#"{"0":"variables.file"}"#, #"The map entry for file part \"0\" must be an array of paths."#),
                      (#"{"0":["variables.file"]"#, "The map field must be a JSON object from file part names to arrays of paths in operations.")])
    func badMap(_ map: String, _ message: String) async throws {
        let body = multipartBody([
            FormPart(disposition: #"name="operations""#, content: Self.uploadOperations),
            FormPart(disposition: #"name="map""#, content: map),
            FormPart(disposition: #"name="0"; filename="a.txt""#, content: "a"),
        ])
        try await makeUploadServer().application(port: 0).test(.live) { client in
            let reply = try await client.postMultipart(body)
            #expect(reply.status == 400)
            #expect(reply.body == #"{"errors":[{"message":"\#(message)","extensions":{"code":"BAD_REQUEST"}}]}"#)
        }
    }

    @Test("a file part the map names but the body lacks is 400")
    func missingFilePart() async throws {
        let body = multipartBody([
            FormPart(disposition: #"name="operations""#,
                     content: #"{"query":"mutation ($files: [Upload!]!) { uploadMany(files: $files) }","variables":{"files":[null,null]}}"#),
            FormPart(disposition: #"name="map""#, content: #"{"a":["variables.files.0"],"b":["variables.files.1"]}"#),
            FormPart(disposition: #"name="a"; filename="a.txt""#, content: "a"),
        ])
        try await makeUploadServer().application(port: 0).test(.live) { client in
            let reply = try await client.postMultipart(body)
            #expect(reply.status == 400)
            #expect(reply.body.contains(#"The map names file part \"b\", missing from the request."#))
        }
    }

    @Test("missing or invalid operations, fields out of order, and batches are refused like their JSON equivalents")
    func badOperations() async throws {
        let map = FormPart(disposition: #"name="map""#, content: #"{"0":["variables.file"]}"#)
        let file = FormPart(disposition: #"name="0"; filename="a.txt""#, content: "a")
        try await makeUploadServer().application(port: 0).test(.live) { client in
            let noOperations = try await client.postMultipart(multipartBody([map, file]))
            #expect(noOperations.status == 400 && noOperations.body.contains("out of order"))
            let notJSON = try await client.postMultipart(multipartBody([FormPart(disposition: #"name="operations""#, content: "{"), map, file]))
            #expect(notJSON.status == 400 && notJSON.body.contains("The operations field is not valid JSON."))
            let noMap = try await client.postMultipart(multipartBody([FormPart(disposition: #"name="operations""#, content: Self.uploadOperations)]))
            #expect(noMap.status == 400 && noMap.body.contains("no map field"))
            let empty = try await client.postMultipart("")
            #expect(empty.status == 400 && empty.body.contains("no operations field"))
            // A batch is refused as a JSON array body is: 422 under the 2026 draft.
            let batch = try await client.postMultipart(multipartBody([
                FormPart(disposition: #"name="operations""#, content: "[\(Self.uploadOperations)]"),
                FormPart(disposition: #"name="map""#, content: #"{"0":["0.variables.file"]}"#), file]))
            #expect(batch.status == 422 && batch.body.contains("Batched operations"))
            let noQuery = try await client.postMultipart(multipartBody([
                FormPart(disposition: #"name="operations""#, content: #"{"variables":{"file":null}}"#), map, file]))
            #expect(noQuery.status == 422 && noQuery.body.contains("The request has no query."))
            let noBoundary = try await client.send(.post, headers: [.contentType: "multipart/form-data",
                                                                    HTTPField.Name("Apollo-Require-Preflight")!: "1"], body: "x")
            #expect(noBoundary.status == 400 && noBoundary.body.contains("boundary"))
        }
    }

    @Test("after decoding, a multipart request takes the JSON path: validation, status policy, media types")
    func samePathAsJSON() async throws {
        let invalid = multipartBody([
            FormPart(disposition: #"name="operations""#, content: #"{"query":"mutation ($file: Upload!) { nope(file: $file) }","variables":{"file":null}}"#),
            FormPart(disposition: #"name="map""#, content: #"{"0":["variables.file"]}"#),
            FormPart(disposition: #"name="0""#, content: "a"),
        ])
        try await makeUploadServer().application(port: 0).test(.live) { client in
            let reply = try await client.postMultipart(invalid)
            #expect(reply.status == 422 && reply.body.contains("GRAPHQL_VALIDATION_FAILED"))
            let json = try await client.post(#"{"query":"{ hello }"}"#)
            #expect(json.body == #"{"data":{"hello":"world"}}"#)
            let headers: HTTPFields = [.contentType: "multipart/form-data; boundary=lantern-test-boundary",
                                       .accept: "application/graphql-response+json",
                                       HTTPField.Name("GraphQL-Require-Preflight")!: "1"]
            let typed = try await client.send(.post, headers: headers, body: multipartBody([
                FormPart(disposition: #"name="operations""#, content: Self.uploadOperations),
                FormPart(disposition: #"name="map""#, content: #"{"0":["variables.file"]}"#),
                FormPart(disposition: #"name="0""#, content: "a")]))
            #expect(typed.status == 200 && typed.headers[.contentType]?.hasPrefix("application/graphql-response+json") == true)
        }
        try await makeUploadServer { $0.statusPolicy = .audit2025 }.application(port: 0).test(.live) { client in
            let reply = try await client.postMultipart(invalid)
            #expect(reply.status == 200 && reply.body.contains("GRAPHQL_VALIDATION_FAILED"))
        }
    }

    @Test("the reader accepts a body that arrives one byte at a time")
    func byteAtATime() async throws {
        let body = multipartBody([
            FormPart(disposition: #"name="operations""#, content: Self.uploadOperations),
            FormPart(disposition: #"name="map""#, content: #"{"0":["variables.file"]}"#),
            FormPart(disposition: #"name="0"; filename="a;b \"c\".txt""#, contentType: "text/plain; charset=utf-8",
                     content: "\r\n--lantern-test-boundar\r\n"),
        ])
        let chunks = body.utf8.map { ByteBuffer(bytes: [$0]) }
        let stream = AsyncStream<ByteBuffer> { continuation in
            for chunk in chunks { continuation.yield(chunk) }
            continuation.finish()
        }
        let read = await MultipartUpload.read(headers: ["content-type": #"multipart/form-data; boundary="lantern-test-boundary""#,
                                                        "apollo-require-preflight": "true"],
                                              body: stream, configuration: GraphQLHTTPConfiguration())
        let request = try read.get()
        #expect(request.request.variables["file"] == .string("lantern-upload:0"))
        let file = try #require(request.uploads["lantern-upload:0"])
        #expect(file.filename == #"a;b "c".txt"#)
        #expect(file.contentType == "text/plain; charset=utf-8")
        #expect(file.bytes == Array("\r\n--lantern-test-boundar\r\n".utf8))
    }
}
