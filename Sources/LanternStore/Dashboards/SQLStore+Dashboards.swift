import Foundation
import LanternDomain
import SQLKit

/// Dashboards and widgets. A widget change first touches its dashboard's row, which holds the
/// dashboard until the transaction ends (a row lock on PostgreSQL; SQLite runs one transaction
/// at a time), so two concurrent edits cannot both pass the overlap check.
extension SQLStore: DashboardStore {
    private static let widgetColumns: SQLQueryString = "w.*, d.range_from, d.range_to, d.time_zone"

    public func dashboard(tenant: TenantID, id: DashboardID) async throws -> Dashboard? {
        try await database.read { db in
            guard let row = try await db.raw("""
                SELECT * FROM dashboards WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue)
                """).first() else { return nil }
            let widgets = try await Self.widgets(tenant: tenant, dashboards: [id.rawValue], db)
            return try DashboardRows.dashboard(row, widgets: widgets[id] ?? [])
        }
    }

    public func dashboards(tenant: TenantID, first: Int, after: String?) async throws -> Page<Dashboard> {
        let first = min(max(first, 0), Paging.maximumSize)
        var paged: SQLQueryString = "tenant_id = \(bind: tenant.rawValue)"
        if let after {
            guard let parts = Cursor.decode(after, kind: "dashboard", parts: 2),
                  let data = Data(base64Encoded: parts[0]), let name = String(data: data, encoding: .utf8) else { throw Cursor.invalid }
            paged = paged + " AND (name > \(bind: name) OR (name = \(bind: name) AND id > \(bind: parts[1])))"
        }
        let condition = paged
        return try await database.read { db in
            let total = try await db.raw("SELECT COUNT(*) AS total FROM dashboards WHERE tenant_id = \(bind: tenant.rawValue)").first()?
                .decode(column: "total", as: Int.self) ?? 0
            let rows = try await db.raw("SELECT * FROM dashboards WHERE \(condition) ORDER BY name, id LIMIT \(literal: first + 1)").all()
            let shown = Array(rows.prefix(first))
            let ids = try shown.map { try $0.decode(column: "id", as: String.self) }
            let widgets = try await Self.widgets(tenant: tenant, dashboards: ids, db)
            let items = try shown.map { row in
                try DashboardRows.dashboard(row, widgets: widgets[DashboardID(try row.decode(column: "id", as: String.self))] ?? [])
            }
            return Page(items: items, cursors: items.map { Cursor.encode(kind: "dashboard", [Data($0.name.utf8).base64EncodedString(), $0.id.rawValue]) },
                        hasNextPage: rows.count > first, hasPreviousPage: after != nil, totalCount: total)
        }
    }

    public func insertDashboard(_ dashboard: Dashboard, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await Self.insertDashboard(dashboard, db)
            try await Self.insertAudit(audit, db)
        }
    }

    public func updateDashboard(_ dashboard: Dashboard, audit: AuditEntry) async throws -> Dashboard? {
        let tenant = dashboard.tenantID
        return try await database.transaction { db in
            let updated = try await db.raw("""
                UPDATE dashboards SET name = \(bind: dashboard.name), description = \(bind: dashboard.description),
                    range_from = \(bind: dashboard.timeRange.from), range_to = \(bind: dashboard.timeRange.to),
                    time_zone = \(bind: dashboard.timeZone), updated_at = \(bind: dashboard.updatedAt.milliseconds)
                WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: dashboard.id.rawValue)
                RETURNING *
                """).first()
            guard let updated else { return nil }
            try await Self.insertAudit(audit, db)
            let widgets = try await Self.widgets(tenant: tenant, dashboards: [dashboard.id.rawValue], db)
            return try DashboardRows.dashboard(updated, widgets: widgets[dashboard.id] ?? [])
        }
    }

    public func deleteDashboard(tenant: TenantID, id: DashboardID, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { db in
            try await db.raw("DELETE FROM widgets WHERE tenant_id = \(bind: tenant.rawValue) AND dashboard_id = \(bind: id.rawValue)").run()
            let deleted = try await db.raw("""
                DELETE FROM dashboards WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue) RETURNING id
                """).all()
            guard !deleted.isEmpty else { return false }
            try await Self.insertAudit(audit, db)
            return true
        }
    }

    public func widget(tenant: TenantID, id: WidgetID) async throws -> Widget? {
        try await database.read { db in
            try await db.raw("""
                SELECT \(Self.widgetColumns) FROM widgets w JOIN dashboards d ON d.id = w.dashboard_id
                WHERE w.tenant_id = \(bind: tenant.rawValue) AND w.id = \(bind: id.rawValue)
                """).first().map(DashboardRows.widget)
        }
    }

    public func saveWidget(_ widget: Widget, at now: Timestamp, audit: AuditEntry,
                           check: @escaping @Sendable ([Widget]) throws -> Void) async throws -> Widget? {
        let tenant = widget.tenantID
        return try await database.transaction { db in
            let held = try await db.raw("""
                UPDATE dashboards SET updated_at = \(bind: now.milliseconds)
                WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: widget.dashboardID.rawValue)
                RETURNING range_from, range_to, time_zone
                """).first()
            guard let held else { return nil }
            let others = try await Self.widgets(tenant: tenant, dashboards: [widget.dashboardID.rawValue], db)[widget.dashboardID] ?? []
            try check(others)
            let query = try DashboardRows.json(widget.query)
            if others.contains(where: { $0.id == widget.id }) {
                try await db.raw("""
                    UPDATE widgets SET title = \(bind: widget.title), kind = \(bind: widget.kind.rawValue), x = \(bind: widget.layout.x),
                        y = \(bind: widget.layout.y), w = \(bind: widget.layout.w), h = \(bind: widget.layout.h), query = \(bind: query),
                        updated_at = \(bind: now.milliseconds)
                    WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: widget.id.rawValue)
                    """).run()
            } else {
                try await Self.insertWidget(widget, at: now, db)
            }
            try await Self.insertAudit(audit, db)
            var saved = widget
            saved.dashboardRange = TimeRangeSpec(from: try held.decode(column: "range_from", as: String.self),
                                                 to: try held.decode(column: "range_to", as: String.self))
            saved.dashboardTimeZone = try held.decode(column: "time_zone", as: String?.self)
            return saved
        }
    }

    public func deleteWidget(tenant: TenantID, id: WidgetID, at: Timestamp, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { db in
            let deleted = try await db.raw("""
                DELETE FROM widgets WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue) RETURNING dashboard_id
                """).first()
            guard let deleted else { return false }
            try await db.raw("""
                UPDATE dashboards SET updated_at = \(bind: at.milliseconds)
                WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: try deleted.decode(column: "dashboard_id", as: String.self))
                """).run()
            try await Self.insertAudit(audit, db)
            return true
        }
    }

    // MARK: Shared

    static func insertDashboard(_ dashboard: Dashboard, _ db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO dashboards (id, tenant_id, name, description, range_from, range_to, time_zone, created_by, created_at, updated_at)
            VALUES (\(bind: dashboard.id.rawValue), \(bind: dashboard.tenantID.rawValue), \(bind: dashboard.name),
                    \(bind: dashboard.description), \(bind: dashboard.timeRange.from), \(bind: dashboard.timeRange.to),
                    \(bind: dashboard.timeZone), \(bind: dashboard.createdBy?.rawValue), \(bind: dashboard.createdAt.milliseconds),
                    \(bind: dashboard.updatedAt.milliseconds))
            """).run()
        for widget in dashboard.widgets { try await insertWidget(widget, at: dashboard.createdAt, db) }
    }

    private static func insertWidget(_ widget: Widget, at now: Timestamp, _ db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO widgets (id, tenant_id, dashboard_id, title, kind, x, y, w, h, query, created_at, updated_at)
            VALUES (\(bind: widget.id.rawValue), \(bind: widget.tenantID.rawValue), \(bind: widget.dashboardID.rawValue),
                    \(bind: widget.title), \(bind: widget.kind.rawValue), \(bind: widget.layout.x), \(bind: widget.layout.y),
                    \(bind: widget.layout.w), \(bind: widget.layout.h), \(bind: try DashboardRows.json(widget.query)),
                    \(bind: now.milliseconds), \(bind: now.milliseconds))
            """).run()
    }

    /// The widgets of each dashboard, top to bottom then left to right.
    private static func widgets(tenant: TenantID, dashboards ids: [String], _ db: any SQLDatabase) async throws -> [DashboardID: [Widget]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.raw("""
            SELECT \(widgetColumns) FROM widgets w JOIN dashboards d ON d.id = w.dashboard_id
            WHERE w.tenant_id = \(bind: tenant.rawValue) AND w.dashboard_id IN (\(binds: ids))
            ORDER BY w.y, w.x, w.id
            """).all()
        return Dictionary(grouping: try rows.map(DashboardRows.widget), by: \.dashboardID)
    }
}
