extension Dashboard {
    /// The dashboard every tenant starts with (migration 0006 gives the same one to tenants that
    /// existed before): open incidents, MTTA and MTTR (each with the previous period) and
    /// incidents by severity per day, over the last 7 days.
    public static func incidentOverview(tenant: TenantID, at now: Timestamp) -> Dashboard {
        let id = DashboardID.generate()
        func widget(_ title: String, _ kind: WidgetKind, _ layout: WidgetLayout, _ query: MetricQuery) -> Widget {
            Widget(id: .generate(), dashboardID: id, tenantID: tenant, title: title, kind: kind, layout: layout, query: query,
                   dashboardRange: .lastSevenDays, dashboardTimeZone: nil)
        }
        return Dashboard(
            id: id, tenantID: tenant, name: "Incident overview",
            description: "Open incidents, incidents by severity per day, and how fast they are acknowledged and resolved.",
            timeRange: .lastSevenDays, timeZone: nil,
            widgets: [
                widget("Open incidents", .stat, WidgetLayout(x: 0, y: 0, w: 8, h: 4), MetricQuery(metric: .openIncidents)),
                widget("Mean time to acknowledge", .stat, WidgetLayout(x: 8, y: 0, w: 8, h: 4), MetricQuery(metric: .mtta)),
                widget("Mean time to resolve", .stat, WidgetLayout(x: 16, y: 0, w: 8, h: 4), MetricQuery(metric: .mttr)),
                widget("Incidents by severity per day", .timeseries, WidgetLayout(x: 0, y: 4, w: 24, h: 8),
                       MetricQuery(metric: .incidentCount, groupBy: [.severity], bucket: .day)),
            ],
            createdBy: nil, createdAt: now, updatedAt: now)
    }
}
