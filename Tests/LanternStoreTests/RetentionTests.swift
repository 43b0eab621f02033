import Foundation
import LanternDomain
import LanternStore
import SQLKit
import Testing

/// Per-tenant retention on both databases: who may set it, what a pass deletes (and never
/// deletes), the audit entry it leaves, and one pass per interval across instances.
@Suite("Retention")
struct RetentionTests {
    private static let day = 86_400

    @Test(arguments: bothDialects) func onlyOwnersSetItWithinBounds(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, owner) = try await fixture.owner("keep")
        let retention = RetentionService(store: fixture.store, defaultEventLogSeconds: 7 * Self.day)
        #expect(try await retention.policy(owner) == RetentionPolicy())
        let set = try await retention.setPolicy(owner, auditLogDays: .some(90), archivedDocumentDays: .some(30), eventLogDays: nil)
        #expect(set.auditLogDays == 90 && set.archivedDocumentDays == 30 && set.eventLogDays == nil)
        // Absent keeps, null clears.
        let cleared = try await retention.setPolicy(owner, auditLogDays: nil, archivedDocumentDays: .some(nil), eventLogDays: .some(3))
        #expect(cleared.auditLogDays == 90 && cleared.archivedDocumentDays == nil && cleared.eventLogDays == 3)
        #expect(try await retention.policy(owner).eventLogDays == 3)
        await expectDomainError(.badUserInput) { try await retention.setPolicy(owner, auditLogDays: .some(29), archivedDocumentDays: nil, eventLogDays: nil) }
        await expectDomainError(.badUserInput) { try await retention.setPolicy(owner, auditLogDays: nil, archivedDocumentDays: nil, eventLogDays: .some(366)) }
        let admin = TenantAccess(tenant: owner.tenant, role: .admin, actor: owner.actor, origin: owner.origin)
        await expectDomainError(.forbidden) { try await retention.setPolicy(admin, auditLogDays: .some(90), archivedDocumentDays: nil, eventLogDays: nil) }
        await expectDomainError(.forbidden) { try await retention.policy(admin) }
    }

    @Test(arguments: bothDialects) func aPassDeletesWhatThePolicyAllowsAndNothingElse(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let store = fixture.store, now = Timestamp.now()
        let (_, kept) = try await fixture.owner("strict")
        let (_, other) = try await fixture.owner("lenient")
        let retention = RetentionService(store: store, defaultEventLogSeconds: 30 * Self.day)
        _ = try await retention.setPolicy(kept, auditLogDays: .some(30), archivedDocumentDays: .some(10), eventLogDays: .some(5))
        for access in [kept, other] {
            // Two incidents (never deleted) with their events, two documents (one archived).
            for title in ["Old", "New"] {
                _ = try await fixture.incidents.report(access, title: title, description: nil, severity: .low, tags: nil)
            }
            let archived = try await fixture.documents.create(access, title: "Old runbook", kind: .runbook, body: "x", tags: nil, incidentIDs: nil)
            _ = try await fixture.documents.archive(access, id: archived.id)
            _ = try await fixture.documents.create(access, title: "Live runbook", kind: .runbook, body: "y", tags: nil, incidentIDs: nil)
            for age in [40, 31, 2] {
                try await store.recordAudit(AuditEntry(tenantID: access.tenant.id, actor: access.actor, action: "test.aged", targetType: "Test",
                                                       targetID: "\(age)", at: now.adding(seconds: -age * Self.day), requestID: nil))
            }
        }
        // Age what the pass should find: the archive 20 days ago, the first event 6 days ago.
        try await fixture.database.withConnection { db in
            try await db.raw("UPDATE documents SET archived_at = \(bind: now.adding(seconds: -20 * Self.day).milliseconds) WHERE archived_at IS NOT NULL").run()
            try await db.raw("UPDATE incident_event_log SET at = \(bind: now.adding(seconds: -6 * Self.day).milliseconds) WHERE sequence = 1").run()
        }
        let job = RetentionJob(store: store, events: EventLogRetention(store: store, windowSeconds: 30 * Self.day, interval: .seconds(600)),
                               interval: .seconds(600), batchSize: 1)
        let pass = try await job.pass(now: now)
        #expect(!pass.skipped && pass.auditEntries == 2 && pass.archivedDocuments == 1 && pass.events == 1)
        // The strict tenant lost its old rows; its incidents and live documents stay.
        let audit = try await store.auditLog(tenant: kept.tenant.id, first: 100, after: nil).items
        #expect(!audit.contains { $0.action == "test.aged" && $0.targetID != "2" })
        let purge = try #require(audit.first { $0.action == "retention.purge" })
        #expect(purge.details == "Deleted 2 audit entries, 1 archived documents and 1 logged events." && purge.actor == nil)
        #expect(try await store.incidents(tenant: kept.tenant.id, filter: IncidentFilter(), first: 10, after: nil).totalCount == 2)
        #expect(try await fixture.documents.documents(kept, filter: DocumentFilter(), first: 10, after: nil).items.map(\.title) == ["Live runbook"])
        #expect(try await fixture.documents.documents(kept, filter: DocumentFilter(archived: true), first: 10, after: nil).items.isEmpty)
        #expect(try await store.eventLogBounds(tenant: kept.tenant.id).floor == 1)
        // The lenient tenant (no policy, the 30-day server window) lost nothing.
        #expect(try await store.auditLog(tenant: other.tenant.id, first: 100, after: nil).items.filter { $0.action == "test.aged" }.count == 3)
        #expect(try await fixture.documents.documents(other, filter: DocumentFilter(archived: true), first: 10, after: nil).items.count == 1)
        #expect(try await store.eventLogBounds(tenant: other.tenant.id).floor == 0)
        // Within the interval another pass (another instance) does nothing.
        #expect(try await job.pass(now: now.adding(seconds: 60)).skipped)
        #expect(try await !job.pass(now: now.adding(seconds: 600)).skipped)
    }
}
