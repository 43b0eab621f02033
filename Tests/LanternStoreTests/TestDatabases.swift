import Foundation
import LanternDomain
import LanternStore
import Logging
import Testing

/// Fresh, migrated databases for store tests: a temporary SQLite file, or a new database on the
/// PostgreSQL that `scripts/test` starts (LANTERN_TEST_POSTGRES_URL).
enum TestDatabases {
    static let logger: Logger = {
        var logger = Logger(label: "lantern.store-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// The package's `Migrations/`, as files.
    static let migrationsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Migrations")

    static let migrator = Migrator(directory: migrationsDirectory)

    /// An empty, unmigrated database of `dialect`.
    static func empty(_ dialect: Database.Dialect) async throws -> Database {
        try await Database.open(url: try await emptyURL(dialect), logger: logger)
    }

    /// The URL of a new, empty database of `dialect` (a temporary SQLite path, or a new
    /// database on the test PostgreSQL).
    static func emptyURL(_ dialect: Database.Dialect) async throws -> String {
        switch dialect {
        case .sqlite:
            return FileManager.default.temporaryDirectory.appendingPathComponent("lantern-\(UUID().uuidString).sqlite").path
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["LANTERN_TEST_POSTGRES_URL"] else {
                Issue.record("LANTERN_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL.")
                throw CancellationError()
            }
            let name = "lantern_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
            let admin = try await Database.open(url: url, logger: logger)
            try await admin.withConnection { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            await admin.close()
            var components = URLComponents(string: url)!
            components.path = "/\(name)"
            return components.string!
        }
    }

    /// A migrated database of `dialect`.
    static func migrated(_ dialect: Database.Dialect) async throws -> Database {
        try await migratedWithURL(dialect).database
    }

    static func migratedWithURL(_ dialect: Database.Dialect) async throws -> (database: Database, url: String) {
        let url = try await emptyURL(dialect)
        let database = try await Database.open(url: url, logger: logger)
        try await migrator.migrate(database)
        return (database, url)
    }
}

/// Domain services over a fresh store, with a cheap password hash so tests stay fast.
struct Fixture {
    let database: Database
    let store: SQLStore
    let accounts: AccountService
    let incidents: IncidentService
    let documents: DocumentService
    let dashboards: DashboardService
    let documentEvents: StoreDocumentEvents
    let events: StoreEventBus
    let origin = RequestOrigin(requestID: "test-request", clientAddress: "127.0.0.1")

    /// The database's URL (what `lantern backup` would be given).
    let url: String

    init(_ dialect: Database.Dialect) async throws {
        (database, url) = try await TestDatabases.migratedWithURL(dialect)
        store = SQLStore(database: database)
        events = StoreEventBus(database: database)
        accounts = AccountService(store: store, tokens: await AccessTokens(secret: "test-secret"),
                                  hasher: PasswordHasher(rounds: 1 << 10))
        incidents = IncidentService(store: store, events: events)
        documentEvents = StoreDocumentEvents(database: database)
        documents = DocumentService(store: store, incidents: store, events: documentEvents)
        dashboards = DashboardService(store: store, incidentEvents: events, documentEvents: documentEvents)
    }

    func close() async {
        events.stop()
        documentEvents.stop()
        await database.close()
    }

    /// A signed-up user who owns a new tenant, and their access to it.
    func owner(_ slug: String) async throws -> (user: User, access: TenantAccess) {
        let auth = try await accounts.signUp(email: "\(slug)-owner@example.com", password: "password-1", name: "Owner of \(slug)", origin: origin)
        let principal = try await accounts.authenticate(bearer: auth.accessToken)
        _ = try await accounts.createTenant(principal, name: "Tenant \(slug)", slug: slug, origin: origin)
        return (auth.user, try await accounts.access(principal, tenantSlug: slug, origin: origin))
    }
}

func expectDomainError<T>(_ kind: DomainError.Kind, _ body: () async throws -> T, sourceLocation: SourceLocation = #_sourceLocation) async {
    do {
        _ = try await body()
        Issue.record("expected \(kind.rawValue), but it succeeded", sourceLocation: sourceLocation)
    } catch let error as DomainError {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(kind.rawValue), got \(error)", sourceLocation: sourceLocation)
    }
}
let bothDialects: [Database.Dialect] = [.sqlite, .postgres]
