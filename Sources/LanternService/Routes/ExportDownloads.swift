import HTTPTypes
import Hummingbird
import LanternDomain
import LanternHTTP
import NIOCore

/// `GET /exports/{token}`: an export file, to whoever holds the URL until it expires. The token
/// is the only credential (32 random bytes; only its SHA-256 is stored), so the response is
/// never cached and an unknown or expired token is a plain 404.
enum ExportDownloads {
    static let chunkBytes = 64 * 1024

    static func mount(on router: Router<LanternRequestContext>, exports: ExportService) {
        router.get("/exports/:token") { _, context -> Response in
            guard let token = context.parameters.get("token"),
                  let export = try await exports.download(token: token) else {
                return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: "This export does not exist or has expired.\n")))
            }
            var headers: HTTPFields = [.contentType: export.contentType, .cacheControl: "no-store"]
            headers[.contentDisposition] = "attachment; filename=\"\(export.filename)\""
            headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
            let bytes = Array(export.body.utf8)
            headers[.contentLength] = String(bytes.count)
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                var offset = 0
                while offset < bytes.count {
                    let end = min(offset + chunkBytes, bytes.count)
                    try await writer.write(ByteBuffer(bytes: bytes[offset..<end]))
                    offset = end
                }
                try await writer.finish(nil)
            })
        }
    }
}
