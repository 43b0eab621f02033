import LanternExecution

/// How Lantern answers GraphQL over HTTP. Every input has a bound, and each bound can be changed.
public struct GraphQLHTTPConfiguration: Sendable {
    /// Which draft of GraphQL over HTTP decides the status of request errors sent as
    /// `application/json` (see `docs/http.md`).
    public enum StatusPolicy: Sendable {
        /// The 2026 draft: parse errors 400; other request errors (invalid request, validation,
        /// operation selection, variables) 422; partial data 200. The default.
        case draft2026
        /// The 2025-05 draft the graphql-http audit encodes: request errors under
        /// `application/json` answer 200 (under `application/graphql-response+json` they are 4xx).
        case audit2025
    }

    public var path: String = "/graphql"
    public var statusPolicy: StatusPolicy = .draft2026
    /// Largest JSON (or GET-less) request body accepted (413 beyond).
    public var maxBodyBytes: Int = 1 << 20
    /// Largest file accepted in a `multipart/form-data` upload (the GraphQL multipart request
    /// spec); a larger file part is refused with 413 and a `BAD_USER_INPUT` error as soon as it
    /// passes the bound.
    public var maxUploadFileBytes: Int = 1 << 20
    /// Largest whole `multipart/form-data` body (413 beyond); nil: room for `maxUploadFiles`
    /// files of `maxUploadFileBytes` and 64 KiB of other fields, so a file of the largest
    /// allowed size always fits.
    public var maxUploadBodyBytes: Int?
    /// The bound a multipart body is read against.
    public var uploadBodyLimit: Int { maxUploadBodyBytes ?? maxUploadFiles * maxUploadFileBytes + (64 << 10) }
    /// Most files one multipart request may map (entries of its `map` field); more are refused
    /// with 413 and a `BAD_USER_INPUT` error before any file is read.
    public var maxUploadFiles: Int = 10
    /// Longest query text accepted (413 beyond).
    public var maxQueryBytes: Int = 256 << 10
    /// Bytes of document text kept for automatic persisted queries and `documentId` requests
    /// (least recently used out first); 0 turns persisted queries off.
    public var persistedQueryBytes: Int = 8 << 20
    /// Documents registered ahead of time (`TrustedDocumentRegistry`): requests may name them by
    /// id or hash, and requests that use them carry `DocumentOrigin.trusted`. Nil: none.
    public var trustedDocuments: TrustedDocumentRegistry?
    /// Which documents the server runs at all, checked before parsing (`DocumentGate`).
    public var documentGate: DocumentGate = .open
    /// A request that runs longer is answered with 503 and a GraphQL error.
    public var executionTimeout: Duration = .seconds(30)
    /// Whether introspection queries and `GET /schema.graphql` are served.
    public var introspection: Bool = true
    /// Whether a browser's `GET` of `path` is answered with the explorer page (only while
    /// `introspection` is on as well).
    public var explorer: Bool = true
    /// Serve the explorer's files from this directory, read at each request, instead of the
    /// copies embedded at build time: for working on the explorer itself.
    public var explorerDirectory: String?
    /// Whether each GraphQL request gets a server span (with the operation's name, type, document
    /// id, cost and outcome) from the bootstrapped tracer, continuing an incoming `traceparent`.
    public var tracing = false
    /// Whether each GraphQL request is logged (info) with its request id, trace id, tenant,
    /// operation, status and duration: an access log, for structured (JSON) logs.
    public var accessLog = false
    /// Origins allowed for CORS; empty disables CORS headers, `["*"]` allows any.
    public var corsAllowedOrigins: [String] = []
    /// graphql-transport-ws: how long a connection may wait before `connection_init`.
    public var connectionInitTimeout: Duration = .seconds(3)
    /// Largest WebSocket message accepted.
    public var maxWebSocketMessageBytes: Int = 1 << 20
    /// Responses queued for one connection's socket before its subscriptions wait (reading no
    /// further events) for the client to catch up.
    public var maxPendingSubscriptionMessages: Int = 256
    /// How long a connection with a full queue may go without taking a single message before it
    /// is considered stalled and closed with 1008.
    /// Generous, because one write to a slow link can wait seconds for the socket to drain
    /// (a reader taking 1,600 small messages a second was cut off at 2 s).
    public var subscriberStallTimeout: Duration = .seconds(10)
    /// Operations one WebSocket connection may run at once; more are refused with an `error`
    /// message for that id.
    public var maxOperationsPerConnection: Int = 100
    /// An HTTP connection with no request in flight for this long is closed (this also frees
    /// connections a client half-closed and left).
    public var idleTimeout: Duration = .seconds(60)
    /// After SIGTERM or SIGINT, in-flight requests and connections get this long to finish;
    /// then the server cancels what is left and exits, whatever clients do.
    public var shutdownDrainTimeout: Duration = .seconds(10)

    public init() {}
}
