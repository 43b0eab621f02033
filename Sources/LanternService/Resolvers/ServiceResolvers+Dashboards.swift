import LanternCodegenRuntime
import LanternDomain
import LanternExecution

/// `Schema/dashboards.graphql`: dashboards, widgets and their data, live updates and exports.
extension ServiceResolvers {
    func dashboard(_ arguments: QueryDashboardArguments, context: RequestContext, selection: FieldSelection) async throws -> Dashboard? {
        try await context.services.dashboards.dashboard(try await context.tenantAccess(), id: arguments.id)
    }

    func dashboards(_ arguments: QueryDashboardsArguments, context: RequestContext,
                    selection: FieldSelection) async throws -> Connection<Dashboard> {
        Connection(try await context.services.dashboards.dashboards(try await context.tenantAccess(), first: arguments.first,
                                                                    after: arguments.after))
    }

    func incidentMetrics(_ arguments: QueryIncidentMetricsArguments, context: RequestContext,
                         selection: FieldSelection) async throws -> WidgetData {
        try await context.services.dashboards.metrics(try await context.tenantAccess(), query: Self.query(arguments.query),
                                                      range: Self.range(arguments.timeRange), timeZone: arguments.timeZone)
    }

    func createDashboard(_ arguments: MutationCreateDashboardArguments, context: RequestContext,
                         selection: FieldSelection) async throws -> Dashboard {
        let input = arguments.input
        return try await context.services.dashboards.create(try await context.tenantAccess(), name: input.name, description: input.description,
                                                            timeRange: input.timeRange.map(Self.range), timeZone: input.timeZone)
    }

    func updateDashboard(_ arguments: MutationUpdateDashboardArguments, context: RequestContext,
                         selection: FieldSelection) async throws -> Dashboard {
        let input = arguments.input
        return try await context.services.dashboards.update(try await context.tenantAccess(), id: arguments.id, name: input.name,
                                                            description: input.description, timeRange: input.timeRange.map(Self.range),
                                                            timeZone: input.timeZone)
    }

    func deleteDashboard(_ arguments: MutationDeleteDashboardArguments, context: RequestContext,
                         selection: FieldSelection) async throws -> Bool {
        try await context.services.dashboards.delete(try await context.tenantAccess(), id: arguments.id)
    }

    func duplicateDashboard(_ arguments: MutationDuplicateDashboardArguments, context: RequestContext,
                            selection: FieldSelection) async throws -> Dashboard {
        try await context.services.dashboards.duplicate(try await context.tenantAccess(), id: arguments.id, name: arguments.name)
    }

    func addWidget(_ arguments: MutationAddWidgetArguments, context: RequestContext, selection: FieldSelection) async throws -> Widget {
        let input = arguments.input
        return try await context.services.dashboards.addWidget(try await context.tenantAccess(), dashboard: arguments.dashboardId,
                                                               title: input.title, kind: input.kind, layout: Self.layout(input.layout),
                                                               query: Self.query(input.query))
    }

    func updateWidget(_ arguments: MutationUpdateWidgetArguments, context: RequestContext, selection: FieldSelection) async throws -> Widget {
        let input = arguments.input
        return try await context.services.dashboards.updateWidget(try await context.tenantAccess(), id: arguments.id, title: input.title,
                                                                  kind: input.kind, layout: input.layout.map(Self.layout),
                                                                  query: input.query.map(Self.query))
    }

    func removeWidget(_ arguments: MutationRemoveWidgetArguments, context: RequestContext, selection: FieldSelection) async throws -> Bool {
        try await context.services.dashboards.removeWidget(try await context.tenantAccess(), id: arguments.id)
    }

    func exportIncidents(_ arguments: MutationExportIncidentsArguments, context: RequestContext,
                         selection: FieldSelection) async throws -> ExportLink {
        try await context.services.exports.exportIncidents(try await context.tenantAccess(), format: arguments.format,
                                                           filter: Self.filter(arguments.filter),
                                                           range: arguments.timeRange.map(Self.range), baseURL: context.baseURL)
    }

    func exportAuditLog(_ arguments: MutationExportAuditLogArguments, context: RequestContext,
                        selection: FieldSelection) async throws -> ExportLink {
        try await context.services.exports.exportAuditLog(try await context.tenantAccess(), format: arguments.format,
                                                          range: arguments.timeRange.map(Self.range), baseURL: context.baseURL)
    }

    func dashboardUpdates(_ arguments: SubscriptionDashboardUpdatesArguments, context: RequestContext,
                          selection: FieldSelection) async throws -> AsyncThrowingStream<DashboardUpdate, any Error> {
        Self.relay(try await context.services.dashboards.updates(try await context.tenantAccess(), dashboard: arguments.id))
    }

    // MARK: Dashboard, Widget

    func createdBy(of parents: [Dashboard], context: RequestContext, selection: FieldSelection) async throws -> [User?] {
        try await Self.users(parents.map(\.createdBy), context)
    }

    func data(of parent: Widget, _ arguments: WidgetDataArguments, context: RequestContext,
              selection: FieldSelection) async throws -> WidgetData {
        try await context.services.dashboards.data(try await context.tenantAccess(), widget: parent,
                                                   range: arguments.timeRange.map(Self.range))
    }

    private static func range(_ input: TimeRangeInput) -> TimeRangeSpec {
        TimeRangeSpec(from: input.from, to: input.to)
    }

    private static func layout(_ input: WidgetLayoutInput) -> WidgetLayout {
        WidgetLayout(x: input.x, y: input.y, w: input.w, h: input.h)
    }

    private static func query(_ input: MetricQueryInput) -> MetricQuery {
        MetricQuery(metric: input.metric, groupBy: input.groupBy ?? [], bucket: input.bucket, filter: Self.filter(input.filter))
    }
}

/// The filter's assignee under the name the schema gives it (`MetricFilter.assigneeId`).
extension IncidentFilter {
    var assigneeId: UserID? { assigneeID }
}
