import ArgumentParser
import Foundation
import LanternExecution
import LanternHTTP
import LanternDomain
import LanternService
import LanternStore
import Logging
import Instrumentation

/// `lantern serve`: the incident service (SQLite at ./lantern.sqlite unless a database URL is
/// given). With `--schema`, instead any SDL over a JSON root value (default resolvers; a
/// subscription field streams the elements of the root's array of that name; a root `incidents`
/// array also answers `incidents(first:)` and `incident(id:)`). With `--demo`, the workload
/// schema over generated data (for protocol tests and benchmarks).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve GraphQL over HTTP, WebSocket and Server-Sent Events.")

    @Option(help: "Address to listen on (or LANTERN_HOST).") var host: String?
    @Option(help: "Port to listen on (or LANTERN_PORT).") var port: Int?
    @Option(help: "The service's database: a postgres:// URL or a SQLite file (or DATABASE_URL; default ./lantern.sqlite).")
    var databaseURL: String?
    @Option(help: "An SDL file to serve over a JSON root instead of the service.") var schema: String?
    @Flag(help: "Serve the built-in workload demo instead of the service.") var demo = false
    @Option(help: "A JSON file with the root value for --schema.") var root: String?
    @Option(help: "Status codes for request errors under application/json: draft2026 (default) or audit2025 (or LANTERN_STATUS_POLICY).")
    var statusPolicy: String?
    @Option(help: "A TOML file of settings, keyed like the LANTERN_* variables without the prefix (port = 8080); variables and options win over it.")
    var config: String?
    @Flag(help: "Refuse introspection and GET /schema.graphql.") var noIntrospection = false
    @Option(help: "Milliseconds between events of a JSON-root subscription.") var eventIntervalMs: Int = 100
    @Option(help: ArgumentHelp("Serve the explorer's files from DIR, read at each request (for working on the explorer).",
                               visibility: .hidden))
    var explorerDir: String?
    @Option(help: ArgumentHelp("PATH=FILE: also answer PATH with FILE's bytes (benchmarking only).", visibility: .hidden))
    var bareResponse: [String] = []

    func run() async throws {
        let processEnvironment = ProcessInfo.processInfo.environment
        let settings = try config.map { EnvironmentSettings(environment: processEnvironment, file: try ConfigurationFile.settings(at: $0)) }
            ?? EnvironmentSettings(processEnvironment)
        let environment = settings.environment
        let host = host ?? environment["LANTERN_HOST"] ?? "127.0.0.1"
        // Read even when --port is given: an invalid setting stops startup wherever it is.
        let configuredPort = try settings.integer("LANTERN_PORT", in: 0...65_535)
        let port = port ?? configuredPort ?? 8080
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535; it is \(port).") }
        let logFormat = try settings.value("LANTERN_LOG_FORMAT", { ["text": false, "json": true][$0.lowercased()] }, expected: "text or json") ?? false
        if logFormat {
            LoggingSystem.bootstrap({ label, provider in JSONLogHandler(label: label, metadataProvider: provider) },
                                   metadataProvider: JSONLogHandler.traceMetadata)
        }
        let otlpEndpoint = try settings.value("LANTERN_OTLP_ENDPOINT", { value in
            URL(string: value).flatMap { ["http", "https"].contains($0.scheme ?? "") && $0.host != nil ? value : nil }
        }, expected: "an http:// or https:// URL of an OTLP/HTTP collector, such as http://127.0.0.1:4318")
        var configuredLogger = Logger(label: "lantern")
        configuredLogger.logLevel = try settings.value("LANTERN_LOG_LEVEL", Logger.Level.init(rawValue:),
                                                       expected: "one of trace, debug, info, notice, warning, error, critical") ?? .info
        let logger = configuredLogger
        var http = GraphQLHTTPConfiguration()
        let policies: [String: GraphQLHTTPConfiguration.StatusPolicy] = ["draft2026": .draft2026, "audit2025": .audit2025]
        if let statusPolicy {
            guard let policy = policies[statusPolicy] else {
                throw ValidationError("--status-policy must be draft2026 or audit2025; it is '\(statusPolicy)'.")
            }
            http.statusPolicy = policy
        } else if let policy = try settings.value("LANTERN_STATUS_POLICY", { policies[$0] }, expected: "draft2026 or audit2025") {
            http.statusPolicy = policy
        }
        http.introspection = noIntrospection ? false : try settings.flag("LANTERN_INTROSPECTION") ?? true
        http.explorer = try settings.flag("LANTERN_EXPLORER") ?? true
        http.accessLog = logFormat
        http.explorerDirectory = explorerDir
        if schema == nil && !demo {
            var service = ServiceConfiguration()
            service.databaseURL = databaseURL ?? environment["DATABASE_URL"] ?? "lantern.sqlite"
            if let milliseconds = try settings.integer("LANTERN_DATABASE_WAIT_MS", in: 100...60_000) {
                service.databaseConnectionWait = .milliseconds(milliseconds)
            }
            if let otlpEndpoint {
                let tracer = OTLPTracer(exporter: OTLPExporter(endpoint: otlpEndpoint, logger: logger))
                InstrumentationSystem.bootstrap(tracer)
                service.tracer = tracer
            }
            service.jwtSecret = environment["LANTERN_JWT_SECRET"]
            service.jwtPreviousSecrets = (environment["LANTERN_JWT_PREVIOUS_SECRETS"] ?? "").split(separator: ",").map(String.init)
            service.http = http
            service.trustedProxies = Set((environment["LANTERN_TRUSTED_PROXIES"] ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            if let seconds = try settings.integer("LANTERN_ACCESS_TOKEN_SECONDS", in: 1...86_400) { service.accessTokenLifetimeSeconds = seconds }
            if let points = try settings.integer("LANTERN_COST_BUDGET", in: 1...1_000_000_000) { service.budgets.points = points }
            if let seconds = try settings.integer("LANTERN_EVENT_RETENTION_SECONDS", in: 1...(10 * 365 * 86_400)) {
                service.eventRetentionSeconds = seconds
            }
            if let seconds = try settings.integer("LANTERN_RETENTION_INTERVAL_SECONDS", in: 1...86_400) { service.retentionInterval = .seconds(seconds) }
            if let seconds = try settings.integer("LANTERN_COST_WINDOW_SECONDS", in: 1...86_400) { service.budgets.windowSeconds = seconds }
            if let mode = try settings.value("LANTERN_DOCUMENT_MODE", DocumentMode.init(rawValue:), expected: "OPEN, APQ or TRUSTED_ONLY") {
                service.documentMode = mode
            }
            service.ownerKeysExemptFromDocumentMode = try settings.flag("LANTERN_DOCUMENT_MODE_OWNER_KEYS_EXEMPT") ?? false
            service.webhookAddresses.allowPrivate = try settings.flag("LANTERN_WEBHOOKS_ALLOW_PRIVATE") ?? false
            if let delays = try settings.value("LANTERN_WEBHOOK_RETRY_SCHEDULE", WebhookRetryPolicy.delays(parsing:),
                                               expected: "1 to 20 comma-separated whole seconds (0 to 86400), such as 5,300,1800") {
                service.webhookRetry.delays = delays
            }
            if let seconds = try settings.integer("LANTERN_WEBHOOK_TIMEOUT_SECONDS", in: 1...60) { service.webhookRetry.timeoutSeconds = seconds }
            if let seconds = try settings.integer("LANTERN_BACKUP_INTERVAL", in: 1...(30 * 86_400)) {
                service.backups = BackupSchedule(interval: .seconds(seconds),
                                                 directory: URL(fileURLWithPath: environment["LANTERN_BACKUP_DIR"] ?? "backups"),
                                                 keep: try settings.integer("LANTERN_BACKUP_KEEP", in: 1...1_000) ?? 7)
            }
            for unknown in settings.unknown {
                logger.warning("ignoring an unknown setting", metadata: ["variable": "\(unknown)"])
            }
            let app = try await ServiceApp.start(service, logger: logger)
            try await app.run(host: host, port: port) { boundPort in
                logger.info("Lantern serving GraphQL at http://\(host):\(boundPort)/graphql")
            }
            return
        }
        let sdl: String
        var rootValue: JSONValue
        if let schema {
            sdl = String(decoding: try readFile(schema), as: UTF8.self)
            rootValue = try root.map { try JSONParser.parse(try readFile($0)) } ?? .object(JSONObject())
        } else {
            sdl = DemoService.schema
            rootValue = DemoService.root()
        }
        let built = try Schema.build(sdl: sdl, name: schema ?? "demo.graphql")
        var bareRoutes: [(path: String, bytes: [UInt8])] = []
        for entry in bareResponse {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { bareRoutes.append((parts[0], try readFile(parts[1]).filter { $0 != 0x0A })) }
        }
        let configuration = http
        let resolvers = DemoResolvers(json: JSONResolvers(eventInterval: .milliseconds(eventIntervalMs)), queryType: built.queryType)
        let engine = GraphQLEngine(schema: built, resolvers: resolvers, root: rootValue) { error, path in
            logger.error("resolver failed at \(path): \(DatabaseFailure.describe(error))")
        }
        let server = GraphQLServer(engine: engine, hooks: GraphQLServerHooks<Void>(
            context: { _ in () }, webSocketContext: { _, _ in () }), configuration: configuration, logger: logger)
        try await server.run(host: host, port: port, onServerRunning: { boundPort in
            logger.info("Lantern serving GraphQL at http://\(host):\(boundPort)\(configuration.path)")
        }, routes: { router in
            for (path, bytes) in bareRoutes { BareRoute.add(path, bytes, to: router) }
        })
    }
}

/// The built-in demo served by `lantern serve --demo`.
enum DemoService {
    static let schema = """
    "Incidents: the workload schema, served from generated data."
    type Query {
      "The first incidents, in order."
      incidents(first: Int = 100): [Incident!]!
      incident(id: ID!): Incident
    }
    type Subscription {
      "A stream of incident events, one every event interval."
      incidentEvents: IncidentEvent!
    }
    type IncidentEvent { kind: String! incident: Incident! }
    type Incident { id: ID! title: String! severity: Severity! status: Status! createdAt: String!
                    assignee: User tags: [String!]! timeline: [Event!]! }
    enum Severity { LOW MEDIUM HIGH CRITICAL }
    enum Status { OPEN ACKNOWLEDGED RESOLVED }
    type User { id: ID! name: String! email: String! }
    type Event { at: String! kind: String! message: String! }
    """

    static func root() -> JSONValue {
        let names = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov"]
        let severities = ["LOW", "MEDIUM", "HIGH", "CRITICAL"], statuses = ["OPEN", "ACKNOWLEDGED", "RESOLVED"]
        var incidents: [JSONValue] = []
        var events: [JSONValue] = []
        for i in 1...20 {
            let user = JSONValue.object(JSONObject([("id", .string("user-\(i % 5)")), ("name", .string(names[i % 5])),
                                                    ("email", .string("user\(i % 5)@example.com"))]))
            let incident = JSONValue.object(JSONObject([
                ("id", .string("\(i)")), ("title", .string("Incident \(i): elevated error rate on service-\(i % 7)")),
                ("severity", .string(severities[i % 4])), ("status", .string(statuses[i % 3])),
                ("createdAt", .string("2024-03-01T00:\(i < 10 ? "0" : "")\(i):00Z")), ("assignee", user),
                ("tags", .array([.string("team-\(i % 5)")])), ("timeline", .array([])),
            ]))
            incidents.append(incident)
            events.append(.object(JSONObject([("kind", .string("REPORTED")), ("incident", incident)])))
        }
        return .object(JSONObject([("incidents", .array(incidents)), ("incidentEvents", .array(events))]))
    }
}

/// The demo's resolvers: the JSON defaults, plus `incidents(first:)` and `incident(id:)` that
/// honour their arguments.
struct DemoResolvers: Resolvers {
    typealias Source = JSONValue
    typealias Context = Void
    let json: JSONResolvers
    let queryType: Int?

    func resolve(_ info: ResolveInfo, source: JSONValue, arguments: JSONObject, context: Void) throws -> Resolution<JSONValue> {
        if info.parentType == queryType, case .array(let incidents)? = source["incidents"] {
            if info.fieldName == "incidents" {
                return .value(.array(Array(incidents.prefix(max(0, arguments["first"]?.integralValue ?? 100)))))
            }
            if info.fieldName == "incident" {
                return .value(incidents.first { $0["id"] == arguments["id"] } ?? .null)
            }
        }
        return try json.resolve(info, source: source, arguments: arguments, context: context)
    }

    func typeName(of value: JSONValue, abstractType: SchemaType) throws -> String? { try json.typeName(of: value, abstractType: abstractType) }
    func view(_ value: JSONValue) -> ValueView { json.view(value) }
    func element(of list: JSONValue, at index: Int) -> JSONValue { json.element(of: list, at: index) }
    func leafValue(_ value: JSONValue) -> JSONValue { value }

    func subscribe(_ info: ResolveInfo, source: JSONValue, arguments: JSONObject, context: Void) async throws
        -> AsyncThrowingStream<JSONValue, any Error> {
        try await json.subscribe(info, source: source, arguments: arguments, context: context)
    }
}
