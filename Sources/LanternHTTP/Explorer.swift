import HTTPTypes
import Hummingbird

/// The in-browser explorer (`Explorer/` in the repository): an HTML page, a script and a style
/// sheet, embedded in the binary at build time so the page works with no network access and no
/// files beside the binary. It is served for a browser's `GET` of the GraphQL path, only while
/// introspection is on (the page is useless without it, and an operator who hides the schema
/// does not want a schema browser either).
struct Explorer: Sendable {
    /// Where the files come from: the embedded copies, or (while developing the explorer) a
    /// directory read at each request so edits show on reload without a rebuild.
    let directory: String?

    /// Nothing but the page's own script, style sheet and the GraphQL endpoint (HTTP and
    /// WebSocket on the same origin): no inline script or style, no frames, no forms.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        + "img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The URL path of the explorer's script and style sheet.
    static let assetPrefix = "/explorer/"

    private static let embedded: [String: String] = Dictionary(
        EmbeddedExplorer.files.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })

    /// A browser asking for a page (Accept names `text/html`) with none of a GraphQL request's
    /// parameters: a `GET ?query=…` from anything, even a browser, is still a GraphQL request.
    static func isPageRequest(accept: String?, queryParameters: [(String, String)]) -> Bool {
        guard let accept, accept.lowercased().contains("text/html") else { return false }
        let graphQLParameters: Set<String> = ["query", "documentId", "doc_id", "extensions", "operationName", "variables"]
        return !queryParameters.contains { graphQLParameters.contains($0.0) }
    }

    func page() -> Response {
        guard let html = file("explorer.html") else { return Response(status: .notFound) }
        var headers = Self.commonHeaders(contentType: "text/html; charset=utf-8")
        headers[HTTPField.Name("Content-Security-Policy")!] = Self.contentSecurityPolicy
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// `explorer.js` or `explorer.css`; anything else is 404.
    func asset(named name: String) -> Response {
        let contentType: String
        if name == "explorer.js" {
            contentType = "text/javascript; charset=utf-8"
        } else if name == "explorer.css" {
            contentType = "text/css; charset=utf-8"
        } else {
            return Response(status: .notFound)
        }
        guard let text = file(name) else { return Response(status: .notFound) }
        return Response(status: .ok, headers: Self.commonHeaders(contentType: contentType),
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private func file(_ name: String) -> String? {
        guard let directory else { return Self.embedded[name] }
        return try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    private static func commonHeaders(contentType: String) -> HTTPFields {
        [.contentType: contentType, .cacheControl: "no-cache", HTTPField.Name("X-Content-Type-Options")!: "nosniff"]
    }
}
