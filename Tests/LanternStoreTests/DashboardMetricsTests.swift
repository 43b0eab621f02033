import LanternDomain
import LanternStore
import Testing

/// Metrics over a hand-built data set with known times, on both databases: reopened incidents,
/// unacknowledged and unresolved ones, empty buckets, a daylight-saving change in a time zone,
/// and a noise tenant that must never be counted.
@Suite("Dashboard metrics")
struct DashboardMetricsTests {
    /// 2026-03-27T00:00:00Z, a Friday; Europe/Berlin moves to summer time on Sunday 2026-03-29 at 02:00.
    static let t0 = 1_774_569_600_000
    static func at(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Timestamp {
        Timestamp(milliseconds: t0 + ((day - 27) * 86_400 + hour * 3_600 + minute * 60) * 1000)
    }
    static func iso(_ day: Int, _ hour: Int = 0) -> String { at(day, hour).rfc3339 }
    static let range = TimeRangeSpec(from: "2026-03-27T00:00:00Z", to: "2026-04-01T00:00:00Z")

    /// An incident reported at `createdAt` and brought to its final state with the given times.
    static func seed(_ store: SQLStore, tenant: TenantID, actor: UserID, createdAt: Timestamp, severity: Severity, tags: [String] = [],
                     firstAck: Int? = nil, resolvedAfter: Int? = nil, status: IncidentStatus) async throws {
        let draft = Incident(id: .generate(), tenantID: tenant, number: 0, title: "seeded", description: "", severity: severity,
                             status: .open, reporterID: nil, assigneeID: nil, tags: tags, createdAt: createdAt, updatedAt: createdAt)
        let audit = AuditEntry(tenantID: tenant, actor: nil, action: "seed", targetType: "Incident", targetID: nil, at: createdAt, requestID: nil)
        let stored = try await store.insertIncident(draft, entry: TimelineEntry(id: .generate(), tenantID: tenant, incidentID: draft.id,
                                                                                 kind: .reported, actor: .user(actor), at: createdAt),
                                                    audit: audit).incident
        var next = stored
        next.status = status
        next.firstAcknowledgedAt = firstAck.map { createdAt.adding(seconds: $0) }
        next.acknowledgedAt = status == .acknowledged ? next.firstAcknowledgedAt : nil
        next.resolvedAt = resolvedAfter.map { createdAt.adding(seconds: $0) }
        next.version = 2
        let entry = TimelineEntry(id: .generate(), tenantID: tenant, incidentID: draft.id, kind: .commented,
                                  actor: .user(actor), at: createdAt)
        var changed = audit
        changed.id = .generate()
        #expect(try await store.updateIncident(next, expectedVersion: 1, entry: entry, audit: changed) != nil)
    }

    static func seedAll(_ fixture: Fixture, tenant: TenantAccess, noise: TenantAccess) async throws {
        func seed(_ store: SQLStore, tenant: TenantAccess, createdAt: Timestamp, severity: Severity, tags: [String] = [],
                  firstAck: Int? = nil, resolvedAfter: Int? = nil, status: IncidentStatus) async throws {
            try await Self.seed(store, tenant: tenant.tenant.id, actor: tenant.actor.userID!, createdAt: createdAt, severity: severity,
                                tags: tags, firstAck: firstAck, resolvedAfter: resolvedAfter, status: status)
        }
        let store = fixture.store
        // The range before: [03-22, 03-27).
        try await seed(store, tenant: tenant, createdAt: at(24, 0), severity: .low, firstAck: 10, resolvedAfter: 20, status: .resolved)
        // 1: acknowledged after 60 s, resolved after 600 s.
        try await seed(store, tenant: tenant, createdAt: at(27, 10), severity: .high, tags: ["db"], firstAck: 60, resolvedAfter: 600, status: .resolved)
        // 2: acknowledged after 120 s, still ACKNOWLEDGED. 00:30 on the 28th in Berlin.
        try await seed(store, tenant: tenant, createdAt: at(27, 23, 30), severity: .low, firstAck: 120, status: .acknowledged)
        // 3: reopened and resolved again: first acknowledgement after 30 s, last resolution after 1800 s.
        try await seed(store, tenant: tenant, createdAt: at(28, 12), severity: .critical, tags: ["db", "web"], firstAck: 30,
                       resolvedAfter: 1_800, status: .resolved)
        // 4: never acknowledged, OPEN (03:30 summer time in Berlin).
        try await seed(store, tenant: tenant, createdAt: at(29, 1, 30), severity: .medium, tags: ["web"], status: .open)
        // 5: resolved after 300 s without acknowledgement; 00:30 on the 30th in Berlin.
        try await seed(store, tenant: tenant, createdAt: at(29, 22, 30), severity: .high, resolvedAfter: 300, status: .resolved)
        // 6: acknowledged after 45 s, resolved, then reopened: OPEN, no resolution time.
        try await seed(store, tenant: tenant, createdAt: at(31, 8), severity: .high, firstAck: 45, status: .open)
        // The noise tenant, in the same range.
        for hour in [1, 2, 3] {
            try await seed(store, tenant: noise, createdAt: at(28, hour), severity: .high, firstAck: 1, resolvedAfter: 2, status: .resolved)
        }
    }

    func value(_ service: DashboardService, _ access: TenantAccess, _ metric: Metric, groupBy: [MetricDimension] = [],
               bucket: TimeBucket? = nil, filter: IncidentFilter = IncidentFilter(), range: TimeRangeSpec = range,
               timeZone: String? = nil) async throws -> WidgetData {
        try await service.metrics(access, query: MetricQuery(metric: metric, groupBy: groupBy, bucket: bucket, filter: filter),
                                  range: range, timeZone: timeZone)
    }

    @Test(arguments: bothDialects) func handComputedValues(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, access) = try await fixture.owner("metrics")
        let (_, noise) = try await fixture.owner("noise")
        try await Self.seedAll(fixture, tenant: access, noise: noise)
        let service = fixture.dashboards

        let count = try await value(service, access, .incidentCount)
        #expect(count.value == 6 && count.previousValue == 1)
        #expect(count.rows == [MetricRow(keys: [], value: 6)])
        let open = try await value(service, access, .openIncidents)
        #expect(open.value == 3 && open.previousValue == 0)
        let mtta = try await value(service, access, .mtta)
        #expect(mtta.value == 63.75 && mtta.previousValue == 10)
        let ttaMedian = try await value(service, access, .ttaP50)
        #expect(ttaMedian.value == 52.5 && ttaMedian.previousValue == 10)
        let mttr = try await value(service, access, .mttr)
        #expect(mttr.value == 900 && mttr.previousValue == 20)
        let ttrMedian = try await value(service, access, .ttrP50)
        #expect(ttrMedian.value == 600)
        // Nothing to measure: durations are null, counts 0.
        let empty = TimeRangeSpec(from: "2025-01-01T00:00:00Z", to: "2025-01-02T00:00:00Z")
        #expect(try await value(service, access, .mttr, range: empty).value == nil)
        #expect(try await value(service, access, .incidentCount, range: empty).value == 0)

        let bySeverity = try await value(service, access, .incidentCount, groupBy: [.severity])
        #expect(bySeverity.rows == [MetricRow(keys: ["CRITICAL"], value: 1), MetricRow(keys: ["HIGH"], value: 3),
                                    MetricRow(keys: ["LOW"], value: 1), MetricRow(keys: ["MEDIUM"], value: 1)])
        let byTag = try await value(service, access, .incidentCount, groupBy: [.tag])
        #expect(byTag.rows == [MetricRow(keys: ["db"], value: 2), MetricRow(keys: ["web"], value: 2), MetricRow(keys: [nil], value: 3)])
        let ttrByStatusAndSeverity = try await value(service, access, .mttr, groupBy: [.severity, .status])
        #expect(ttrByStatusAndSeverity.rows == [MetricRow(keys: ["CRITICAL", "RESOLVED"], value: 1_800),
                                                MetricRow(keys: ["HIGH", "RESOLVED"], value: 450)])
        let high = try await value(service, access, .mttr, filter: IncidentFilter(severity: .high))
        #expect(high.value == 450)
        let taggedDB = try await value(service, access, .incidentCount, filter: IncidentFilter(tag: "DB"))
        #expect(taggedDB.value == 2)

        // Days in UTC: every bucket present, the empty one 0 (counts) or null (durations).
        let daily = try await value(service, access, .incidentCount, bucket: .day)
        #expect(daily.series.count == 1 && daily.series[0].key == nil)
        #expect(daily.series[0].points.map(\.v) == [2, 1, 2, 0, 1])
        #expect(daily.series[0].points.map(\.t.rfc3339) == (27...31).map { Self.iso($0) })
        let dailyTTA = try await value(service, access, .mtta, bucket: .day)
        #expect(dailyTTA.series[0].points.map(\.v) == [90, 30, nil, nil, 45])

        // Days in Europe/Berlin: local midnights, a 23-hour day on the 29th, the range's ends clipped.
        let berlin = try await value(service, access, .incidentCount, bucket: .day, timeZone: "Europe/Berlin")
        #expect(berlin.series[0].points.map(\.t.rfc3339) == [Self.at(26, 23), Self.at(27, 23), Self.at(28, 23), Self.at(29, 22),
                                                              Self.at(30, 22), Self.at(31, 22)].map(\.rfc3339))
        #expect(berlin.series[0].points.map(\.v) == [1, 2, 1, 1, 1, 0])
        let berlinTTA = try await value(service, access, .mtta, bucket: .day, timeZone: "Europe/Berlin")
        #expect(berlinTTA.series[0].points.map(\.v) == [60, 75, nil, nil, 45, nil])

        // Weeks start on Monday (the 23rd and the 30th); hours; series per group.
        let weekly = try await value(service, access, .incidentCount, bucket: .week)
        #expect(weekly.series[0].points.map(\.t.rfc3339) == [Self.iso(23), Self.iso(30)] && weekly.series[0].points.map(\.v) == [5, 1])
        let hourly = try await value(service, access, .mtta, bucket: .hour,
                                     range: TimeRangeSpec(from: Self.iso(27, 9), to: Self.iso(27, 12)))
        #expect(hourly.series[0].points.map(\.v) == [nil, 60, nil])
        let severityDaily = try await value(service, access, .incidentCount, groupBy: [.severity], bucket: .day)
        #expect(severityDaily.series.map(\.key) == ["CRITICAL", "HIGH", "LOW", "MEDIUM"])
        #expect(severityDaily.series[1].points.map(\.v) == [1, 0, 1, 0, 1])

        // The noise tenant sees only its own.
        let noiseCount = try await value(service, noise, .incidentCount)
        #expect(noiseCount.value == 3 && noiseCount.previousValue == 0)
        #expect(try await value(service, noise, .mtta).value == 1)
    }

    @Test(arguments: bothDialects) func documentCounts(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, access) = try await fixture.owner("docs")
        for (day, tags) in [(24, ["db"]), (28, ["db", "web"]), (29, [String]())] {
            let document = Document(id: .generate(), tenantID: access.tenant.id, title: "Runbook \(day)", kind: .runbook, tags: tags,
                                    body: "body \(day)", version: 1, createdBy: nil, createdAt: Self.at(day, 12),
                                    updatedAt: Self.at(day, 12), updatedBy: nil)
            _ = try await fixture.store.insertDocument(document, audit: AuditEntry(tenantID: access.tenant.id, actor: nil, action: "seed",
                                                                                   targetType: "Document", targetID: nil,
                                                                                   at: Self.at(day, 12), requestID: nil))
        }
        let documents = try await value(fixture.dashboards, access, .documentCount, groupBy: [.tag])
        #expect(documents.value == 2 && documents.previousValue == 1)
        #expect(documents.rows == [MetricRow(keys: ["db"], value: 1), MetricRow(keys: ["web"], value: 1), MetricRow(keys: [nil], value: 1)])
        await expectDomainError(.badUserInput) { try await value(fixture.dashboards, access, .documentCount, groupBy: [.severity]) }
    }

    @Test func rangesAndBucketsAreChecked() throws {
        let now = Timestamp(milliseconds: Self.t0)
        #expect(try TimeRangeSpec(from: "now-7d", to: "now").resolved(at: now) == TimeRange(from: Timestamp(milliseconds: Self.t0 - 7 * 86_400_000), to: now))
        #expect(try TimeRangeSpec(from: "now-30m", to: "2026-03-27T02:00:00+02:00").resolved(at: now).to == now)
        #expect(throws: DomainError.self) { try TimeRangeSpec(from: "yesterday", to: "now").resolved(at: now) }
        #expect(throws: DomainError.self) { try TimeRangeSpec(from: "now", to: "now-1h").resolved(at: now) }
        #expect(throws: DomainError.self) { try TimeRangeSpec(from: "now-1y", to: "now").resolved(at: now) }
        #expect(throws: DomainError.self) { try TimeBucketing(timeZone: "Mars/Olympus") }
        #expect(RFC3339.parse("2026-03-27T05:30:00.25+05:30")?.milliseconds == Self.t0 + 250)
        #expect(RFC3339.parse("2024-02-29t23:59:59.9999z")?.rfc3339 == "2024-02-29T23:59:59.999Z")
        for bad in ["2026-02-29T00:00:00Z", "2026-03-27T24:00:00Z", "2026-03-27T00:00:00", "2026-03-27T00:00:00.Z", "2026-03-27T00:00:00+0200"] {
            #expect(RFC3339.parse(bad) == nil, "\(bad)")
        }
        let year = TimeRange(from: Self.at(27, 0), to: Timestamp(milliseconds: Self.t0 + 365 * 86_400_000))
        #expect(throws: DomainError.self) { try TimeBucketing(timeZone: nil).buckets(.hour, over: year) }
        #expect(try TimeBucketing(timeZone: nil).buckets(.day, over: year).count == 365)
    }
}
