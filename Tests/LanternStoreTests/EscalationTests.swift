import Foundation
import LanternDomain
import LanternStore
import Testing

/// Escalations as durable timers on both databases, driven by explicit times instead of sleeps.
@Suite("Escalation")
struct EscalationTests {
    /// A tenant with an owner and three responders, and its escalation service.
    struct Team {
        let fixture: Fixture
        let owner: TenantAccess
        let responders: [User]
        let escalations: EscalationService

        init(_ dialect: Database.Dialect, slug: String = "esc") async throws {
            fixture = try await Fixture(dialect)
            let (_, access) = try await fixture.owner(slug)
            owner = access
            var responders: [User] = []
            for index in 0..<3 {
                let auth = try await fixture.accounts.signUp(email: "\(slug)-r\(index)@example.com", password: "password-1",
                                                             name: "Responder \(index)", origin: fixture.origin)
                _ = try await fixture.accounts.addMember(access, email: auth.user.email, role: .responder)
                responders.append(auth.user)
            }
            self.responders = responders
            escalations = EscalationService(store: fixture.store, members: fixture.store, events: fixture.events)
        }

        func access(of user: User) async throws -> TenantAccess {
            TenantAccess(tenant: owner.tenant, role: .responder, actor: .user(user.id), origin: fixture.origin)
        }

        func escalation(of incident: Incident) async throws -> IncidentEscalation? {
            try await fixture.store.incidentEscalations(tenant: owner.tenant.id, incidents: [incident.id])[incident.id]
        }

        func escalatedLevels(_ incident: Incident) async throws -> [Int] {
            try await fixture.store.timeline(tenant: owner.tenant.id, incident: incident.id, first: 100, after: nil).items
                .filter { $0.kind == .escalated }.compactMap(\.level)
        }
    }

    @Test(arguments: bothDialects) func levelsFireInTurnRepeatAndExhaust(_ dialect: Database.Dialect) async throws {
        let team = try await Team(dialect)
        defer { Task { await team.fixture.close() } }
        let (a, b, c) = (team.responders[0].id, team.responders[1].id, team.responders[2].id)
        let policy = try await team.escalations.create(team.owner, name: "Primary", levels: [(60, [a]), (120, [b, c])], repeatCount: 1)
        let incident = try await team.fixture.incidents.report(team.owner, title: "Database down", description: nil, severity: .critical,
                                                                tags: nil, escalationPolicy: policy.id)
        let start = incident.createdAt
        let store = team.fixture.store
        // Level 1 fired with the report, in its transaction; nothing more is due yet.
        let first = try #require(try await team.escalation(of: incident))
        #expect(first.level == 1 && first.state == .active && first.nextAt == start.adding(seconds: 60).adding(milliseconds: 1))
        #expect(try await team.escalatedLevels(incident) == [1])
        #expect(try await store.fireDueEscalation(now: start) == nil)
        #expect(try await store.fireDueEscalation(now: start.adding(seconds: 60)) == nil)
        let second = try #require(try await store.fireDueEscalation(now: start.adding(seconds: 60).adding(milliseconds: 1)))
        #expect(second.event.entry.level == 2 && Set(second.notified) == [b, c])
        var state = try #require(try await team.escalation(of: incident))
        #expect(state.level == 2 && state.loop == 0 && state.state == .active && state.nextAt == start.adding(seconds: 180).adding(milliseconds: 1))
        // The repeat: level 1 again, then level 2 and the end.
        let third = try #require(try await store.fireDueEscalation(now: start.adding(seconds: 180).adding(milliseconds: 1)))
        #expect(third.event.entry.level == 1 && third.notified == [a])
        let fourth = try #require(try await store.fireDueEscalation(now: start.adding(seconds: 240).adding(milliseconds: 1)))
        #expect(fourth.event.entry.level == 2)
        state = try #require(try await team.escalation(of: incident))
        #expect(state.state == .exhausted && state.loop == 1 && state.nextAt == nil)
        #expect(try await store.fireDueEscalation(now: start.adding(seconds: 100_000)) == nil)
        #expect(try await team.escalatedLevels(incident) == [1, 2, 1, 2])
        // Each firing is in the event log with the next sequence, and notified its targets.
        let logged = try await store.loggedEvents(tenant: team.owner.tenant.id, after: 0, before: nil, filter: EventFilter(), limit: 100)
        #expect(logged.map(\.entry.kind) == [.reported, .escalated, .escalated, .escalated, .escalated])
        #expect(logged.map(\.sequence) == [1, 2, 3, 4, 5])
        let forA = try await team.escalations.notifications(try await team.access(of: team.responders[0]), unreadOnly: false, first: 10, after: nil)
        #expect(forA.items.map(\.level) == [1, 1] && forA.items.allSatisfy { $0.incidentID == incident.id && $0.kind == .escalation })
        let forB = try await team.escalations.notifications(try await team.access(of: team.responders[1]), unreadOnly: false, first: 10, after: nil)
        #expect(forB.items.map(\.level) == [2, 2])
    }

    @Test(arguments: bothDialects) func acknowledgingStopsAndReopeningRestarts(_ dialect: Database.Dialect) async throws {
        let team = try await Team(dialect, slug: "ack")
        defer { Task { await team.fixture.close() } }
        let policy = try await team.escalations.create(team.owner, name: "P", levels: [(30, [team.responders[0].id]), (30, [team.responders[1].id])],
                                                       repeatCount: 0)
        let store = team.fixture.store, incidents = team.fixture.incidents
        let incident = try await incidents.report(team.owner, title: "Slow", description: nil, severity: .high, tags: nil, escalationPolicy: policy.id)
        #expect(try await team.escalation(of: incident)?.level == 1)
        _ = try await incidents.acknowledge(team.owner, id: incident.id)
        #expect(try await team.escalation(of: incident)?.state == .stopped)
        #expect(try await store.fireDueEscalation(now: incident.createdAt.adding(seconds: 3_600)) == nil)
        _ = try await incidents.resolve(team.owner, id: incident.id, resolution: "fixed")
        let reopened = try await incidents.reopen(team.owner, id: incident.id)
        // Reopening restarts from level 1, which fires with the reopening.
        let restarted = try #require(try await team.escalation(of: incident))
        #expect(restarted.state == .active && restarted.level == 1 && restarted.loop == 0 && restarted.nextAt == reopened.updatedAt.adding(seconds: 30).adding(milliseconds: 1))
        #expect(try await team.escalatedLevels(incident) == [1, 1])
        // Resolving stops it too.
        _ = try await incidents.resolve(team.owner, id: incident.id, resolution: "fixed again")
        #expect(try await team.escalation(of: incident)?.state == .stopped)
    }

    @Test(arguments: bothDialects) func routingUrgencyAndTenantBoundaries(_ dialect: Database.Dialect) async throws {
        let team = try await Team(dialect, slug: "route")
        defer { Task { await team.fixture.close() } }
        let incidents = team.fixture.incidents
        let critical = try await team.escalations.create(team.owner, name: "Critical", levels: [(60, [team.responders[0].id]), (60, [team.responders[1].id])],
                                                         repeatCount: 0)
        let fallback = try await team.escalations.create(team.owner, name: "Fallback", levels: [(60, [team.responders[1].id])], repeatCount: 0)
        let routing = try await team.escalations.setRouting(team.owner, defaultPolicy: fallback.id, bySeverity: [(.critical, critical.id)])
        #expect(routing.defaultPolicy?.id == fallback.id && routing.bySeverity.map(\.severity) == [.critical])
        let severe = try await incidents.report(team.owner, title: "A", description: nil, severity: .critical, tags: nil)
        let mild = try await incidents.report(team.owner, title: "B", description: nil, severity: .low, tags: nil)
        let quiet = try await incidents.report(team.owner, title: "C", description: nil, severity: .critical, tags: nil, urgency: .low)
        #expect(try await team.escalation(of: severe)?.policyID == critical.id)
        #expect(try await team.escalation(of: mild)?.policyID == fallback.id)
        #expect(try await team.escalation(of: quiet) == nil)
        // Another tenant's policy is NOT_FOUND, as an id that does not exist.
        let (_, other) = try await team.fixture.owner("route-other")
        let foreign = try await team.escalations.create(other, name: "Theirs", levels: [(60, [other.actor.userID!])], repeatCount: 0)
        await expectDomainError(.notFound) {
            try await incidents.report(team.owner, title: "D", description: nil, severity: .low, tags: nil, escalationPolicy: foreign.id)
        }
        await expectDomainError(.notFound) { try await team.escalations.policy(team.owner, id: foreign.id) }
        await expectDomainError(.notFound) { try await team.escalations.delete(team.owner, id: foreign.id) }
        await expectDomainError(.notFound) { try await team.escalations.setRouting(team.owner, defaultPolicy: foreign.id, bySeverity: []) }
        // Rules: ranges, members only, ADMIN only.
        let member = team.responders[0].id
        await expectDomainError(.badUserInput) { try await team.escalations.create(team.owner, name: "x", levels: [(0, [member])], repeatCount: 0) }
        await expectDomainError(.badUserInput) { try await team.escalations.create(team.owner, name: "x", levels: [(86_401, [member])], repeatCount: 0) }
        await expectDomainError(.badUserInput) { try await team.escalations.create(team.owner, name: "x", levels: [(5, [member])], repeatCount: 10) }
        await expectDomainError(.badUserInput) { try await team.escalations.create(team.owner, name: "x", levels: [(5, [])], repeatCount: 0) }
        await expectDomainError(.badUserInput) {
            try await team.escalations.create(team.owner, name: "x", levels: [(5, [other.actor.userID!])], repeatCount: 0)
        }
        await expectDomainError(.forbidden) {
            try await team.escalations.create(try await team.access(of: team.responders[0]), name: "x", levels: [(5, [member])], repeatCount: 0)
        }
        // Deleting a policy stops what runs under it and removes its routes.
        #expect(try await team.escalations.delete(team.owner, id: critical.id))
        #expect(try await team.escalation(of: severe)?.state == .stopped)
        #expect(try await team.escalations.routing(team.owner).bySeverity.isEmpty)
    }

    @Test(arguments: bothDialects) func twoWorkersNeverFireTheSameLevel(_ dialect: Database.Dialect) async throws {
        let team = try await Team(dialect, slug: "race")
        defer { Task { await team.fixture.close() } }
        let policy = try await team.escalations.create(team.owner, name: "P", levels: [(600, [team.responders[1].id]), (600, [team.responders[0].id])],
                                                       repeatCount: 0)
        var reported: [Incident] = []
        for index in 0..<20 {
            reported.append(try await team.fixture.incidents.report(team.owner, title: "I\(index)", description: nil, severity: .high,
                                                                    tags: nil, escalationPolicy: policy.id))
        }
        // Level 2 of all twenty is due; two workers race for it.
        let now = Timestamp.now().adding(seconds: 601)
        // A second store on its own database connection(s), as a second instance has.
        let second = SQLStore(database: team.fixture.database)
        let fired = try await withThrowingTaskGroup(of: Int.self) { group in
            for store in [team.fixture.store, second] {
                group.addTask {
                    var count = 0
                    while try await store.fireDueEscalation(now: now) != nil { count += 1 }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(fired == 20)
        for incident in reported { #expect(try await team.escalatedLevels(incident) == [1, 2]) }
        let notified = try await team.escalations.notifications(try await team.access(of: team.responders[0]), unreadOnly: false, first: 100, after: nil)
        #expect(notified.totalCount == 20)
    }

    @Test(.timeLimit(.minutes(1)), arguments: bothDialects) func notificationsAreReadMarkedAndStreamed(_ dialect: Database.Dialect) async throws {
        let team = try await Team(dialect, slug: "note")
        defer { Task { await team.fixture.close() } }
        let responder = team.responders[0], bystander = team.responders[1]
        let policy = try await team.escalations.create(team.owner, name: "P", levels: [(5, [responder.id])], repeatCount: 2)
        let mine = try await team.access(of: responder)
        let live = try await team.escalations.liveNotifications(mine)
        var iterator = live.makeAsyncIterator()
        let incident = try await team.fixture.incidents.report(team.owner, title: "Queue stuck", description: nil, severity: .high,
                                                                tags: nil, escalationPolicy: policy.id)
        // Level 1 fired with the report; the next level is the worker's, 5 s later.
        let worker = BackgroundWorker(escalations: team.fixture.store, webhooks: team.fixture.store, events: team.fixture.events,
                                      transport: ClosedPortTransport(), clock: FixedClock(at: incident.createdAt.adding(seconds: 1)),
                                      observer: QuietObserver())
        #expect(try await worker.fireDueEscalations() == 0)
        let streamed = try await iterator.next()
        #expect(streamed?.incidentID == incident.id && streamed?.level == 1 && streamed?.userID == responder.id)
        let later = BackgroundWorker(escalations: team.fixture.store, webhooks: team.fixture.store, events: team.fixture.events,
                                     transport: ClosedPortTransport(), clock: FixedClock(at: incident.createdAt.adding(seconds: 6)),
                                     observer: QuietObserver())
        #expect(try await later.fireDueEscalations() == 1)
        let repeated = try await iterator.next()
        #expect(repeated?.incidentID == incident.id && repeated?.level == 1 && repeated?.id != streamed?.id, "the repeat of level 1, streamed")
        _ = try await team.escalations.markRead(mine, ids: [try #require(repeated?.id)])
        let page = try await team.escalations.notifications(mine, unreadOnly: true, first: 10, after: nil)
        #expect(page.items.map(\.id) == [streamed?.id].compactMap { $0 })
        let marked = try await team.escalations.markRead(mine, ids: page.items.map(\.id))
        #expect(marked.allSatisfy { $0.readAt != nil })
        #expect(try await team.escalations.notifications(mine, unreadOnly: true, first: 10, after: nil).items.isEmpty)
        // Someone else's notification is NOT_FOUND to the caller.
        await expectDomainError(.notFound) { try await team.escalations.markRead(try await team.access(of: bystander), ids: page.items.map(\.id)) }
        await expectDomainError(.badUserInput) { try await team.escalations.notifications(mine, unreadOnly: false, first: 10, after: "bm90aWZpY2F0aW9uOng=") }
    }
}

/// A clock stopped at one instant.
struct FixedClock: WorkClock {
    let at: Timestamp
    func now() -> Timestamp { at }
}

/// Background work reported nowhere.
struct QuietObserver: BackgroundWorkObserver {
    func escalationFired(lagMilliseconds: Int) {}
    func webhookAttempted(outcome: String, seconds: Double) {}
    func backlog(escalations: Int, webhooks: Int) {}
    func failed(_ what: String, _ error: any Error) { Issue.record("background work failed while \(what): \(error)") }
}

/// A transport for tests without webhook endpoints: any delivery fails as if nothing listened.
struct ClosedPortTransport: WebhookTransport {
    func post(url: String, headers: [(String, String)], body: String, timeoutSeconds: Int) async -> WebhookResponse {
        WebhookResponse(statusCode: nil, error: "connection refused")
    }
}

extension Timestamp {
    func adding(milliseconds: Int) -> Timestamp { Timestamp(milliseconds: self.milliseconds + milliseconds) }
}
