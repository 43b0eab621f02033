import Foundation
import LanternDomain
import LanternExecution
import LanternHTTP
import LanternStore
import Logging

/// How the service is set up: where its database is, and its secrets and limits.
public struct ServiceConfiguration: Sendable {
    /// A `postgres://` URL, or a SQLite file path.
    public var databaseURL: String = "lantern.sqlite"
    /// The HS256 key for access tokens. Nil: a random key generated once and kept in the database,
    /// so every instance sharing the database shares it.
    public var jwtSecret: String?
    public var accessTokenLifetimeSeconds: Int = 15 * 60
    public var passwordHasher = PasswordHasher()
    public var signInLimits = SignInRateLimiter.Limits()
    public var http = GraphQLHTTPConfiguration()
    /// Where the SQL migrations are.
    public var migrator = Migrator.locate()

    public init() {}
}

/// The incident service assembled: database, migrations, domain services, the GraphQL engine
/// over the schema generated from `Schema/*.graphql`, and the HTTP/WebSocket server.
public final class ServiceApp: Sendable {
    public let database: Database
    public let services: Services
    public let events: StoreEventBus
    public let engine: GraphQLEngine<APIResolvers>
    public let server: GraphQLServer<APIResolvers>

    /// Opens and migrates the database, then builds everything on it.
    public static func start(_ configuration: ServiceConfiguration, logger: Logger) async throws -> ServiceApp {
        let database = try await Database.open(url: configuration.databaseURL, logger: logger)
        let applied = try await configuration.migrator.migrate(database)
        if !applied.isEmpty { logger.info("applied migrations", metadata: ["migrations": "\(applied)"]) }
        return try await ServiceApp(database: database, configuration: configuration, logger: logger)
    }

    init(database: Database, configuration: ServiceConfiguration, logger: Logger) async throws {
        self.database = database
        let store = SQLStore(database: database)
        let secret: String
        if let configured = configuration.jwtSecret {
            secret = configured
        } else {
            secret = try await store.setting("jwt_secret", initial: SecureRandom.token(48))
        }
        let tokens = await AccessTokens(secret: secret, lifetimeSeconds: configuration.accessTokenLifetimeSeconds)
        events = StoreEventBus(database: database)
        let accounts = AccountService(store: store, tokens: tokens, hasher: configuration.passwordHasher,
                                      limiter: SignInRateLimiter(limits: configuration.signInLimits))
        services = Services(store: store, accounts: accounts, incidents: IncidentService(store: store, events: events))
        let schema = try APISchema.build()
        engine = GraphQLEngine(schema: schema, resolvers: APIResolvers(schema: schema), root: .root) { error, path in
            logger.error("resolver failed", metadata: ["path": "\(path)", "error": "\(error)"])
        }
        let services = services, migrator = configuration.migrator
        let hooks = GraphQLServerHooks<RequestContext>(
            context: { head in
                try await Self.context(services: services, credential: Self.bearer(head.headers["authorization"]),
                                       tenant: head.headers["x-tenant"], head: head, rejectBadCredential: false)
            },
            webSocketContext: { payload, head in
                let authorization = Arguments.string(payload?["authorization"]) ?? Arguments.string(payload?["Authorization"])
                    ?? head.headers["authorization"]
                let tenant = Arguments.string(payload?["tenant"]) ?? head.headers["x-tenant"]
                return try await Self.context(services: services, credential: Self.bearer(authorization), tenant: tenant,
                                              head: head, rejectBadCredential: true)
            },
            isReady: {
                guard (try? await database.ping()) != nil else { return false }
                return await migrator.isCurrent(database)
            })
        server = GraphQLServer(engine: engine, hooks: hooks, configuration: configuration.http, logger: logger)
    }

    /// Serves until SIGTERM or SIGINT.
    public func run(host: String, port: Int, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await server.run(host: host, port: port, onServerRunning: onServerRunning)
        events.stop()
        await database.close()
    }

    /// A context for a request: the credential checked (a bad one is remembered and reported by
    /// the fields that need it, so signing in again still works), the tenant as asked.
    static func context(services: Services, credential: String?, tenant: String?, head: RequestHead,
                        rejectBadCredential: Bool) async throws -> RequestContext {
        let origin = RequestOrigin(requestID: head.requestID, clientAddress: head.remoteAddress)
        var principal: Principal?
        var failure: DomainError?
        if let credential {
            do {
                principal = try await services.accounts.authenticate(bearer: credential)
            } catch let error as DomainError {
                if rejectBadCredential { throw error }
                failure = error
            }
        }
        let slug = tenant.flatMap { $0.isEmpty ? nil : $0 }
        return RequestContext(services: services, principal: principal, authenticationFailure: failure,
                              tenantSlug: slug, origin: origin)
    }

    static func bearer(_ header: String?) -> String? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        if parts.count == 2, parts[0].lowercased() == "bearer" { return parts[1].trimmingCharacters(in: .whitespaces) }
        return header
    }
}

/// The service's schema: `Schema/*.graphql`, embedded and validated at build time by the
/// LanternCodegen plugin.
public enum APISchema {
    public static var sdl: String { GeneratedSchema.sdl }

    public static func build() throws -> Schema {
        try Schema.build(sdl: GeneratedSchema.sdl, name: "Schema/*.graphql")
    }
}
