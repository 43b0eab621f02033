import Foundation
import LanternDomain
import LanternStore
import Synchronization
import Testing

/// Online backups under write load, restored into empty databases and checked, on both databases.
@Suite("Backup and restore")
struct BackupTests {
    /// Incidents whose report returned, in order.
    final class Acknowledged: Sendable {
        let ids = Mutex<[IncidentID]>([])
    }

    @Test(arguments: bothDialects) func aBackupUnderWriteLoadRestoresEveryCommittedRow(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, access) = try await fixture.owner("backup")
        let policy = try await EscalationService(store: fixture.store, members: fixture.store, events: fixture.events)
            .create(access, name: "P", levels: [(60, [access.actor.userID!])], repeatCount: 0)
        for index in 0..<20 {
            _ = try await fixture.incidents.report(access, title: "Before \(index)", description: nil, severity: .high, tags: ["t\(index % 3)"],
                                                   escalationPolicy: policy.id)
        }
        // Writers keep reporting while the backup runs.
        let acknowledged = Acknowledged()
        let writing = Task {
            var index = 0
            while !Task.isCancelled {
                let incident = try await fixture.incidents.report(access, title: "During \(index)", description: nil, severity: .low, tags: nil)
                acknowledged.ids.withLock { $0.append(incident.id) }
                index += 1
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        let committedBefore = acknowledged.ids.withLock { $0 }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lantern-backup-\(UUID().uuidString)")
        let file = directory.appendingPathComponent(dialect == .sqlite ? "backup.sqlite" : "backup.dump")
        let manifest = try await Backups.backup(fixture.database, url: fixture.url, to: file)
        writing.cancel()
        _ = await writing.result
        #expect(manifest.schemaVersion == "0011_metrics_index" && manifest.dialect == dialect.rawValue)
        #expect((manifest.rowCounts["incidents"] ?? 0) >= 20 + committedBefore.count)

        // Into an empty database: every row the manifest counted, every incident acknowledged before the backup began.
        let target = try await TestDatabases.emptyURL(dialect)
        _ = try await Backups.restore(from: file, into: target, logger: TestDatabases.logger)
        let restored = try await Database.open(url: target, logger: TestDatabases.logger)
        defer { Task { await restored.close() } }
        let store = SQLStore(database: restored)
        let tenant = access.tenant.id
        let found = try await store.incidents(tenant: tenant, ids: committedBefore)
        #expect(found.count == committedBefore.count, "every incident committed before the backup is restored")
        #expect(try await store.incidents(tenant: tenant, filter: IncidentFilter(), first: 1, after: nil).totalCount == manifest.rowCounts["incidents"])
        // The restored service answers as the original did for what both hold.
        let original = try await fixture.store.incidents(tenant: tenant, filter: IncidentFilter(tag: "t1"), first: 100, after: nil)
        let copy = try await store.incidents(tenant: tenant, filter: IncidentFilter(tag: "t1"), first: 100, after: nil)
        #expect(copy.items == original.items && copy.totalCount == 7)
        #expect(try await store.incidentEscalations(tenant: tenant, incidents: original.items.map(\.id)).count == 7)
        #expect(await Migrator(directory: TestDatabases.migrationsDirectory).isCurrent(restored))

        // A non-empty target, and a damaged file, are refused.
        await #expect(throws: BackupError.self) { try await Backups.restore(from: file, into: target, logger: TestDatabases.logger) }
        let handle = try FileHandle(forWritingTo: file)
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data([0xFF, 0x00, 0xFF]))
        try handle.close()
        let another = try await TestDatabases.emptyURL(dialect)
        await #expect(throws: BackupError.self) { try await Backups.restore(from: file, into: another, logger: TestDatabases.logger) }
        try? FileManager.default.removeItem(at: directory)
    }
}
