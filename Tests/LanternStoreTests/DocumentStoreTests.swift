import Crypto
import LanternDomain
import LanternStore
import Testing

@Suite("Documents")
struct DocumentStoreTests {
    @Test(arguments: bothDialects) func versionsHashesConflictsAndAudit(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (owner, access) = try await fixture.owner("docs")
        let service = fixture.documents
        let incident = try await fixture.incidents.report(access, title: "DB down", description: nil, severity: .high, tags: nil)
        let created = try await service.create(access, title: " Failover runbook ", kind: .runbook, body: "Step 1: breathe.",
                                               tags: ["DB", "db", "oncall"], incidentIDs: [incident.id])
        #expect(created.version == 1 && created.title == "Failover runbook" && created.tags == ["db", "oncall"])
        #expect(created.sha256 == SHA256.hash(data: Array("Step 1: breathe.".utf8)).map { String(format: "%02x", $0) }.joined())
        #expect(created.sizeBytes == 16 && created.createdBy == owner.id && created.incidentIDs == [incident.id])

        let updated = try await service.update(access, id: created.id, expectedVersion: 1, title: nil, body: "Step 1: fail over.", tags: nil)
        #expect(updated.version == 2 && updated.body == "Step 1: fail over." && updated.title == "Failover runbook")
        // Nothing changed: no new version.
        let same = try await service.update(access, id: created.id, expectedVersion: 2, title: "Failover runbook", body: nil, tags: ["oncall", "db"].reversed())
        #expect(same.version == 2)
        await expectDomainError(.conflict) {
            try await service.update(access, id: created.id, expectedVersion: 1, title: "Stale", body: nil, tags: nil)
        }
        let versions = try await service.versions(access, of: created.id, first: 10, after: nil)
        #expect(versions.items.map(\.version) == [2, 1] && versions.items.last?.body == "Step 1: breathe.")
        let older = try await service.versions(access, of: created.id, first: 1, after: versions.cursors.first)
        #expect(older.items.map(\.version) == [1])

        // Archived documents leave lists and incidents, and come back when restored.
        _ = try await service.archive(access, id: created.id)
        #expect(try await service.documents(access, filter: DocumentFilter(), first: 10, after: nil).items.isEmpty)
        #expect(try await service.documents(access, filter: DocumentFilter(archived: true), first: 10, after: nil).items.count == 1)
        #expect(try await service.documents(access, attachedTo: [incident.id])[incident.id] == nil)
        _ = try await service.restore(access, id: created.id)
        #expect(try await service.documents(access, attachedTo: [incident.id])[incident.id]?.map(\.id) == [created.id])
        let detached = try await service.detach(access, document: created.id, incident: incident.id)
        #expect(detached.incidentIDs.isEmpty)
        let attached = try await service.attach(access, document: created.id, incident: incident.id)
        #expect(attached.incidentIDs == [incident.id])

        let audit = try await fixture.accounts.auditLog(access, first: 100, after: nil)
        #expect(audit.items.filter { $0.targetType == "Document" }.map(\.action).reversed()
            == ["document.create", "document.update", "document.archive", "document.restore", "document.detach", "document.attach"])
        #expect(try await service.delete(access, id: created.id))
        await expectDomainError(.notFound) { try await service.document(access, id: created.id) }
        #expect(try await fixture.store.documentVersions(tenant: access.tenant.id, document: created.id, first: 10, after: nil).items.isEmpty)
    }

    @Test(arguments: bothDialects) func rolesTenantsAndBulk(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, ops) = try await fixture.owner("ops")
        let (_, other) = try await fixture.owner("other")
        let mine = try await fixture.documents.create(ops, title: "Ops secret plan", kind: .note, body: "zebra crossing", tags: ["x"], incidentIDs: nil)
        _ = try await fixture.documents.create(other, title: "Other plan", kind: .note, body: "zebra stripes", tags: ["y"], incidentIDs: nil)

        // Another tenant's document is NOT_FOUND everywhere, and absent from its search and facets.
        await expectDomainError(.notFound) { try await fixture.documents.document(other, id: mine.id) }
        await expectDomainError(.notFound) { try await fixture.documents.update(other, id: mine.id, expectedVersion: 1, title: "x", body: nil, tags: nil) }
        await expectDomainError(.notFound) { try await fixture.documents.archive(other, id: mine.id) }
        let search = try await fixture.documents.search(other, query: "zebra", filter: DocumentFilter(), first: 10, after: nil)
        #expect(search.hits.map(\.document.title) == ["Other plan"] && search.tags.map(\.value) == ["y"] && search.totalCount == 1)

        // VIEWER reads, RESPONDER writes, ADMIN deletes.
        let viewer = TenantAccess(tenant: ops.tenant, role: .viewer, actor: ops.actor, origin: ops.origin)
        let responder = TenantAccess(tenant: ops.tenant, role: .responder, actor: ops.actor, origin: ops.origin)
        _ = try await fixture.documents.document(viewer, id: mine.id)
        await expectDomainError(.forbidden) { try await fixture.documents.create(viewer, title: "t", kind: .note, body: "b", tags: nil, incidentIDs: nil) }
        await expectDomainError(.forbidden) { try await fixture.documents.delete(responder, id: mine.id) }

        let outcomes = try await fixture.documents.archive(ops, ids: [mine.id.rawValue, "missing"])
        #expect(outcomes.map(\.id) == [mine.id.rawValue, "missing"])
        #expect(outcomes[0].error == nil && outcomes[1].error?.kind == .notFound)
        await expectDomainError(.badUserInput) { try await fixture.documents.archive(ops, ids: Array(repeating: "x", count: 101)) }
    }

    @Test(arguments: bothDialects) func searchPagesSnippetsAndCursors(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, access) = try await fixture.owner("search")
        for index in 0..<5 {
            _ = try await fixture.documents.create(access, title: "Runbook \(index)", kind: index.isMultiple(of: 2) ? .runbook : .note,
                                                   body: "Restart the <queue> worker number \(index) after the Café deploy.",
                                                   tags: ["queue", "t\(index % 2)"], incidentIDs: nil)
        }
        let first = try await fixture.documents.search(access, query: "cafe", filter: DocumentFilter(), first: 2, after: nil)
        #expect(first.totalCount == 5 && first.hits.count == 2 && first.hasNextPage && !first.hasPreviousPage)
        #expect(first.kinds == [FacetCount(value: "RUNBOOK", count: 3), FacetCount(value: "NOTE", count: 2)])
        #expect(first.tags.first == FacetCount(value: "queue", count: 5))
        #expect(first.hits[0].snippet.contains("<mark>Café</mark>") && first.hits[0].snippet.contains("&lt;queue&gt;"))
        let rest = try await fixture.documents.search(access, query: "cafe", filter: DocumentFilter(), first: 10, after: first.cursors.last)
        #expect(rest.hits.count == 3 && !rest.hasNextPage && rest.hasPreviousPage)
        #expect(Set((first.hits + rest.hits).map(\.document.id)).count == 5)
        let runbooks = try await fixture.documents.search(access, query: "worker", filter: DocumentFilter(kind: .runbook, tag: "T0"),
                                                          first: 10, after: nil)
        #expect(runbooks.totalCount == 3 && runbooks.hits.allSatisfy { $0.document.kind == .runbook })
        await expectDomainError(.badUserInput) { try await fixture.documents.search(access, query: " -cafe ", filter: DocumentFilter(), first: 10, after: nil) }
        await expectDomainError(.badUserInput) { try await fixture.documents.search(access, query: "***", filter: DocumentFilter(), first: 10, after: nil) }
        await expectDomainError(.badUserInput) { try await fixture.documents.search(access, query: "cafe", filter: DocumentFilter(), first: 10, after: "bogus") }
    }
}
