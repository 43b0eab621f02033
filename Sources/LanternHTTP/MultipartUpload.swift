import LanternExecution
import MultipartKit
import NIOCore

/// A GraphQL request read from a `multipart/form-data` body, with its files by token.
struct MultipartGraphQLRequest: Sendable {
    var request: GraphQLRequest
    var uploads: [String: UploadedFile]
}

/// Reads GraphQL multipart requests (https://github.com/jaydenseric/graphql-multipart-request-spec),
/// as Apollo's and urql's upload clients send them: an `operations` field (one request object),
/// a `map` field (file part name → paths in `operations`), then the file parts. The body is
/// parsed as it streams in (multipart-kit's `MultipartParser`), so a file over its bound is
/// refused when it passes the bound rather than after the whole body has been read.
enum MultipartUpload {
    /// The headers of which a multipart request must carry one, non-empty: a browser sends a
    /// cross-origin request with a custom header only after a CORS preflight, so these keep a
    /// page on another origin from posting a form to the API with the user's cookies (CSRF).
    /// The names Apollo Server accepts, and the one GraphQL over HTTP mentions.
    static let preflightHeaders = ["Apollo-Require-Preflight", "X-Apollo-Operation-Name", "GraphQL-Require-Preflight"]

    /// Whether a `Content-Type` is `multipart/form-data` (with any parameters).
    static func isMultipart(contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaRange = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmed.lowercased() }
        return mediaRange == "multipart/form-data"
    }

    /// Reads the multipart request in `body` (a POST whose `Content-Type` is
    /// `multipart/form-data`): the GraphQL request it carries, with each file's token in place
    /// of the null the client left for it, or why it is refused.
    /// - Parameter headers: the request's headers, by lower-cased name.
    static func read<Body: AsyncSequence>(headers: [String: String], body: Body,
                                          configuration: GraphQLHTTPConfiguration) async
        -> Result<MultipartGraphQLRequest, HTTPRequestProblem> where Body.Element == ByteBuffer {
        let preflighted = preflightHeaders.contains { name in
            headers[name.lowercased()]?.contains { $0 != " " && $0 != "\t" } == true
        }
        guard preflighted else {
            return .failure(HTTPRequestProblem(kind: .invalidMultipart, message: """
                A multipart/form-data request must carry a non-empty Apollo-Require-Preflight, X-Apollo-Operation-Name \
                or GraphQL-Require-Preflight header, so that browsers send a CORS preflight first (CSRF protection).
                """))
        }
        guard let boundary = parameters(of: headers["content-type"] ?? "")["boundary"],
              (1...70).contains(boundary.utf8.count) else {
            return .failure(HTTPRequestProblem(kind: .invalidMultipart,
                                               message: "The multipart/form-data Content-Type needs a boundary parameter of 1 to 70 characters."))
        }
        var assembler = UploadAssembler(maxFileBytes: configuration.maxUploadFileBytes, maxFiles: configuration.maxUploadFiles)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in assembler.header(name: name, value: value) }
        parser.onBody = { chunk in assembler.body(chunk) }
        parser.onPartComplete = { assembler.partComplete() }
        var received = 0
        do {
            for try await chunk in body {
                received += chunk.readableBytes
                if received > configuration.uploadBodyLimit {
                    return .failure(HTTPRequestProblem(kind: .uploadTooLarge,
                                                       message: "The request body is larger than \(configuration.uploadBodyLimit) bytes."))
                }
                try parser.execute(chunk)
                if let problem = assembler.problem { return .failure(problem) }
            }
        } catch {
            return .failure(HTTPRequestProblem(kind: .invalidMultipart, message: "The multipart body is malformed."))
        }
        do {
            return .success(try assembler.finish())
        } catch {
            return .failure(error)
        }
    }

    /// The parameters of a header value such as `form-data; name="file"; filename="a b.txt"`
    /// or `multipart/form-data; boundary=xyz`, by lower-cased name: quoted strings are
    /// unquoted (a backslash escapes the next character); the first of a repeated name wins.
    static func parameters(of value: String) -> [String: String] {
        var result: [String: String] = [:]
        let characters = Array(value)
        guard var index = characters.firstIndex(of: ";") else { return result }
        index += 1
        func skipBlanks() {
            while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
        }
        while index < characters.count {
            skipBlanks()
            let nameStart = index
            while index < characters.count, characters[index] != "=", characters[index] != ";" { index += 1 }
            let name = String(characters[nameStart..<index]).lowercased()
                .trimmingSuffix { $0 == " " || $0 == "\t" }
            var parameter = ""
            if index < characters.count, characters[index] == "=" {
                index += 1
                skipBlanks()
                if index < characters.count, characters[index] == "\"" {
                    index += 1
                    while index < characters.count, characters[index] != "\"" {
                        if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                        parameter.append(characters[index])
                        index += 1
                    }
                    while index < characters.count, characters[index] != ";" { index += 1 }
                } else {
                    let valueStart = index
                    while index < characters.count, characters[index] != ";" { index += 1 }
                    parameter = String(characters[valueStart..<index]).trimmingSuffix { $0 == " " || $0 == "\t" }
                }
            }
            index += 1
            if !name.isEmpty, result[name] == nil { result[name] = parameter }
        }
        return result
    }
}

extension String {
    fileprivate func trimmingSuffix(while isBlank: (Character) -> Bool) -> String {
        var text = self
        while let last = text.last, isBlank(last) { text.removeLast() }
        return text
    }
}
