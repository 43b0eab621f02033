import CoreMetrics
import Foundation
import Hummingbird
import HummingbirdWebSocket
import HTTPTypes
import LanternExecution
import Logging
import NIOCore
import ServiceLifecycle

/// Serves an executable schema over HTTP (`POST`/`GET /graphql`, Server-Sent Events), WebSocket
/// (graphql-transport-ws and the legacy graphql-ws on the same path), `GET /schema.graphql`,
/// `/health`, `/health/ready` and `/metrics`. Generic over the application's resolvers; the
/// application supplies request contexts through `GraphQLServerHooks`.
public struct GraphQLServer<R: Resolvers>: Sendable {
    public let engine: GraphQLEngine<R>
    public let hooks: GraphQLServerHooks<R.Context>
    public let configuration: GraphQLHTTPConfiguration
    let metrics = ServerMetrics()
    /// Documents registered by automatic persisted queries, shared by every request.
    let persistedQueries: PersistedQueryStore

    /// The factory of the registry `/metrics` exposes, for the application's own metrics.
    public var metricsFactory: any MetricsFactory { metrics.factory }
    let sessions = SessionRegistry()
    let logger: Logger

    public init(engine: GraphQLEngine<R>, hooks: GraphQLServerHooks<R.Context>,
                configuration: GraphQLHTTPConfiguration = GraphQLHTTPConfiguration(),
                logger: Logger = Logger(label: "lantern.http")) {
        self.engine = engine
        self.hooks = hooks
        self.configuration = configuration
        self.logger = logger
        persistedQueries = PersistedQueryStore(capacity: configuration.persistedQueryBytes)
    }

    /// The Hummingbird application serving only Lantern's routes. Run it with `runService()` for
    /// signal handling and graceful shutdown (in-flight requests finish; WebSockets close with
    /// 1001). `routes` adds an application's own routes beside them. To put GraphQL into an
    /// application with its own request context and middleware, use `mount(on:)` instead.
    public func application(host: String = "127.0.0.1", port: Int = 8080,
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
                            routes: (Router<LanternRequestContext>) -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: LanternRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        if !configuration.corsAllowedOrigins.isEmpty {
            let origins = configuration.corsAllowedOrigins
            router.add(middleware: CORSMiddleware(
                allowOrigin: origins == ["*"] ? .all : .originBased,
                allowHeaders: [.accept, .authorization, .contentType, HTTPField.Name("X-Tenant")!]
                    + MultipartUpload.preflightHeaders.compactMap { HTTPField.Name($0) },
                allowMethods: [.get, .post, .options]))
        }
        mount(on: router)
        routes(router)
        let webSocketRouter = Router(context: LanternRequestContext.self)
        webSocketRouter.add(middleware: RequestIDMiddleware())
        mountWebSocket(on: webSocketRouter)
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: webSocketRouter, configuration: webSocketServerConfiguration),
            configuration: .init(address: .hostname(host, port: port), serverName: "Lantern"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    /// The HTTP/1 and WebSocket limits of this configuration (idle timeout, largest frame), for
    /// an application that builds its own `Application` with `.http1WebSocketUpgrade`.
    public var webSocketServerConfiguration: HTTP1WebSocketUpgradeChannel.Configuration {
        let idle = configuration.idleTimeout.components
        return .init(http1: .init(idleTimeout: .nanoseconds(Int64(idle.seconds) * 1_000_000_000 + idle.attoseconds / 1_000_000_000)),
                     ws: .init(maxFrameSize: configuration.maxWebSocketMessageBytes))
    }

    /// The service that closes WebSockets with 1001 on graceful shutdown. Run it after the
    /// application in the same `ServiceGroup` (services stop in reverse order), as `run` does.
    public var webSocketShutdownService: some Service { SessionShutdownService(registry: sessions) }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully: WebSockets close with 1001,
    /// in-flight requests finish, within `shutdownDrainTimeout`; after it what is left is
    /// cancelled, so a client holding a connection open cannot keep the process alive.
    /// `background` services (workers of the application) run in the same group, and stop first.
    public func run(host: String = "127.0.0.1", port: Int = 8080,
                    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
                    background: [any Service] = [],
                    routes: (Router<LanternRequestContext>) -> Void = { _ in }) async throws {
        // Services stop in reverse order: background work and the deadline start first, then
        // WebSockets close, then the HTTP server drains.
        var group = ServiceGroupConfiguration(
            services: [application(host: host, port: port, onServerRunning: onServerRunning, routes: routes), webSocketShutdownService,
                       ShutdownDeadlineService(deadline: configuration.shutdownDrainTimeout, logger: logger)] + background,
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = configuration.shutdownDrainTimeout * 0.8
        try await ServiceGroup(configuration: group).run()
    }

    func head<Context: RequestContext>(_ request: Request, _ context: Context,
                                       uploads: [String: UploadedFile] = [:]) -> RequestHead {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        // HTTP/1.1's Host arrives as the request's authority, not as a header field.
        if headers["host"] == nil, let authority = request.head.authority { headers["host"] = authority }
        let remoteAddress = (context as? LanternRequestContext)?.remoteAddress
            ?? (context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress
        return RequestHead(headers: headers, remoteAddress: remoteAddress, requestID: context.id, uploads: uploads)
    }

    /// Adds Lantern's HTTP routes to an application's router (or a group of it): `GET`/`POST`
    /// on `configuration.path` (and the explorer page for a browser's `GET`, with its files under
    /// `/explorer/`), `GET /schema.graphql`, `/health`, `/health/ready` and `/metrics`.
    /// Generic over the application's request context, so the application's own middleware
    /// (authentication, CORS, logging) runs before GraphQL does. The client's address reaches
    /// `RequestHead` when the context conforms to `RemoteAddressRequestContext`. WebSockets
    /// need `mountWebSocket(on:)` on the application's WebSocket router as well.
    public func mount<Context: RequestContext>(on router: some RouterMethods<Context>) {
        let handler = HTTPGraphQLHandler(engine: engine, configuration: configuration,
                                         persisted: configuration.persistedQueryBytes > 0 ? persistedQueries : nil)
        let server = self
        let explorer = configuration.explorer && configuration.introspection
            ? Explorer(directory: configuration.explorerDirectory) : nil
        for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] {
            router.on(RouterPath(configuration.path), method: method) { request, context in
                if method == .get, let explorer,
                   Explorer.isPageRequest(accept: request.headers[.accept],
                                          queryParameters: RequestDecoding.formParameters(request.uri.query ?? "")) {
                    return explorer.page()
                }
                return try await server.serveGraphQL(request, context, handler)
            }
        }
        if let explorer {
            router.get(RouterPath(Explorer.assetPrefix + ":asset")) { _, context in
                explorer.asset(named: context.parameters.get("asset") ?? "")
            }
        }
        router.get("/schema.graphql") { _, _ in
            guard server.configuration.introspection else { return Response(status: .notFound) }
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: server.engine.schema.printed() + "\n")))
        }
        router.get("/health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("/health/ready") { _, _ in
            let ready = await server.hooks.isReady()
            return Response(status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: ready ? #"{"status":"ready"}"# : #"{"status":"not ready"}"#)))
        }
        router.get("/metrics") { _, _ in
            let statistics = server.engine.cache.statistics
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: server.metrics.exposition(cacheHits: statistics.hits,
                                                                                               cacheMisses: statistics.misses))))
        }
    }

    func serveGraphQL<Context: RequestContext>(_ request: Request, _ context: Context, _ handler: HTTPGraphQLHandler<R>) async throws -> Response {
        guard configuration.tracing || configuration.accessLog else {
            return try await serveGraphQL(request, context, handler, report: nil)
        }
        return try await RequestTrace.around(request, context, configuration: configuration) { report in
            try await serveGraphQL(request, context, handler, report: report)
        }
    }

    func serveGraphQL<Context: RequestContext>(_ request: Request, _ context: Context, _ handler: HTTPGraphQLHandler<R>,
                                               report: RequestTrace.Report?) async throws -> Response {
        let started = ContinuousClock.now
        let language = MessageLanguage.negotiate(acceptLanguage: request.headers[.acceptLanguage])
        var input = HTTPGraphQLInput(method: request.method == .get ? .get : request.method == .post ? .post : .other,
                                     headers: [:], queryParameters: [], body: [])
        for field in request.headers { input.headers[field.name.canonicalName] = field.value }
        // Hummingbird's `queryParameters` percent-decode without reading `+` as a space.
        input.queryParameters = RequestDecoding.formParameters(request.uri.query ?? "")
        var uploads: [String: UploadedFile] = [:]
        if input.method == .post, MultipartUpload.isMultipart(contentType: input.headers["content-type"]) {
            let multipart = await MultipartUpload.read(headers: input.headers, body: request.body, configuration: configuration)
            if case .success(let read) = multipart { uploads = read.uploads }
            input.multipart = multipart
        } else if input.method == .post {
            var request = request
            do {
                let buffer = try await request.collectBody(upTo: configuration.maxBodyBytes)
                input.body = Array(buffer.readableBytesView)
            } catch {
                return Response(status: .contentTooLarge)
            }
        }
        switch handler.prepare(input) {
        case .answer(let answer):
            metrics.record(operation: "unknown", outcome: answer.status < 300 ? "success" : "request_error", seconds: seconds(since: started))
            return response(answer, language: language)
        case .execute(let graphQLRequest, let prepared, let operation, let mediaType):
            let applicationContext: R.Context
            do {
                applicationContext = try await hooks.context(head(request, context, uploads: uploads))
            } catch {
                return refusal(error, mediaType: mediaType, language: language)
            }
            let timeout = configuration.executionTimeout
            let engine = self.engine
            let result = await withTimeout(timeout) {
                await engine.execute(graphQLRequest, prepared: prepared, context: applicationContext)
            }
            guard let executed = result else {
                metrics.record(operation: operation.rawValue, outcome: "timeout", seconds: seconds(since: started))
                report?.executed(graphQLRequest, prepared: prepared, operation: operation, outcome: "timeout", engine: engine)
                return response(handler.errorAnswer(status: 503, mediaType: mediaType, ExecutionResponse.timedOut.errors), language: language)
            }
            let outcome = executed.isRequestError ? "request_error" : executed.errors.isEmpty ? "success" : "partial"
            metrics.record(operation: operation.rawValue, outcome: outcome, seconds: seconds(since: started))
            report?.executed(graphQLRequest, prepared: prepared, operation: operation, outcome: outcome, engine: engine)
            var answer = handler.answer(executed, mediaType: mediaType)
            answer.headers += hooks.responseHeaders(applicationContext)
            return response(answer, language: language)
        case .eventStream(let graphQLRequest, let prepared):
            let applicationContext: R.Context
            do {
                applicationContext = try await hooks.context(head(request, context, uploads: uploads))
            } catch {
                return refusal(error, mediaType: .json, language: language)
            }
            return eventStream(graphQLRequest, prepared: prepared, context: applicationContext)
        case .eventStreamErrors(let errors):
            metrics.record(operation: "unknown", outcome: "request_error", seconds: seconds(since: started))
            let json = ExecutionResponse(requestErrors: errors).json
            return serverSentEvents { next in try await next(json, nil) }
        }
    }

    func refusal(_ error: any Error, mediaType: GraphQLMediaType, language: MessageLanguage = .english) -> Response {
        let status: Int
        let graphQLError: GraphQLError
        var headers = [("Content-Type", mediaType.contentType)]
        if let publicError = error as? any PublicError {
            status = publicError.code == "UNAUTHENTICATED" ? 401 : publicError.code == "FORBIDDEN" ? 403 : 400
            graphQLError = GraphQLError(publicError.message, code: publicError.code)
        } else if let unavailable = error as? any TemporarilyUnavailable {
            logger.warning("request refused while a dependency is unavailable: \(error)")
            status = 503
            headers.append(("Retry-After", String(max(1, unavailable.retryAfterSeconds))))
            graphQLError = GraphQLError("The service is temporarily unavailable; try again shortly", code: "INTERNAL")
        } else {
            logger.error("context construction failed: \(error)")
            status = 500
            graphQLError = GraphQLError("Internal server error", code: "INTERNAL")
        }
        return response(HTTPAnswer(status: status, headers: headers, body: ExecutionResponse(requestErrors: [graphQLError]).json),
                        language: language)
    }

    /// graphql-sse "distinct connections" mode: `next` events, then `complete`.
    func eventStream(_ request: GraphQLRequest, prepared: PreparedDocument, context: R.Context) -> Response {
        let engine = self.engine
        let metrics = self.metrics
        let deadline = configuration.executionTimeout
        var credentialEnded: (@Sendable () async -> CredentialEnd?)?
        if let watch = hooks.credentialEnded { credentialEnded = { await watch(context) } }
        let ended = credentialEnded
        return serverSentEvents { next in
            metrics.subscriptionStarted()
            defer { metrics.subscriptionEnded() }
            switch await engine.subscribe(request, prepared: prepared, context: context, deadline: deadline) {
            case .failure(let response):
                try await next(response.json, nil)
            case .stream(let stream):
                do {
                    for try await response in Self.ending(stream, when: ended) {
                        try await next(response.json, response.eventID)
                    }
                } catch {
                    let reported = (error as? any PublicError).map { GraphQLError($0.message, code: $0.code) }
                        ?? GraphQLError("Internal server error", code: "INTERNAL")
                    try await next(ExecutionResponse(requestErrors: [reported]).json, nil)
                }
            }
        }
    }

    /// `stream`, ended early (as if complete) when `credentialEnded` returns an end: an event
    /// stream opened with a credential that is revoked or expires stops there. At most
    /// `window` responses are read ahead of the consumer, so a slow client slows the source
    /// rather than filling memory.
    static func ending(_ stream: AsyncThrowingStream<ExecutionResponse, any Error>, window: Int = 8,
                       when credentialEnded: (@Sendable () async -> CredentialEnd?)?) -> AsyncThrowingStream<ExecutionResponse, any Error> {
        guard let credentialEnded else { return stream }
        let (ended, continuation) = AsyncThrowingStream<ExecutionResponse, any Error>.makeStream()
        let (credits, credit) = AsyncStream<Void>.makeStream()
        for _ in 0..<window { credit.yield() }
        let source = PulledEvents(stream.makeAsyncIterator())
        let pump = Task {
            do {
                for await _ in credits {
                    guard let response = try await source.next() else { break }
                    continuation.yield(response)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        let watcher = Task { if await credentialEnded() != nil { continuation.finish() } }
        continuation.onTermination = { _ in
            pump.cancel()
            watcher.cancel()
            credit.finish()
        }
        let taken = PulledEvents(ended.makeAsyncIterator())
        return AsyncThrowingStream {
            let response = try await taken.next()
            credit.yield()
            return response
        }
    }

    /// A `text/event-stream` response: a `next` event for each result `produce` sends (with
    /// `id:` when the result has an event id, which a reconnecting EventSource sends back as
    /// `Last-Event-ID`), then `complete` (with the empty `data:` line EventSource needs).
    func serverSentEvents(_ produce: @escaping @Sendable (_ next: ([UInt8], String?) async throws -> Void) async throws -> Void) -> Response {
        let body = ResponseBody { writer in
            func send(_ event: String, _ data: [UInt8], id: String? = nil) async throws {
                var buffer = ByteBuffer(string: "event: \(event)\n")
                if let id, !id.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\0" }) { buffer.writeString("id: \(id)\n") }
                buffer.writeString("data: ")
                buffer.writeBytes(data)
                buffer.writeString("\n\n")
                try await writer.write(buffer)
            }
            try await produce { data, id in try await send("next", data, id: id) }
            try await send("complete", [])
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache",
                                              HTTPField.Name("X-Accel-Buffering")!: "no"], body: body)
    }

    /// The answer as a response; with a language other than English, its JSON errors' messages
    /// are translated (`MessageCatalog`) and `Content-Language` says so.
    func response(_ answer: HTTPAnswer, language: MessageLanguage = .english) -> Response {
        var answer = answer
        if language != .english, let contentType = answer.headers.first(where: { $0.0.lowercased() == "content-type" })?.1 {
            if contentType.contains("json") {
                answer.body = MessageCatalog.localizeBody(answer.body, to: language)
            } else if contentType.hasPrefix("text/plain") {
                answer.body = Array(MessageCatalog.localize(String(decoding: answer.body, as: UTF8.self), to: language).utf8)
            }
            answer.headers.append(("Content-Language", language.rawValue))
        }
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            if let fieldName = HTTPField.Name(name) { headers.append(HTTPField(name: fieldName, value: value)) }
        }
        return Response(status: HTTPResponse.Status(code: answer.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// Puts the request id (Hummingbird's, in every log line of the request) in `X-Request-ID`.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = LanternRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HTTPField.Name("X-Request-ID")!] = context.id
        return response
    }
}
