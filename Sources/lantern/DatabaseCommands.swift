import ArgumentParser
import Foundation
import LanternDomain
import LanternService
import LanternStore
import Logging

/// The database options shared by the commands other than `serve`: the URL, or the same
/// `--config` file `serve` reads, so an operator points `migrate`, `backup` or `doctor` at the
/// server's database by handing them the server's file.
struct DatabaseOption: ParsableArguments {
    @Option(help: "A postgres:// URL or a SQLite file (or DATABASE_URL, or --config's database_url; default ./lantern.sqlite).")
    var databaseURL: String?
    @Option(help: "The TOML settings file `serve` reads: its database_url (and, for doctor, its secrets) apply; variables and options win over it.")
    var config: String?

    /// The environment over `--config`'s file (an unreadable file, an unknown key or a value of the
    /// wrong kind stops the command as it stops `serve`).
    func settings() throws -> EnvironmentSettings {
        let environment = ProcessInfo.processInfo.environment
        return try config.map { EnvironmentSettings(environment: environment, file: try ConfigurationFile.settings(at: $0)) }
            ?? EnvironmentSettings(environment)
    }

    /// The database to use: `--database-url`, then DATABASE_URL, then the file's `database_url`.
    /// The file is read even when `--database-url` is given: a broken file stops the command wherever it is.
    func resolved() throws -> String {
        let settings = try settings()
        return databaseURL ?? settings["DATABASE_URL"] ?? "lantern.sqlite"
    }
}

/// `lantern migrate`: applies the SQL migrations that are missing and reports them.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the SQL migrations built into this binary (or LANTERN_MIGRATIONS) to the database.")

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let logger = Logger(label: "lantern.migrate")
        let opened = try await Database.open(url: try database.resolved(), logger: logger)
        defer { Task { await opened.close() } }
        let applied = try await Migrator.locate().migrate(opened)
        print(applied.isEmpty ? "The database is up to date." : "Applied: \(applied.joined(separator: ", "))")
        await opened.close()
    }
}

/// `lantern seed`: a demo tenant `demo` with three users and a handful of incidents in every
/// state. Does nothing if the demo tenant exists.
struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a demo tenant with users (password: lantern-demo) and incidents.")

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        var configuration = ServiceConfiguration()
        configuration.databaseURL = try database.resolved()
        let app = try await ServiceApp.start(configuration, logger: Logger(label: "lantern.seed"))
        let summary = try await DemoSeed.run(app.services)
        print(summary)
        await app.database.close()
    }
}

enum DemoSeed {
    static let password = "lantern-demo"

    static func run(_ services: Services) async throws -> String {
        let accounts = services.accounts, incidents = services.incidents
        if try await services.store.tenant(slug: "demo") != nil { return "The demo tenant already exists; nothing to do." }
        let origin = RequestOrigin(requestID: "seed", clientAddress: nil)
        let people = [("alice@example.com", "Alice Owner", Role.owner), ("bob@example.com", "Bob Responder", .responder),
                      ("carol@example.com", "Carol Viewer", .viewer)]
        var users: [User] = []
        for (email, name, _) in people {
            if let (user, _) = try await services.store.userCredentials(email: email) {
                users.append(user)
            } else {
                users.append(try await accounts.signUp(email: email, password: password, name: name, origin: origin).user)
            }
        }
        let owner = Principal.user(users[0], session: SessionID("seed"))
        let tenant = try await accounts.createTenant(owner, name: "Demo Operations", slug: "demo", origin: origin)
        let access = TenantAccess(tenant: tenant, role: .owner, actor: .user(users[0].id), origin: origin)
        for (index, (email, _, role)) in people.enumerated() where index > 0 {
            _ = try await accounts.addMember(access, email: email, role: role)
        }
        let titles: [(String, Severity, [String])] = [
            ("Checkout error rate above 5%", .critical, ["payments", "checkout"]),
            ("Search latency p99 over 2 s", .high, ["search"]),
            ("Nightly export delayed", .medium, ["batch"]),
            ("Typo on the status page", .low, ["web"]),
            ("Login failures from one region", .high, ["auth", "edge"]),
            ("Disk 85% full on db-2", .medium, ["database"]),
        ]
        for (index, (title, severity, tags)) in titles.enumerated() {
            let incident = try await incidents.report(access, title: title, description: "Seeded demo incident.",
                                                      severity: severity, tags: tags)
            if index % 3 >= 1 { _ = try await incidents.acknowledge(access, id: incident.id) }
            if index % 2 == 0 { _ = try await incidents.assign(access, id: incident.id, assigneeID: users[1].id) }
            if index % 3 == 2 {
                _ = try await incidents.comment(access, id: incident.id, body: "Mitigated; watching.")
                _ = try await incidents.resolve(access, id: incident.id, resolution: "Rolled back the change.")
            }
        }
        return "Seeded tenant 'demo' with \(people.count) users (password: \(password)) and \(titles.count) incidents."
    }
}
