import Foundation
import LanternDomain
import SQLKit

/// Dashboard and widget rows, and the JSON a widget's metric query is stored as.
enum DashboardRows {
    static func dashboard(_ row: any SQLRow, widgets: [Widget]) throws -> Dashboard {
        Dashboard(id: DashboardID(try row.decode(column: "id", as: String.self)),
                  tenantID: TenantID(try row.decode(column: "tenant_id", as: String.self)),
                  name: try row.decode(column: "name", as: String.self),
                  description: try row.decode(column: "description", as: String.self),
                  timeRange: TimeRangeSpec(from: try row.decode(column: "range_from", as: String.self),
                                           to: try row.decode(column: "range_to", as: String.self)),
                  timeZone: try row.decode(column: "time_zone", as: String?.self),
                  widgets: widgets,
                  createdBy: try row.decode(column: "created_by", as: String?.self).map(UserID.init(_:)),
                  createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int.self)),
                  updatedAt: Timestamp(milliseconds: try row.decode(column: "updated_at", as: Int.self)))
    }

    /// A widget row joined with its dashboard's `range_from`, `range_to` and `time_zone`.
    static func widget(_ row: any SQLRow) throws -> Widget {
        let kind = try row.decode(column: "kind", as: String.self)
        guard let widgetKind = WidgetKind(rawValue: kind) else { throw StoreError.corrupt("widget kind \(kind)") }
        return Widget(id: WidgetID(try row.decode(column: "id", as: String.self)),
                      dashboardID: DashboardID(try row.decode(column: "dashboard_id", as: String.self)),
                      tenantID: TenantID(try row.decode(column: "tenant_id", as: String.self)),
                      title: try row.decode(column: "title", as: String.self), kind: widgetKind,
                      layout: WidgetLayout(x: try row.decode(column: "x", as: Int.self), y: try row.decode(column: "y", as: Int.self),
                                           w: try row.decode(column: "w", as: Int.self), h: try row.decode(column: "h", as: Int.self)),
                      query: try query(try row.decode(column: "query", as: String.self)),
                      dashboardRange: TimeRangeSpec(from: try row.decode(column: "range_from", as: String.self),
                                                    to: try row.decode(column: "range_to", as: String.self)),
                      dashboardTimeZone: try row.decode(column: "time_zone", as: String?.self))
    }

    private struct StoredQuery: Codable {
        struct Filter: Codable {
            var status: String?
            var severity: String?
            var assigneeId: String?
            var tag: String?
        }
        var metric: String
        var groupBy: [String]?
        var bucket: String?
        var filter: Filter?
    }

    static func json(_ query: MetricQuery) throws -> String {
        let stored = StoredQuery(metric: query.metric.rawValue, groupBy: query.groupBy.map(\.rawValue), bucket: query.bucket?.rawValue,
                                 filter: StoredQuery.Filter(status: query.filter.status?.rawValue, severity: query.filter.severity?.rawValue,
                                                            assigneeId: query.filter.assigneeID?.rawValue, tag: query.filter.tag))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(stored), as: UTF8.self)
    }

    static func query(_ json: String) throws -> MetricQuery {
        let stored = try JSONDecoder().decode(StoredQuery.self, from: Data(json.utf8))
        func value<T: RawRepresentable<String>>(_ raw: String?) throws -> T? {
            guard let raw else { return nil }
            guard let value = T(rawValue: raw) else { throw StoreError.corrupt("metric query value \(raw)") }
            return value
        }
        guard let metric: Metric = try value(stored.metric) else { throw StoreError.corrupt("metric query") }
        return MetricQuery(metric: metric, groupBy: try (stored.groupBy ?? []).map { raw in
                               guard let dimension = MetricDimension(rawValue: raw) else { throw StoreError.corrupt("dimension \(raw)") }
                               return dimension
                           },
                           bucket: try value(stored.bucket),
                           filter: IncidentFilter(status: try value(stored.filter?.status), severity: try value(stored.filter?.severity),
                                                  assigneeID: stored.filter?.assigneeId.map(UserID.init(_:)), tag: stored.filter?.tag))
    }
}
