import Foundation
import LanternDomain
import LanternStore
import Testing

@Suite("Migrations")
struct MigrationTests {
    /// The binary carries its migrations: the embedded ones are the files, byte for byte, for
    /// each dialect (so a binary copied alone migrates exactly as the source tree would).
    @Test func theEmbeddedMigrationsAreTheFiles() throws {
        for dialect in [Database.Dialect.sqlite, .postgres] {
            let embedded = try Migrator.embedded.migrations(for: dialect)
            #expect(embedded == (try TestDatabases.migrator.migrations(for: dialect)))
            #expect(embedded.count >= 8 && embedded.allSatisfy { !$0.sql.isEmpty })
        }
        #expect(Migrator.locate().source == .embedded || ProcessInfo.processInfo.environment["LANTERN_MIGRATIONS"] != nil)
    }

    @Test(arguments: bothDialects) func appliesOnceAndRecordsIt(_ dialect: Database.Dialect) async throws {
        let database = try await TestDatabases.empty(dialect)
        defer { Task { await database.close() } }
        #expect(await TestDatabases.migrator.isCurrent(database) == false)
        #expect(try await TestDatabases.migrator.migrate(database) == ["0001_initial", "0002_cost_budgets", "0003_refresh_token_families", "0004_documents", "0005_document_search", "0006_dashboards", "0007_event_log", "0008_escalation_webhooks", "0009_retention", "0010_trusted_documents", "0011_metrics_index"])
        #expect(try await TestDatabases.migrator.migrate(database) == [])
        #expect(await TestDatabases.migrator.isCurrent(database))
    }

    @Test(arguments: bothDialects) func refusesAHistoryThatDiffersFromTheFiles(_ dialect: Database.Dialect) async throws {
        let database = try await TestDatabases.migrated(dialect)
        defer { Task { await database.close() } }
        try await database.withConnection { db in
            try await db.raw("UPDATE lantern_migrations SET checksum = 'edited' WHERE name = '0001_initial'").run()
        }
        await #expect(throws: StoreError.self) { try await TestDatabases.migrator.migrate(database) }
        #expect(await TestDatabases.migrator.isCurrent(database) == false)

        try await database.withConnection { db in
            try await db.raw("DELETE FROM lantern_migrations").run()
            try await db.raw("INSERT INTO lantern_migrations (name, checksum, applied_at) VALUES ('0000_gone', 'x', 0)").run()
        }
        do {
            try await TestDatabases.migrator.migrate(database)
            Issue.record("a recorded migration without a file must stop migrate")
        } catch {
            #expect("\(error)".contains("0000_gone"))
        }
    }

    @Test(arguments: bothDialects) func splitsFilesIntoStatements(_ dialect: Database.Dialect) throws {
        let migrations = try TestDatabases.migrator.migrations(for: dialect)
        #expect(migrations.map(\.name) == ["0001_initial", "0002_cost_budgets", "0003_refresh_token_families", "0004_documents", "0005_document_search", "0006_dashboards", "0007_event_log", "0008_escalation_webhooks", "0009_retention", "0010_trusted_documents", "0011_metrics_index"])
        #expect(!migrations[0].sql.isEmpty)
    }

    /// Upgrading a database that already has tenants and incidents: the first acknowledgement is
    /// filled from the timeline (the earliest, also for a reopened incident) and every tenant gets
    /// the default dashboard.
    @Test(arguments: bothDialects) func dashboardsMigrationFillsExistingData(_ dialect: Database.Dialect) async throws {
        let database = try await TestDatabases.empty(dialect)
        defer { Task { await database.close() } }
        let all = TestDatabases.migrationsDirectory
        let before = FileManager.default.temporaryDirectory.appendingPathComponent("lantern-migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: before, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: all.path) where name.hasSuffix(".sql") && name < "0006" {
            try FileManager.default.copyItem(at: all.appendingPathComponent(name), to: before.appendingPathComponent(name))
        }
        for dialectDirectory in ["sqlite", "postgres"] {
            try FileManager.default.createDirectory(at: before.appendingPathComponent(dialectDirectory), withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: all.appendingPathComponent(dialectDirectory).path) where name < "0006" {
                try FileManager.default.copyItem(at: all.appendingPathComponent(dialectDirectory).appendingPathComponent(name),
                                                 to: before.appendingPathComponent(dialectDirectory).appendingPathComponent(name))
            }
        }
        #expect(try await Migrator(directory: before).migrate(database).last == "0005_document_search")
        try await database.withConnection { db in
            try await db.raw("INSERT INTO tenants (id, slug, name, created_at, incident_seq) VALUES ('t1', 'old', 'Old', 1000, 1)").run()
            try await db.raw("""
                INSERT INTO incidents (id, tenant_id, number, title, description, severity, status, tags, created_at, updated_at,
                                       acknowledged_at, version)
                VALUES ('i1', 't1', 1, 'Old', '', 'HIGH', 'ACKNOWLEDGED', '', 1000, 9000, 9000, 5)
                """).run()
            for (id, kind, at) in [("e1", "REPORTED", 1000), ("e2", "ACKNOWLEDGED", 4000), ("e3", "REOPENED", 6000), ("e4", "ACKNOWLEDGED", 9000)] {
                try await db.raw("""
                    INSERT INTO timeline_entries (id, tenant_id, incident_id, kind, at) VALUES (\(bind: id), 't1', 'i1', \(bind: kind), \(bind: at))
                    """).run()
            }
        }
        #expect(try await TestDatabases.migrator.migrate(database) == ["0006_dashboards", "0007_event_log", "0008_escalation_webhooks", "0009_retention", "0010_trusted_documents", "0011_metrics_index"])
        let store = SQLStore(database: database)
        let incident = try #require(try await store.incident(tenant: TenantID("t1"), id: IncidentID("i1")))
        #expect(incident.firstAcknowledgedAt?.milliseconds == 4000 && incident.acknowledgedAt?.milliseconds == 9000)
        let dashboards = try await store.dashboards(tenant: TenantID("t1"), first: 10, after: nil)
        #expect(dashboards.items.map(\.name) == ["Incident overview"])
        let expected = Dashboard.incidentOverview(tenant: TenantID("t1"), at: Timestamp(milliseconds: 1000))
        #expect(dashboards.items[0].widgets.map(\.query) == expected.widgets.map(\.query))
        #expect(dashboards.items[0].widgets.map(\.layout) == expected.widgets.map(\.layout))
        #expect(dashboards.items[0].widgets.map(\.title) == expected.widgets.map(\.title))
        #expect(dashboards.items[0].description == expected.description)
    }
}
