/// Dashboards: widgets over the tenant's incident and document metrics, computed by the store
/// in SQL. VIEWER reads; RESPONDER creates and edits; deleting another user's dashboard needs
/// ADMIN. Another tenant's dashboards are NOT_FOUND everywhere.
public struct DashboardService: Sendable {
    public let store: any DashboardStore
    let feeds: DashboardFeeds

    /// Most widgets one dashboard holds.
    public static let maximumWidgets = 50

    public init(store: any DashboardStore, incidentEvents: any IncidentEventBus, documentEvents: any DocumentEventBus) {
        self.store = store
        self.feeds = DashboardFeeds(store: store, incidentEvents: incidentEvents, documentEvents: documentEvents)
    }

    // MARK: Reads

    public func dashboard(_ access: TenantAccess, id: DashboardID) async throws -> Dashboard {
        try access.require(.viewer, to: "read dashboards")
        guard let dashboard = try await store.dashboard(tenant: access.tenant.id, id: id) else { throw DomainError.notFound("Dashboard") }
        return dashboard
    }

    public func dashboards(_ access: TenantAccess, first: Int?, after: String?) async throws -> Page<Dashboard> {
        try access.require(.viewer, to: "read dashboards")
        return try await store.dashboards(tenant: access.tenant.id, first: try Paging.size(first), after: after)
    }

    /// The widget's data over its dashboard's range, or over `range` when given.
    public func data(_ access: TenantAccess, widget: Widget, range: TimeRangeSpec?) async throws -> WidgetData {
        try access.require(.viewer, to: "read dashboards")
        return try await Self.compute(store: store, tenant: access.tenant.id, query: widget.query, kind: widget.kind,
                                      range: range ?? widget.dashboardRange, timeZone: widget.dashboardTimeZone, now: .now())
    }

    /// An ad-hoc chart: a time series when the query has a bucket, rows otherwise.
    public func metrics(_ access: TenantAccess, query: MetricQuery, range: TimeRangeSpec, timeZone: String?) async throws -> WidgetData {
        try access.require(.viewer, to: "read metrics")
        let kind: WidgetKind = query.bucket == nil ? .table : .timeseries
        return try await Self.compute(store: store, tenant: access.tenant.id, query: try query.validated(for: kind), kind: kind,
                                      range: range, timeZone: try TimeBucketing.validZone(timeZone), now: .now())
    }

    /// The dashboard's changed widgets as the tenant's incidents and documents change, at most
    /// one round per second (shared by every subscriber of the dashboard on this instance).
    public func updates(_ access: TenantAccess, dashboard id: DashboardID) async throws -> AsyncStream<DashboardUpdate> {
        let dashboard = try await dashboard(access, id: id)
        return feeds.subscribe(dashboard)
    }

    static func compute(store: any DashboardStore, tenant: TenantID, query: MetricQuery, kind: WidgetKind, range spec: TimeRangeSpec,
                        timeZone: String?, now: Timestamp) async throws -> WidgetData {
        let range = try spec.resolved(at: now)
        var buckets: [TimeBucketSlot] = []
        let slices: [TimeRange]
        switch kind {
        case .stat:
            slices = []
        case .timeseries:
            guard let bucket = query.bucket else { throw DomainError.badInput("A TIMESERIES widget needs `query.bucket`.") }
            buckets = try TimeBucketing(timeZone: timeZone).buckets(bucket, over: range)
            slices = buckets.map(\.range)
        case .bar, .table:
            slices = [range]
        }
        let measured = try await store.measure(MetricRequest(tenant: tenant, query: query, range: range, slices: slices))
        return WidgetData(measured, metric: query.metric, range: range, kind: kind, buckets: buckets, grouped: !query.groupBy.isEmpty)
    }

    // MARK: Dashboards

    public func create(_ access: TenantAccess, name: String, description: String?, timeRange: TimeRangeSpec?,
                       timeZone: String?) async throws -> Dashboard {
        try access.require(.responder, to: "create dashboards")
        let now = Timestamp.now()
        let dashboard = Dashboard(
            id: .generate(), tenantID: access.tenant.id, name: try InputRules.text(name, field: "name", maximum: 200),
            description: try InputRules.text(description ?? "", field: "description", maximum: 2_000, allowEmpty: true),
            timeRange: try (timeRange ?? .lastSevenDays).validated(), timeZone: try TimeBucketing.validZone(timeZone),
            widgets: [], createdBy: access.actor.userID, createdAt: now, updatedAt: now)
        try await store.insertDashboard(dashboard, audit: access.audit("dashboard.create", "Dashboard", dashboard.id.rawValue, at: now))
        return dashboard
    }

    /// `timeZone` "" returns to UTC; nil fields keep their values.
    public func update(_ access: TenantAccess, id: DashboardID, name: String?, description: String?, timeRange: TimeRangeSpec?,
                       timeZone: String?) async throws -> Dashboard {
        try access.require(.responder, to: "edit dashboards")
        var dashboard = try await dashboard(access, id: id)
        let now = Timestamp.now()
        if let name { dashboard.name = try InputRules.text(name, field: "name", maximum: 200) }
        if let description { dashboard.description = try InputRules.text(description, field: "description", maximum: 2_000, allowEmpty: true) }
        if let timeRange { dashboard.timeRange = try timeRange.validated() }
        if let timeZone { dashboard.timeZone = try TimeBucketing.validZone(timeZone) }
        dashboard.updatedAt = now
        guard let updated = try await store.updateDashboard(dashboard, audit: access.audit("dashboard.update", "Dashboard", id.rawValue, at: now)) else {
            throw DomainError.notFound("Dashboard")
        }
        return updated
    }

    public func delete(_ access: TenantAccess, id: DashboardID) async throws -> Bool {
        try access.require(.responder, to: "delete dashboards")
        let dashboard = try await dashboard(access, id: id)
        if dashboard.createdBy == nil || dashboard.createdBy != access.actor.userID {
            try access.require(.admin, to: "delete a dashboard another user created")
        }
        guard try await store.deleteDashboard(tenant: access.tenant.id, id: id,
                                              audit: access.audit("dashboard.delete", "Dashboard", id.rawValue, at: .now())) else {
            throw DomainError.notFound("Dashboard")
        }
        return true
    }

    /// A copy with every widget (new ids), created by the caller.
    public func duplicate(_ access: TenantAccess, id: DashboardID, name: String) async throws -> Dashboard {
        try access.require(.responder, to: "create dashboards")
        let original = try await dashboard(access, id: id)
        let now = Timestamp.now()
        var copy = original
        copy.id = .generate()
        copy.name = try InputRules.text(name, field: "name", maximum: 200)
        copy.createdBy = access.actor.userID
        copy.createdAt = now
        copy.updatedAt = now
        copy.widgets = original.widgets.map { widget in
            var widget = widget
            widget.id = .generate()
            widget.dashboardID = copy.id
            return widget
        }
        try await store.insertDashboard(copy, audit: access.audit("dashboard.duplicate", "Dashboard", copy.id.rawValue, at: now))
        return copy
    }

    // MARK: Widgets

    public func addWidget(_ access: TenantAccess, dashboard id: DashboardID, title: String, kind: WidgetKind, layout: WidgetLayout,
                          query: MetricQuery) async throws -> Widget {
        try access.require(.responder, to: "edit dashboards")
        let now = Timestamp.now()
        let widget = Widget(id: .generate(), dashboardID: id, tenantID: access.tenant.id,
                            title: try InputRules.text(title, field: "title", maximum: 200), kind: kind,
                            layout: try layout.validated(), query: try query.validated(for: kind),
                            dashboardRange: .lastSevenDays, dashboardTimeZone: nil)
        return try await save(widget, access: access, action: "widget.add", at: now)
    }

    public func updateWidget(_ access: TenantAccess, id: WidgetID, title: String?, kind: WidgetKind?, layout: WidgetLayout?,
                             query: MetricQuery?) async throws -> Widget {
        try access.require(.responder, to: "edit dashboards")
        guard var widget = try await store.widget(tenant: access.tenant.id, id: id) else { throw DomainError.notFound("Widget") }
        if let title { widget.title = try InputRules.text(title, field: "title", maximum: 200) }
        if let kind { widget.kind = kind }
        if let layout { widget.layout = try layout.validated() }
        widget.query = try (query ?? widget.query).validated(for: widget.kind)
        return try await save(widget, access: access, action: "widget.update", at: .now())
    }

    public func removeWidget(_ access: TenantAccess, id: WidgetID) async throws -> Bool {
        try access.require(.responder, to: "edit dashboards")
        let now = Timestamp.now()
        guard try await store.deleteWidget(tenant: access.tenant.id, id: id, at: now,
                                           audit: access.audit("widget.remove", "Widget", id.rawValue, at: now)) else {
            throw DomainError.notFound("Widget")
        }
        return true
    }

    private func save(_ widget: Widget, access: TenantAccess, action: String, at now: Timestamp) async throws -> Widget {
        let layout = widget.layout, id = widget.id
        let saved = try await store.saveWidget(widget, at: now, audit: access.audit(action, "Widget", id.rawValue, at: now)) { others in
            if !others.contains(where: { $0.id == id }) && others.count >= Self.maximumWidgets {
                throw DomainError.badInput("A dashboard holds at most \(Self.maximumWidgets) widgets.")
            }
            try layout.checkFree(among: others, except: id)
        }
        guard let saved else { throw DomainError.notFound("Dashboard") }
        return saved
    }
}

/// One pushed change: a widget and its new data.
public struct DashboardUpdate: Sendable, Hashable {
    public var widget: Widget
    public var data: WidgetData

    public init(widget: Widget, data: WidgetData) {
        self.widget = widget
        self.data = data
    }
}
