/// What dashboards, metrics and exports need from persistence. Every read and write names its
/// tenant; every change is one transaction with its audit entry.
public protocol DashboardStore: Sendable {
    /// With its widgets (each carrying the dashboard's range and time zone).
    func dashboard(tenant: TenantID, id: DashboardID) async throws -> Dashboard?
    /// By name, then id.
    func dashboards(tenant: TenantID, first: Int, after: String?) async throws -> Page<Dashboard>
    /// Stores the dashboard and its widgets.
    func insertDashboard(_ dashboard: Dashboard, audit: AuditEntry) async throws
    /// Writes name, description, range and time zone; nil when there is no such dashboard.
    func updateDashboard(_ dashboard: Dashboard, audit: AuditEntry) async throws -> Dashboard?
    /// Deletes the dashboard and its widgets; false when there was none.
    func deleteDashboard(tenant: TenantID, id: DashboardID, audit: AuditEntry) async throws -> Bool

    func widget(tenant: TenantID, id: WidgetID) async throws -> Widget?
    /// Inserts or replaces `widget` after `check` accepted the dashboard's other widgets, both
    /// within one transaction that holds the dashboard, so concurrent edits cannot overlap two
    /// widgets. Nil when the dashboard does not exist.
    func saveWidget(_ widget: Widget, at: Timestamp, audit: AuditEntry,
                    check: @escaping @Sendable ([Widget]) throws -> Void) async throws -> Widget?
    func deleteWidget(tenant: TenantID, id: WidgetID, at: Timestamp, audit: AuditEntry) async throws -> Bool

    /// Computes a metric in one SQL statement, never loading incidents or documents.
    func measure(_ request: MetricRequest) async throws -> MetricMeasurement

    /// Stores a rendered export under the SHA-256 of its token; deletes expired ones.
    func insertExport(_ export: StoredExport, tokenHash: String, audit: AuditEntry) async throws
    /// The export with this token hash, if it has not expired at `now`.
    func export(tokenHash: String, now: Timestamp) async throws -> StoredExport?
    /// Incidents reported in the range (all when nil) that match the filter, oldest first, a page
    /// at a time from after `number`.
    func exportIncidents(tenant: TenantID, filter: IncidentFilter, range: TimeRange?, afterNumber: Int, limit: Int) async throws -> [Incident]
    /// Audit entries in the range (all when nil), oldest first, after (`at`, `id`).
    func exportAuditEntries(tenant: TenantID, range: TimeRange?, after: (Timestamp, AuditEntryID)?, limit: Int) async throws -> [AuditEntry]
}
