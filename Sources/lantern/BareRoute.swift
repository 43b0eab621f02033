import Hummingbird
import HTTPTypes
import NIOCore

/// `lantern serve --bare-response PATH=FILE`: a route answering `FILE`'s bytes without GraphQL,
/// the ceiling `Benchmarks/http/run.sh` measures the GraphQL routes against.
enum BareRoute {
    static func add<Context: RequestContext>(_ path: String, _ bytes: [UInt8], to router: Router<Context>) {
        let buffer = ByteBuffer(bytes: bytes)
        for method in [HTTPRequest.Method.get, .post] {
            router.on(RouterPath(path), method: method) { request, _ in
                var request = request
                _ = try? await request.collectBody(upTo: 1 << 20)
                return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
            }
        }
    }
}
