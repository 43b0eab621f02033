import LanternDomain
import LanternStore
import Testing

@Suite("Dashboards")
struct DashboardServiceTests {
    /// The tenant's owner, and members with the given roles.
    static func members(_ fixture: Fixture, slug: String, roles: [Role]) async throws -> (owner: TenantAccess, others: [TenantAccess]) {
        let (_, owner) = try await fixture.owner(slug)
        var others: [TenantAccess] = []
        for (index, role) in roles.enumerated() {
            let email = "\(slug)-\(index)@example.com"
            let auth = try await fixture.accounts.signUp(email: email, password: "password-1", name: "Member \(index)", origin: fixture.origin)
            _ = try await fixture.accounts.addMember(owner, email: email, role: role)
            others.append(try await fixture.accounts.access(try await fixture.accounts.authenticate(bearer: auth.accessToken),
                                                            tenantSlug: slug, origin: fixture.origin))
        }
        return (owner, others)
    }

    @Test(arguments: bothDialects) func defaultDashboardRolesLayoutAndIsolation(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let service = fixture.dashboards
        let (owner, others) = try await Self.members(fixture, slug: "dash", roles: [.responder, .responder, .viewer])
        let (responder, otherResponder, viewer) = (others[0], others[1], others[2])

        // A new tenant starts with the incident overview.
        let listed = try await service.dashboards(viewer, first: 10, after: nil)
        let overview = try #require(listed.items.first)
        #expect(listed.totalCount == 1 && overview.name == "Incident overview" && overview.createdBy == nil)
        #expect(overview.widgets.map(\.query.metric) == [.openIncidents, .mtta, .mttr, .incidentCount])
        #expect(overview.widgets.last?.query == MetricQuery(metric: .incidentCount, groupBy: [.severity], bucket: .day))
        #expect(overview.timeRange == .lastSevenDays)

        await expectDomainError(.forbidden) { try await service.create(viewer, name: "Mine", description: nil, timeRange: nil, timeZone: nil) }
        let mine = try await service.create(responder, name: "On-call", description: "Mine", timeRange: TimeRangeSpec(from: "now-24h", to: "now"),
                                            timeZone: "Europe/Berlin")
        await expectDomainError(.badUserInput) { try await service.create(responder, name: "Bad", description: nil, timeRange: nil, timeZone: "Mars/Base") }
        await expectDomainError(.badUserInput) {
            try await service.create(responder, name: "Bad", description: nil, timeRange: TimeRangeSpec(from: "now", to: "now-1h"), timeZone: nil)
        }

        // The 24-column grid, and no overlaps (touching edges are fine).
        let stat = MetricQuery(metric: .incidentCount)
        let left = try await service.addWidget(responder, dashboard: mine.id, title: "Left", kind: .stat,
                                               layout: WidgetLayout(x: 0, y: 0, w: 12, h: 4), query: stat)
        _ = try await service.addWidget(responder, dashboard: mine.id, title: "Right", kind: .stat,
                                        layout: WidgetLayout(x: 12, y: 0, w: 12, h: 4), query: stat)
        for layout in [WidgetLayout(x: 20, y: 4, w: 5, h: 1), WidgetLayout(x: -1, y: 4, w: 2, h: 1), WidgetLayout(x: 0, y: 4, w: 0, h: 1),
                       WidgetLayout(x: 0, y: 4, w: 1, h: 0), WidgetLayout(x: 11, y: 3, w: 2, h: 2)] {
            await expectDomainError(.badUserInput) {
                try await service.addWidget(responder, dashboard: mine.id, title: "Bad", kind: .stat, layout: layout, query: stat)
            }
        }
        await expectDomainError(.badUserInput) {
            try await service.addWidget(responder, dashboard: mine.id, title: "Series", kind: .timeseries,
                                        layout: WidgetLayout(x: 0, y: 4, w: 24, h: 4), query: stat)
        }
        await expectDomainError(.badUserInput) {
            try await service.updateWidget(responder, id: left.id, title: nil, kind: nil, layout: WidgetLayout(x: 6, y: 0, w: 12, h: 4), query: nil)
        }
        let moved = try await service.updateWidget(responder, id: left.id, title: "Moved", kind: .bar, layout: WidgetLayout(x: 0, y: 4, w: 24, h: 2),
                                                   query: MetricQuery(metric: .mttr, groupBy: [.severity]))
        #expect(moved.title == "Moved" && moved.kind == .bar && moved.dashboardTimeZone == "Europe/Berlin")
        let reloaded = try await service.dashboard(viewer, id: mine.id)
        #expect(reloaded.widgets.map(\.title) == ["Right", "Moved"])
        #expect(reloaded.widgets[1].query == MetricQuery(metric: .mttr, groupBy: [.severity]))

        // A copy is the caller's, with new widget ids.
        let copy = try await service.duplicate(otherResponder, id: mine.id, name: "Copy")
        #expect(copy.createdBy == otherResponder.actor.userID && copy.widgets.count == 2)
        #expect(Set(copy.widgets.map(\.id)).isDisjoint(with: reloaded.widgets.map(\.id)))
        #expect(try await service.dashboard(viewer, id: copy.id).widgets.map(\.title) == ["Right", "Moved"])

        // Deleting another user's dashboard needs ADMIN; one's own does not.
        await expectDomainError(.forbidden) { try await service.delete(otherResponder, id: mine.id) }
        await expectDomainError(.forbidden) { try await service.delete(responder, id: overview.id) }
        #expect(try await service.delete(otherResponder, id: copy.id))
        #expect(try await service.delete(owner, id: mine.id))
        await expectDomainError(.notFound) { try await service.dashboard(viewer, id: mine.id) }
        #expect(try await service.removeWidget(owner, id: overview.widgets[0].id))
        await expectDomainError(.notFound) { try await service.removeWidget(owner, id: overview.widgets[0].id) }

        // Another tenant's dashboards do not exist for this one.
        let (_, stranger) = try await fixture.owner("stranger")
        await expectDomainError(.notFound) { try await service.dashboard(stranger, id: overview.id) }
        await expectDomainError(.notFound) {
            try await service.addWidget(stranger, dashboard: overview.id, title: "x", kind: .stat, layout: WidgetLayout(x: 0, y: 20, w: 1, h: 1), query: stat)
        }
        await expectDomainError(.notFound) { try await service.updateWidget(stranger, id: overview.widgets[1].id, title: "x", kind: nil, layout: nil, query: nil) }
        await expectDomainError(.notFound) { try await service.delete(stranger, id: overview.id) }
        #expect(try await service.dashboards(stranger, first: 10, after: nil).items.map(\.name) == ["Incident overview"])

        let audit = try await fixture.accounts.auditLog(owner, first: 100, after: nil).items.map(\.action)
        #expect(audit.contains("dashboard.create") && audit.contains("widget.add") && audit.contains("dashboard.delete"))
    }

    /// Widgets added at once never overlap: the dashboard is held while the check runs.
    @Test(arguments: bothDialects) func concurrentWidgetsCannotOverlap(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, owner) = try await fixture.owner("race")
        let service = fixture.dashboards
        let dashboard = try await service.create(owner, name: "Race", description: nil, timeRange: nil, timeZone: nil)
        let added = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask {
                    (try? await service.addWidget(owner, dashboard: dashboard.id, title: "W\(index)", kind: .stat,
                                                  layout: WidgetLayout(x: index, y: 0, w: 8, h: 2), query: MetricQuery(metric: .mtta))) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        let widgets = try await service.dashboard(owner, id: dashboard.id).widgets
        #expect(added == 1 && widgets.count == 1)  // every layout overlaps every other
        for (index, widget) in widgets.enumerated() {
            for other in widgets[(index + 1)...] { #expect(!widget.layout.overlaps(other.layout)) }
        }
    }

    /// However many incidents change, a dashboard's subscribers get at most one round per second,
    /// and only the widgets whose numbers changed.
    @Test(arguments: bothDialects) func liveUpdatesAreDebounced(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, owner) = try await fixture.owner("live")
        let service = fixture.dashboards
        let overview = try #require(try await service.dashboards(owner, first: 1, after: nil).items.first)
        let updates = try await service.updates(owner, dashboard: overview.id)
        let clock = ContinuousClock(), start = clock.now
        let received = Task {
            var arrivals: [(Duration, DashboardUpdate)] = []
            for await update in updates {
                arrivals.append((clock.now - start, update))
                if arrivals.contains(where: { $0.1.widget.title == "Open incidents" && $0.1.data.value == 30 }) { break }
            }
            return arrivals
        }
        for index in 0..<30 {
            _ = try await fixture.incidents.report(owner, title: "Burst \(index)", description: nil, severity: .high, tags: nil)
            try await Task.sleep(for: .milliseconds(50))
        }
        let timeout = Task {
            try await Task.sleep(for: .seconds(10))
            received.cancel()
        }
        let arrivals = await received.value
        timeout.cancel()
        let open = arrivals.filter { $0.1.widget.title == "Open incidents" }
        #expect(open.last?.1.data.value == 30)
        // Rounds: updates closer than 200 ms together are one round.
        var rounds: [Duration] = []
        for (at, _) in arrivals where rounds.last.map({ at - $0 > .milliseconds(200) }) ?? true { rounds.append(at) }
        for (earlier, later) in zip(rounds, rounds.dropFirst()) { #expect(later - earlier >= .milliseconds(900), "\(rounds)") }
        // However slowly the writes went, never more than one round per second of pushing.
        let span = (rounds.last ?? .zero) - (rounds.first ?? .zero)
        #expect(Double(rounds.count) <= Double(span.components.seconds) + Double(span.components.attoseconds) / 1e18 + 1.05, "\(rounds)")
        #expect(rounds.count < 30, "\(rounds)")
        // MTTA and MTTR did not change (nothing was acknowledged or resolved): never pushed.
        #expect(!arrivals.contains { $0.1.widget.title.hasPrefix("Mean time") })
    }

    @Test func csvAndMarkdownCells() {
        #expect(ExportCells.csv("plain") == "plain")
        #expect(ExportCells.csv("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0")
        #expect(ExportCells.csv("-1+1") == "'-1+1" && ExportCells.csv("+1") == "'+1" && ExportCells.csv("@SUM(A1)") == "'@SUM(A1)")
        #expect(ExportCells.csv("a,\"b\"\nc") == "\"a,\"\"b\"\"\nc\"")
        #expect(ExportCells.markdown("a|b\nc\\d <x>") == "a\\|b<br>c\\\\d &lt;x&gt;")
    }
}
