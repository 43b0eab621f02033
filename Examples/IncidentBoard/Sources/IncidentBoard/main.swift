import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdWebSocket
import LanternCodegenRuntime
import LanternHTTP
import NIOCore

/// The application's own request context: GraphQL is mounted on the application's router, so
/// it runs with this context, after this application's middleware.
struct AppRequestContext: RequestContext, WebSocketRequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress
    }
}

/// An example of the application's own middleware: it runs for every route, GraphQL included.
struct ServedByMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HTTPField.Name("X-Served-By")!] = "IncidentBoard"
        return response
    }
}

let engine = try ExecutableSchema(Board()).engine()
let hooks = GraphQLServerHooks<ResolverScope<BoardContext>>(
    context: { head in ResolverScope(BoardContext(user: head.header("X-User") ?? "anonymous")) },
    webSocketContext: { payload, _ in
        guard case .string(let user)? = payload?["user"] else { return ResolverScope(BoardContext(user: "anonymous")) }
        return ResolverScope(BoardContext(user: user))
    })
let graphQL = GraphQLServer(engine: engine, hooks: hooks)

let router = Router(context: AppRequestContext.self)
router.add(middleware: ServedByMiddleware())
router.get("/") { _, _ in "IncidentBoard: GraphQL at /graphql\n" }
graphQL.mount(on: router)

let webSocketRouter = Router(context: AppRequestContext.self)
graphQL.mountWebSocket(on: webSocketRouter)

let port = Int(ProcessInfo.processInfo.environment["PORT"] ?? "8080") ?? 8080
let app = Application(
    router: router,
    server: .http1WebSocketUpgrade(webSocketRouter: webSocketRouter, configuration: graphQL.webSocketServerConfiguration),
    configuration: .init(address: .hostname("127.0.0.1", port: port)),
    onServerRunning: { channel in
        let line = "IncidentBoard at http://127.0.0.1:\(channel.localAddress?.port ?? port)/graphql\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }
)
try await app.runService()
