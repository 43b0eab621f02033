import Foundation
import LanternCodegenRuntime
import LanternDomain
import LanternExecution
import LanternHTTP
import LanternStore
import Logging
import Tracing
import Synchronization

/// How the service is set up: where its database is, and its secrets and limits.
public struct ServiceConfiguration: Sendable {
    /// A `postgres://` URL, or a SQLite file path.
    public var databaseURL: String = "lantern.sqlite"
    /// PostgreSQL: how long an operation waits for a pooled connection before the request fails
    /// (so requests during a database outage get a prompt error instead of waiting it out).
    public var databaseConnectionWait: Duration = .seconds(3)
    /// The HS256 key for access tokens. Nil: a random key generated once and kept in the database,
    /// so every instance sharing the database shares it.
    public var jwtSecret: String?
    /// Earlier keys whose tokens are still accepted while they expire (`LANTERN_JWT_PREVIOUS_SECRETS`).
    public var jwtPreviousSecrets: [String] = []
    public var accessTokenLifetimeSeconds: Int = 15 * 60
    public var passwordHasher = PasswordHasher()
    public var signInLimits = SignInRateLimiter.Limits()
    /// Cost points per window for each tenant, API key and (unauthenticated) client address.
    public var budgets = CostBudgets.Limits()
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed (`LANTERN_TRUSTED_PROXIES`);
    /// from any other peer the header is ignored, so a client cannot choose its own address.
    public var trustedProxies: Set<String> = []
    public var http = GraphQLHTTPConfiguration()
    /// Where the SQL migrations are.
    public var migrator = Migrator.locate()
    /// How long incident events stay in the event log subscribers resume from
    /// (`LANTERN_EVENT_RETENTION_SECONDS`); older cursors are CURSOR_EXPIRED.
    public var eventRetentionSeconds = 7 * 24 * 3_600
    /// How often the event log is trimmed (`LANTERN_RETENTION_INTERVAL_SECONDS`).
    public var retentionInterval: Duration = .seconds(600)
    /// When failed webhook deliveries are retried (`LANTERN_WEBHOOK_RETRY_SCHEDULE`,
    /// `LANTERN_WEBHOOK_TIMEOUT_SECONDS`).
    public var webhookRetry = WebhookRetryPolicy()
    /// Whether webhooks may target private addresses (`LANTERN_WEBHOOKS_ALLOW_PRIVATE=1`; tests).
    public var webhookAddresses = WebhookAddressPolicy()
    /// How often the background worker looks for due escalations and webhook messages when
    /// nothing on this instance woke it.
    public var workerPollInterval: Duration = .milliseconds(500)
    /// The background worker's time (tests move it by hand).
    public var workClock: any WorkClock = SystemWorkClock()
    /// The server's own backups; nil: none (`lantern backup` still works).
    public var backups: BackupSchedule?
    /// Which documents requests may use (`LANTERN_DOCUMENT_MODE`); tenants may be stricter.
    public var documentMode: DocumentMode = .open
    /// Whether an OWNER's API key may send any document whatever the mode
    /// (`LANTERN_DOCUMENT_MODE_OWNER_KEYS_EXEMPT=1`), for operators' own tooling.
    public var ownerKeysExemptFromDocumentMode = false
    /// How often trusted documents and tenants' modes are reloaded from the database (changes
    /// made on other instances, or by `lantern trust`).
    public var documentPolicyReload: Duration = .seconds(5)
    /// Traces to an OpenTelemetry collector (`LANTERN_OTLP_ENDPOINT`), already bootstrapped as
    /// the process's tracer: requests, resolver batches, SQL statements and background jobs
    /// get spans. Nil: no tracing.
    public var tracer: OTLPTracer?

    public init() {}
}

/// The incident service assembled: database, migrations, domain services, the GraphQL engine
/// over the schema generated from `Schema/*.graphql`, and the HTTP/WebSocket server.
public final class ServiceApp: Sendable {
    public let database: Database
    public let services: Services
    public let events: StoreEventBus
    public let revocations: StoreRevocationBus
    public let documentEvents: StoreDocumentEvents
    let engine: GraphQLEngine<ServiceSchema>
    let server: GraphQLServer<ServiceSchema>
    let retention: RetentionJob
    let backupSchedule: BackupSchedule?
    let databaseURL: String
    let trustedDocuments: TrustedDocumentRegistry
    let documentModes: DocumentModeCache
    let documentPolicyReload: Duration
    let tracer: OTLPTracer?
    /// Fires escalations and delivers webhooks (a service of the server's group).
    public let worker: BackgroundWorker
    let logger: Logger

    /// Opens and migrates the database, then builds everything on it.
    public static func start(_ configuration: ServiceConfiguration, logger: Logger) async throws -> ServiceApp {
        let database = try await Database.open(url: configuration.databaseURL, logger: logger,
                                               connectionWait: configuration.databaseConnectionWait)
        let applied = try await configuration.migrator.migrate(database)
        if !applied.isEmpty { logger.info("applied migrations", metadata: ["migrations": "\(applied)"]) }
        return try await ServiceApp(database: database, configuration: configuration, logger: logger)
    }

    init(database: Database, configuration: ServiceConfiguration, logger: Logger) async throws {
        self.database = database
        self.logger = logger
        backupSchedule = configuration.backups
        databaseURL = configuration.databaseURL
        let store = SQLStore(database: database)
        retention = RetentionJob(store: store, events: EventLogRetention(store: store, windowSeconds: configuration.eventRetentionSeconds,
                                                                         interval: configuration.retentionInterval),
                                 interval: configuration.retentionInterval)
        let secret: String
        if let configured = configuration.jwtSecret {
            // A short HMAC key can be brute-forced offline from any token; refuse to start.
            guard configured.utf8.count >= 32 else { throw ServiceSetupError.weakJWTSecret(bytes: configured.utf8.count) }
            secret = configured
        } else {
            secret = try await store.setting("jwt_secret", initial: SecureRandom.token(48))
        }
        if let weak = configuration.jwtPreviousSecrets.first(where: { $0.utf8.count < 32 }) {
            throw ServiceSetupError.weakJWTSecret(bytes: weak.utf8.count)
        }
        let tokens = await AccessTokens(secret: secret, previousSecrets: configuration.jwtPreviousSecrets,
                                        lifetimeSeconds: configuration.accessTokenLifetimeSeconds)
        events = StoreEventBus(database: database)
        revocations = StoreRevocationBus(database: database)
        let accounts = AccountService(store: store, tokens: tokens, hasher: configuration.passwordHasher,
                                      limiter: SignInRateLimiter(limits: configuration.signInLimits), revocations: revocations)
        documentEvents = StoreDocumentEvents(database: database)
        let trusted = TrustedDocumentRegistry(), modes = DocumentModeCache()
        try await Self.reloadDocumentPolicy(store: store, trusted: trusted, modes: modes)
        trustedDocuments = trusted
        documentModes = modes
        documentPolicyReload = configuration.documentPolicyReload
        let workerReference = WorkerReference()
        let incidents = IncidentService(store: store, events: events, workAdded: { workerReference.signal() })
        services = Services(store: store, accounts: accounts, incidents: incidents,
                            documents: DocumentService(store: store, incidents: store, events: documentEvents),
                            dashboards: DashboardService(store: store, incidentEvents: events, documentEvents: documentEvents),
                            exports: ExportService(store: store),
                            escalations: EscalationService(store: store, members: store, events: events),
                            webhooks: WebhookService(store: store, addresses: configuration.webhookAddresses),
                            retention: RetentionService(store: store, defaultEventLogSeconds: configuration.eventRetentionSeconds),
                            budgets: CostBudgets(limits: configuration.budgets),
                            documentPolicy: DocumentPolicyService(store: store, serverMode: configuration.documentMode, modes: modes),
                            trustedDocuments: trusted)
        let ownerKeysExempt = configuration.ownerKeysExemptFromDocumentMode
        let resolvers = try ServiceSchema()
        engine = GraphQLEngine(schema: resolvers.schema, resolvers: resolvers, root: .root,
                               onInternalError: { error, path in
                                   logger.error("resolver failed", metadata: ["path": "\(path)", "error": "\(DatabaseFailure.describe(error))"])
                               },
                               admission: { admission, scope in
                                   try await scope.context.admitDocument(admission.origin, ownerKeysExempt: ownerKeysExempt)
                                   try await scope.context.charge(cost: admission.cost)
                               },
                               subscriptionSharingKey: { scope, request in
                                   // A resumed subscription replays from its own cursor: never shared.
                                   scope.context.lastEventID == nil && !request.query.contains("after")
                                       ? scope.context.subscriptionSharingKey : nil
                               })
        let services = services, migrator = configuration.migrator, trustedProxies = configuration.trustedProxies
        var hooks = GraphQLServerHooks<ResolverScope<RequestContext>>(
            context: { head in
                let head = Self.resolvingClientAddress(head, trustedProxies: trustedProxies)
                return try await ContextFailure.classified {
                    ResolverScope(try await Self.context(services: services, credential: Self.bearer(head.headers["authorization"]),
                                                         tenant: head.headers["x-tenant"], head: head, rejectBadCredential: false))
                }
            },
            webSocketContext: { payload, head in
                let head = Self.resolvingClientAddress(head, trustedProxies: trustedProxies)
                let authorization = Self.string(payload?["authorization"]) ?? Self.string(payload?["Authorization"])
                    ?? head.headers["authorization"]
                let tenant = Self.string(payload?["tenant"]) ?? head.headers["x-tenant"]
                return ResolverScope(try await Self.context(services: services, credential: Self.bearer(authorization), tenant: tenant,
                                                            head: head, rejectBadCredential: true))
            },
            isReady: {
                // Bounded: while the database is down the pool queues the ping, and a readiness
                // probe must say "not ready" rather than hang until the database returns.
                await withTimeout(.seconds(2)) {
                    guard (try? await database.ping()) != nil else { return false }
                    return await migrator.isCurrent(database)
                } ?? false
            })
        hooks.responseHeaders = { scope in scope.context.rateLimitHeaders }
        hooks.credentialEnded = { scope in await scope.context.credentialEnded() }
        var http = configuration.http
        http.trustedDocuments = trusted
        http.documentGate = switch configuration.documentMode {
        case .open: .open
        case .apq: .persistedOnly
        case .trustedOnly: .trustedOnly
        }
        tracer = configuration.tracer
        if configuration.tracer != nil {
            http.tracing = true
            StatementTracing.enable()
            BatchObservation.install { coordinate, size, load in
                // Only inside a traced request: subscription events would each start a trace.
                guard ServiceContext.current?.spanIdentity != nil else { return try await load() }
                try await withSpan("graphql.batch \(coordinate)", ofKind: .internal) { span in
                    span.attributes["graphql.field.coordinate"] = coordinate
                    span.attributes["graphql.batch.size"] = size
                    try await load()
                }
            }
        }
        server = GraphQLServer(engine: engine, hooks: hooks, configuration: http, logger: logger)
        worker = BackgroundWorker(escalations: store, webhooks: store, events: events, transport: HTTPWebhookTransport(),
                                  retry: configuration.webhookRetry, addresses: configuration.webhookAddresses,
                                  clock: configuration.workClock, observer: BackgroundWorkMetrics(factory: server.metricsFactory, logger: logger),
                                  pollInterval: configuration.workerPollInterval)
        workerReference.set(worker)
    }

    /// Trusted documents and tenants' document modes, as the database has them now.
    static func reloadDocumentPolicy(store: SQLStore, trusted: TrustedDocumentRegistry, modes: DocumentModeCache) async throws {
        let documents = try await store.trustedDocuments()
        if documents.count != trusted.count || documents.contains(where: { trusted.document(id: $0.id) == nil }) {
            trusted.replace(with: documents.map { TrustedDocumentRegistry.Document(id: $0.id, text: $0.body) })
        }
        modes.replace(with: try await store.documentModes())
    }

    /// Serves until SIGTERM or SIGINT.
    public func run(host: String, port: Int, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let exports = services.exports, logger = logger, metrics = RetentionMetrics(factory: server.metricsFactory)
        let trimming = Task { [retention] in
            await retention.run { pass in
                switch pass {
                case .success(let counts):
                    metrics.record(counts)
                    if counts.auditEntries + counts.archivedDocuments + counts.events > 0 {
                        logger.info("retention pass", metadata: ["auditEntries": "\(counts.auditEntries)",
                                                                 "archivedDocuments": "\(counts.archivedDocuments)", "events": "\(counts.events)"])
                    }
                case .failure(let error):
                    metrics.failed()
                    logger.error("retention pass failed", metadata: ["error": "\(DatabaseFailure.describe(error))"])
                }
            }
        }
        defer { trimming.cancel() }
        let reloading = Task { [store = SQLStore(database: database), trustedDocuments, documentModes, documentPolicyReload] in
            while !Task.isCancelled {
                try? await Task.sleep(for: documentPolicyReload)
                // Shutting down cancels the sleep: nothing to reload, and nothing to warn about.
                if Task.isCancelled { break }
                do {
                    try await Self.reloadDocumentPolicy(store: store, trusted: trustedDocuments, modes: documentModes)
                } catch where Task.isCancelled {
                    break
                } catch {
                    logger.warning("reloading trusted documents failed", metadata: ["error": "\(DatabaseFailure.describe(error))"])
                }
            }
        }
        defer { reloading.cancel() }
        let exporting = tracer.map { tracer in Task { await tracer.exporter.run() } }
        let backingUp = backupSchedule.map { schedule in
            Task { [database, store = SQLStore(database: database)] in
                await ScheduledBackups(schedule: schedule, database: database, url: databaseURL, leases: store,
                                       factory: server.metricsFactory, logger: logger).run()
            }
        }
        defer { backingUp?.cancel() }
        let background = BackgroundWorkService(worker: worker, store: SQLStore(database: database), logger: logger)
        try await server.run(host: host, port: port, onServerRunning: onServerRunning, background: [background]) { router in
            ExportDownloads.mount(on: router, exports: exports)
        }
        exporting?.cancel()
        await exporting?.value
        events.stop()
        revocations.stop()
        documentEvents.stop()
        await database.close()
    }

    /// A context for a request: the credential checked (a bad one is remembered and reported by
    /// the fields that need it, so signing in again still works), the tenant as asked.
    static func context(services: Services, credential: String?, tenant: String?, head: RequestHead,
                        rejectBadCredential: Bool) async throws -> RequestContext {
        let origin = RequestOrigin(requestID: head.requestID, clientAddress: head.remoteAddress)
        var principal: Principal?
        var failure: DomainError?
        var expiresAt: Timestamp?
        if let credential {
            do {
                (principal, expiresAt) = try await services.accounts.authenticateCredential(bearer: credential)
            } catch let error as DomainError {
                if rejectBadCredential { throw error }
                failure = error
            }
        }
        let slug = tenant.flatMap { $0.isEmpty ? nil : $0 }
        return RequestContext(services: services, principal: principal, authenticationFailure: failure,
                              tenantSlug: slug, origin: origin, credentialExpiresAt: expiresAt, uploads: head.uploads,
                              baseURL: baseURL(head), lastEventID: rejectBadCredential ? nil : head.headers["last-event-id"])
    }

    /// `http://` and the `Host` the client sent (`https://` when a trusted proxy says it
    /// terminated TLS); the listening address when there is no usable `Host`.
    static func baseURL(_ head: RequestHead) -> String {
        let host = head.headers["host"].flatMap { host in
            host.utf8.count <= 255 && !host.isEmpty && host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:[]_".contains($0) }) ? host : nil
        } ?? "127.0.0.1"
        let scheme = head.headers["x-forwarded-proto"] == "https" ? "https" : "http"
        return "\(scheme)://\(host)"
    }

    /// The client's address: the peer's (and `X-Forwarded-Proto` dropped), or, when the peer is a trusted proxy, the nearest
    /// address in `X-Forwarded-For` that is not itself a trusted proxy.
    static func resolvingClientAddress(_ head: RequestHead, trustedProxies: Set<String>) -> RequestHead {
        guard let peer = head.remoteAddress, trustedProxies.contains(peer) else {
            var untrusted = head
            untrusted.headers["x-forwarded-proto"] = nil
            return untrusted
        }
        guard let forwarded = head.headers["x-forwarded-for"] else { return head }
        let hops = forwarded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0.utf8.count <= 64 }
        var resolved = head
        resolved.remoteAddress = hops.last { !trustedProxies.contains($0) } ?? hops.first ?? peer
        return resolved
    }

    private static func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
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

/// The worker an incident change wakes, set once the worker exists (it needs the server's metrics).
final class WorkerReference: Sendable {
    private let worker = Mutex<BackgroundWorker?>(nil)

    func set(_ worker: BackgroundWorker) { self.worker.withLock { $0 = worker } }
    func signal() { worker.withLock { $0 }?.signal() }
}

/// Why the service refuses to start.
public enum ServiceSetupError: Error, CustomStringConvertible {
    case weakJWTSecret(bytes: Int)

    public var description: String {
        switch self {
        case .weakJWTSecret(let bytes):
            "LANTERN_JWT_SECRET has \(bytes) bytes; it must have at least 32 (for example: openssl rand -base64 48)."
        }
    }
}
