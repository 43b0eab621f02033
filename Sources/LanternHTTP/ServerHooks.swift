import LanternExecution

/// What a transport knows about a request when the application builds its context.
public struct RequestHead: Sendable {
    /// Header values by lower-cased name.
    public var headers: [String: String]
    /// The client's address, when known (for rate limiting).
    public var remoteAddress: String?
    /// The id in the `X-Request-ID` response header and in every log line of the request.
    public var requestID: String
    /// The files of a `multipart/form-data` request (the GraphQL multipart request spec), by the
    /// variable value that stands for each one: `"lantern-upload:<part name>"`. Empty for any
    /// other request. Keep them in the context so a resolver can look a file up by the value of
    /// its `Upload` argument.
    public var uploads: [String: UploadedFile]

    public init(headers: [String: String], remoteAddress: String?, requestID: String,
                uploads: [String: UploadedFile] = [:]) {
        self.headers = headers
        self.remoteAddress = remoteAddress
        self.requestID = requestID
        self.uploads = uploads
    }

    /// The value of the header `name`, in any case (`"X-User"` finds `x-user`).
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Why a long-lived connection's credential stopped being valid.
public enum CredentialEnd: Sendable, Hashable {
    /// Signed out, revoked, or no longer a member: graphql-transport-ws closes with 4403.
    case revoked
    /// The access token expired: closed with 4401, so the client re-initialises with a new one.
    case expired
}

/// The application's part of serving: building a request context (authentication lives here)
/// and saying whether it is ready. LanternHTTP knows nothing of the domain beyond these.
public struct GraphQLServerHooks<Context: Sendable>: Sendable {
    /// The context of an HTTP request. Throw a `PublicError` with code `UNAUTHENTICATED` (401)
    /// or `FORBIDDEN` (403) to refuse it.
    public var context: @Sendable (RequestHead) async throws -> Context
    /// The context of a WebSocket connection from its `connection_init` payload; nil or a thrown
    /// error rejects the connection (close code 4403).
    public var webSocketContext: @Sendable (JSONObject?, RequestHead) async throws -> Context?
    /// Whether the application's dependencies are ready (`/health/ready`).
    public var isReady: @Sendable () async -> Bool
    /// Headers to add to a GraphQL response once the operation ran (or was refused), such as
    /// the `RateLimit-*` headers of the budget the request was charged to.
    public var responseHeaders: @Sendable (Context) -> [(String, String)] = { _ in [] }
    /// Returns when the credential a WebSocket or event stream was opened with ends (revoked on
    /// any instance, or expired), or nil once cancelled or when there is nothing to watch. The
    /// connection then ends. Nil: credentials are never watched.
    public var credentialEnded: (@Sendable (Context) async -> CredentialEnd?)?

    public init(context: @escaping @Sendable (RequestHead) async throws -> Context,
                webSocketContext: @escaping @Sendable (JSONObject?, RequestHead) async throws -> Context?,
                isReady: @escaping @Sendable () async -> Bool = { true }) {
        self.context = context
        self.webSocketContext = webSocketContext
        self.isReady = isReady
    }
}
