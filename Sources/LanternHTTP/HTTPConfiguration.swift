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
    /// Largest request body accepted (413 beyond).
    public var maxBodyBytes: Int = 1 << 20
    /// Longest query text accepted (413 beyond).
    public var maxQueryBytes: Int = 256 << 10
    /// A request that runs longer is answered with 503 and a GraphQL error.
    public var executionTimeout: Duration = .seconds(30)
    /// Whether introspection queries and `GET /schema.graphql` are served.
    public var introspection: Bool = true
    /// Origins allowed for CORS; empty disables CORS headers, `["*"]` allows any.
    public var corsAllowedOrigins: [String] = []
    /// graphql-transport-ws: how long a connection may wait before `connection_init`.
    public var connectionInitTimeout: Duration = .seconds(3)
    /// Largest WebSocket message accepted.
    public var maxWebSocketMessageBytes: Int = 1 << 20
    /// Responses buffered for one subscriber before it is considered stalled and disconnected.
    public var maxPendingSubscriptionMessages: Int = 256
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
