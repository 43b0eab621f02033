import LanternStore
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test(arguments: bothDialects) func appliesOnceAndRecordsIt(_ dialect: Database.Dialect) async throws {
        let database = try await TestDatabases.empty(dialect)
        defer { Task { await database.close() } }
        #expect(await TestDatabases.migrator.isCurrent(database) == false)
        #expect(try await TestDatabases.migrator.migrate(database) == ["0001_initial", "0002_cost_budgets", "0003_refresh_token_families", "0004_documents", "0005_document_search"])
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
        #expect(migrations.map(\.name) == ["0001_initial", "0002_cost_budgets", "0003_refresh_token_families", "0004_documents", "0005_document_search"])
        #expect(!migrations[0].sql.isEmpty)
    }
}
