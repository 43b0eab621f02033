import LanternExecution
import NIOCore

/// Assembles a GraphQL multipart request from a multipart parser's events, checking the
/// order of the parts and the bounds as the bytes arrive: `operations` first, then `map`,
/// then the files the map names. Parts the map does not name are skipped unread. The first
/// problem is kept in `problem` and every later event is ignored, so the reader can stop.
struct UploadAssembler {
    enum Stage { case operations, map, files }

    /// What a part is, decided from its headers when its body starts.
    enum Role: Equatable { case operations, map, file(field: String), ignored }

    struct Part {
        var headers: [(name: String, value: String)] = []
        var role: Role?
        var filename = ""
        var contentType = "application/octet-stream"
        var bytes: [UInt8] = []
    }

    let maxFileBytes: Int
    let maxFiles: Int
    private(set) var problem: HTTPRequestProblem?
    private var stage = Stage.operations
    private var operations: JSONValue = .null
    /// The file part names of the map, in its order.
    private var mapped: [String] = []
    private var uploads: [String: UploadedFile] = [:]
    /// The part being read; nil between parts.
    private var part: Part?

    init(maxFileBytes: Int, maxFiles: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxFiles = maxFiles
    }

    /// The variable value that stands for the file in part `field`.
    static func token(_ field: String) -> String { "lantern-upload:" + field }

    mutating func header(name: String, value: String) {
        guard problem == nil else { return }
        if part == nil { part = Part() }
        part?.headers.append((name.lowercased(), value))
    }

    mutating func body(_ chunk: ByteBuffer) {
        guard problem == nil else { return }
        var current = part ?? Part()
        part = nil
        if current.role == nil { classify(&current) }
        switch current.role {
        case nil, .ignored?:
            break
        case .file(let field)?:
            if current.bytes.count + chunk.readableBytes > maxFileBytes {
                fail(.uploadTooLarge, "The file in part \"\(field)\" is larger than \(maxFileBytes) bytes, the most accepted for one file.")
            } else {
                current.bytes.append(contentsOf: chunk.readableBytesView)
            }
        case .operations?, .map?:
            current.bytes.append(contentsOf: chunk.readableBytesView)
        }
        part = current
    }

    mutating func partComplete() {
        guard problem == nil else { return }
        var current = part ?? Part()
        part = nil
        if current.role == nil { classify(&current) }
        switch current.role {
        case nil, .ignored?:
            break
        case .operations?:
            completeOperations(current.bytes)
        case .map?:
            completeMap(current.bytes)
        case .file(let field)?:
            uploads[Self.token(field)] = UploadedFile(filename: current.filename, contentType: current.contentType,
                                                      bytes: current.bytes)
        }
    }

    /// The request, once the body has ended.
    func finish() throws(HTTPRequestProblem) -> MultipartGraphQLRequest {
        if let problem { throw problem }
        if part != nil { throw HTTPRequestProblem(kind: .invalidMultipart, message: "The multipart body ends inside a part.") }
        switch stage {
        case .operations:
            throw HTTPRequestProblem(kind: .invalidMultipart, message: "The multipart request has no operations field.")
        case .map:
            throw HTTPRequestProblem(kind: .invalidMultipart, message: "The multipart request has no map field.")
        case .files:
            break
        }
        let missing = mapped.filter { uploads[Self.token($0)] == nil }
        if !missing.isEmpty {
            let names = missing.map { "\"\($0)\"" }.joined(separator: ", ")
            throw HTTPRequestProblem(kind: .invalidMultipart,
                                     message: "The map names file part\(missing.count == 1 ? "" : "s") \(names), missing from the request.")
        }
        return MultipartGraphQLRequest(request: try RequestDecoding.decodeObject(operations), uploads: uploads)
    }

    private mutating func classify(_ current: inout Part) {
        var name: String?
        for (header, value) in current.headers {
            switch header {
            case "content-disposition":
                let parameters = MultipartUpload.parameters(of: value)
                name = parameters["name"]
                current.filename = parameters["filename"] ?? ""
            case "content-type":
                if !value.isEmpty { current.contentType = value }
            default:
                continue
            }
        }
        guard let name else {
            current.role = .ignored
            return fail(.invalidMultipart, "A multipart part has no name in its Content-Disposition header.")
        }
        switch (stage, name) {
        case (.operations, "operations"):
            current.role = .operations
        case (.map, "map"):
            current.role = .map
        case (.operations, _), (.map, _):
            current.role = .ignored
            fail(.invalidMultipart, "The multipart fields are out of order (part \"\(name)\"): operations must come first, then map, then the files.")
        case (.files, "operations"), (.files, "map"):
            current.role = .ignored
            fail(.invalidMultipart, "The multipart request has more than one \(name) field.")
        case (.files, _):
            if uploads[Self.token(name)] != nil {
                current.role = .ignored
                fail(.invalidMultipart, "The multipart request has more than one part named \"\(name)\".")
            } else {
                current.role = mapped.contains(name) ? .file(field: name) : .ignored
            }
        }
    }

    private mutating func completeOperations(_ bytes: [UInt8]) {
        do {
            operations = try JSONParser.parse(bytes)
        } catch {
            return fail(.unparsable, error.exceedsLimit ? "The operations field exceeds a JSON limit: \(error.reason)."
                                                        : "The operations field is not valid JSON.")
        }
        if case .array = operations {
            return fail(.malformed, "Batched operations (an array) are not supported: send one operation per request.")
        }
        stage = .map
    }

    private mutating func completeMap(_ bytes: [UInt8]) {
        do {
            let map = try UploadMap.parse(bytes, maxFiles: maxFiles)
            try map.place(in: &operations, token: Self.token)
            mapped = map.entries.map(\.field)
            stage = .files
        } catch {
            problem = error
        }
    }

    private mutating func fail(_ kind: HTTPRequestProblem.Kind, _ message: String) {
        if problem == nil { problem = HTTPRequestProblem(kind: kind, message: message) }
    }
}
