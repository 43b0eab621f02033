import LanternDomain
import LanternStore
import Testing

@Suite("Incidents")
struct IncidentStoreTests {
    @Test(arguments: bothDialects) func lifecycleTimelineAndAudit(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (owner, access) = try await fixture.owner("ops")
        let service = fixture.incidents
        let reported = try await service.report(access, title: " Checkout down ", description: "500s", severity: .critical,
                                                tags: ["Payments", "payments", "web"])
        #expect(reported.number == 1 && reported.status == .open && reported.title == "Checkout down")
        #expect(reported.tags == ["payments", "web"] && reported.reporterID == owner.id)

        let acknowledged = try await service.acknowledge(access, id: reported.id)
        #expect(acknowledged.status == .acknowledged && acknowledged.acknowledgedAt != nil)
        await expectDomainError(.conflict) { try await service.acknowledge(access, id: reported.id) }
        _ = try await service.assign(access, id: reported.id, assigneeID: owner.id)
        _ = try await service.comment(access, id: reported.id, body: "Rolling back")
        let resolved = try await service.resolve(access, id: reported.id, resolution: "Rolled back")
        #expect(resolved.status == .resolved && resolved.resolution == "Rolled back" && resolved.assigneeID == owner.id)
        await expectDomainError(.conflict) { try await service.resolve(access, id: reported.id, resolution: "again") }
        let reopened = try await service.reopen(access, id: reported.id)
        #expect(reopened.status == .open && reopened.resolvedAt == nil && reopened.resolution == nil)
        await expectDomainError(.conflict) { try await service.reopen(access, id: reported.id) }

        let timeline = try await service.timeline(access, incident: reported.id, first: 50, after: nil)
        #expect(timeline.items.map(\.kind) == [.reported, .acknowledged, .assigned, .commented, .resolved, .reopened])
        #expect(timeline.items[3].message == "Rolling back")
        let stored = try #require(try await fixture.store.incident(tenant: access.tenant.id, id: reported.id))
        #expect(stored == reopened)

        // One audit entry per change, with the actor and the request id.
        let audit = try await fixture.accounts.auditLog(access, first: 100, after: nil)
        let incidentActions = audit.items.filter { $0.targetType == "Incident" }
        #expect(incidentActions.map(\.action).reversed() == ["incident.report", "incident.acknowledge", "incident.assign",
                                                             "incident.comment", "incident.resolve", "incident.reopen"])
        #expect(incidentActions.allSatisfy { $0.actor == .user(owner.id) && $0.requestID == "test-request" })
    }

    @Test(arguments: bothDialects) func tenantsNeverSeeEachOther(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, a) = try await fixture.owner("tenant-a")
        let (bOwner, b) = try await fixture.owner("tenant-b")
        let secret = try await fixture.incidents.report(a, title: "A's secret", description: nil, severity: .high, tags: ["x"])
        let own = try await fixture.incidents.report(b, title: "B's own", description: nil, severity: .low, tags: nil)
        #expect(secret.number == 1 && own.number == 1)

        await expectDomainError(.notFound) { try await fixture.incidents.incident(b, id: secret.id) }
        await expectDomainError(.notFound) { try await fixture.incidents.acknowledge(b, id: secret.id) }
        await expectDomainError(.notFound) { try await fixture.incidents.comment(b, id: secret.id, body: "hi") }
        await expectDomainError(.notFound) { try await fixture.incidents.events(b, filter: EventFilter(incidentID: secret.id), after: nil) }
        // A user of tenant B cannot be assigned in tenant A.
        await expectDomainError(.notFound) { try await fixture.incidents.assign(a, id: secret.id, assigneeID: bOwner.id) }
        let listed = try await fixture.incidents.incidents(b, filter: IncidentFilter(), first: 50, after: nil)
        #expect(listed.items.map(\.id) == [own.id] && listed.totalCount == 1)
        #expect(try await fixture.incidents.timeline(b, incident: secret.id, first: 10, after: nil).items.isEmpty)
        #expect(try await fixture.accounts.auditLog(b, first: 100, after: nil).items.allSatisfy { $0.tenantID == b.tenant.id })
        // Nothing of A's changed.
        #expect(try await fixture.incidents.incident(a, id: secret.id).status == .open)
    }

    @Test(arguments: bothDialects) func listsPageAndFilter(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (owner, access) = try await fixture.owner("lists")
        var ids: [IncidentID] = []
        for index in 1...5 {
            let incident = try await fixture.incidents.report(access, title: "Incident \(index)", description: nil,
                                                              severity: index % 2 == 0 ? .high : .low, tags: index <= 2 ? ["db"] : [])
            ids.append(incident.id)
        }
        _ = try await fixture.incidents.assign(access, id: ids[4], assigneeID: owner.id)
        _ = try await fixture.incidents.acknowledge(access, id: ids[0])

        let first = try await fixture.incidents.incidents(access, filter: IncidentFilter(), first: 2, after: nil)
        #expect(first.items.map(\.number) == [5, 4] && first.hasNextPage && !first.hasPreviousPage && first.totalCount == 5)
        let second = try await fixture.incidents.incidents(access, filter: IncidentFilter(), first: 2, after: first.cursors.last)
        #expect(second.items.map(\.number) == [3, 2] && second.hasNextPage && second.hasPreviousPage)
        let last = try await fixture.incidents.incidents(access, filter: IncidentFilter(), first: 2, after: second.cursors.last)
        #expect(last.items.map(\.number) == [1] && !last.hasNextPage)

        #expect(try await fixture.incidents.incidents(access, filter: IncidentFilter(severity: .high), first: 10, after: nil).items.map(\.number) == [4, 2])
        #expect(try await fixture.incidents.incidents(access, filter: IncidentFilter(tag: "DB"), first: 10, after: nil).totalCount == 2)
        #expect(try await fixture.incidents.incidents(access, filter: IncidentFilter(assigneeID: owner.id), first: 10, after: nil).items.map(\.number) == [5])
        #expect(try await fixture.incidents.incidents(access, filter: IncidentFilter(status: .acknowledged), first: 10, after: nil).items.map(\.number) == [1])
        await expectDomainError(.badUserInput) { try await fixture.incidents.incidents(access, filter: IncidentFilter(), first: 2, after: "garbage") }
        await expectDomainError(.badUserInput) { try await fixture.incidents.incidents(access, filter: IncidentFilter(), first: -1, after: nil) }
        await expectDomainError(.badUserInput) { try await fixture.incidents.incidents(access, filter: IncidentFilter(), first: 1000, after: nil) }
    }

    @Test(arguments: bothDialects) func aWriteBasedOnAStaleReadIsRefused(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, access) = try await fixture.owner("races")
        let incident = try await fixture.incidents.report(access, title: "Race", description: nil, severity: .low, tags: nil)
        var first = incident, second = incident
        first.status = .acknowledged
        first.version += 1
        second.resolution = "stale"
        second.version += 1
        let entry = { TimelineEntry(id: .generate(), tenantID: access.tenant.id, incidentID: incident.id, kind: .commented,
                                    actor: access.actor, at: .now()) }
        let audit = AuditEntry(tenantID: access.tenant.id, actor: access.actor, action: "test", targetType: "Incident",
                               targetID: nil, at: .now(), requestID: nil)
        #expect(try await fixture.store.updateIncident(first, expectedVersion: incident.version, entry: entry(), audit: audit) != nil)
        #expect(try await fixture.store.updateIncident(second, expectedVersion: incident.version, entry: entry(), audit: audit) == nil)
        let stored = try await fixture.incidents.incident(access, id: incident.id)
        #expect(stored.status == .acknowledged && stored.resolution == nil)
        // Only the winning write left a timeline entry.
        #expect(try await fixture.incidents.timeline(access, incident: incident.id, first: 10, after: nil).totalCount == 2)
    }

    @Test(arguments: bothDialects) func eventsReachOnlyTheirTenantsMatchingSubscribers(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, a) = try await fixture.owner("events-a")
        let (_, b) = try await fixture.owner("events-b")
        let all = try await fixture.incidents.events(a, filter: EventFilter(), after: nil)
        let severe = try await fixture.incidents.events(a, filter: EventFilter(minSeverity: .high), after: nil)
        let other = try await fixture.incidents.events(b, filter: EventFilter(), after: nil)
        if dialect == .postgres { try await Task.sleep(for: .milliseconds(300)) }  // the LISTEN connection starts
        let low = try await fixture.incidents.report(a, title: "Low", description: nil, severity: .low, tags: nil)
        let high = try await fixture.incidents.report(a, title: "High", description: nil, severity: .critical, tags: nil)
        _ = try await fixture.incidents.acknowledge(a, id: high.id)

        var allIterator = all.makeAsyncIterator(), severeIterator = severe.makeAsyncIterator()
        var received: [(String, IncidentEventKind)] = []
        for _ in 0..<3 {
            let event = try #require(try await allIterator.next())
            received.append((event.incident.title, event.entry.kind))
        }
        #expect(received.map(\.0) == ["Low", "High", "High"] && received.map(\.1) == [.reported, .reported, .acknowledged])
        #expect(try await severeIterator.next()?.incident.id == high.id)
        _ = low

        // Tenant B's subscriber gets nothing of A's; its own event arrives first.
        _ = try await fixture.incidents.report(b, title: "B", description: nil, severity: .low, tags: nil)
        var otherIterator = other.makeAsyncIterator()
        #expect(try await otherIterator.next()?.incident.title == "B")
    }
}

@Suite("Timeline first pages")
struct TimelinePageTests {
    @Test(arguments: bothDialects) func firstPagesOfManyIncidentsInOneStatement(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, access) = try await fixture.owner("pages")
        let quiet = try await fixture.incidents.report(access, title: "Quiet", description: nil, severity: .low, tags: nil)
        let busy = try await fixture.incidents.report(access, title: "Busy", description: nil, severity: .low, tags: nil)
        for index in 0..<3 { _ = try await fixture.incidents.comment(access, id: busy.id, body: "note \(index)") }
        let before = fixture.database.statementCount
        let pages = try await fixture.incidents.firstTimelinePages(access, incidents: [quiet.id, busy.id], first: 2)
        #expect(fixture.database.statementCount - before == 1)
        #expect(pages[quiet.id]?.items.map(\.kind) == [.reported] && pages[quiet.id]?.hasNextPage == false)
        #expect(pages[busy.id]?.items.map(\.kind) == [.reported, .commented] && pages[busy.id]?.totalCount == 4)
        #expect(pages[busy.id]?.hasNextPage == true)
        // The cursor of a first page continues in the ordinary timeline query.
        let rest = try await fixture.incidents.timeline(access, incident: busy.id, first: 10, after: pages[busy.id]?.cursors.last)
        #expect(rest.items.compactMap(\.message) == ["note 1", "note 2"])
        // Another tenant's incident yields an empty page, never its entries.
        let (_, other) = try await fixture.owner("pages-other")
        #expect(try await fixture.incidents.firstTimelinePages(other, incidents: [busy.id], first: 5)[busy.id]?.items.isEmpty == true)
    }
}
