import Foundation
import LanternDomain
import SQLKit

/// Metrics in one SQL statement per request, over indexes led by `(tenant_id, created_at)`: the
/// value over the range (part 0), over the range before (part 1), and per slice and group
/// (part 2, slices given as JSON instants so buckets can follow any time zone's calendar). For
/// incidents, `incidents_for_metrics` also holds every column a metric measures, filters or
/// groups on (tags aside), so the rows are read from the index alone.
/// Medians are exact: `percentile_cont(0.5)` on PostgreSQL; on SQLite the mean of the one or
/// two middle rows by `ROW_NUMBER()`, which is the same number.
extension SQLStore {
    public func measure(_ request: MetricRequest) async throws -> MetricMeasurement {
        let metric = MetricSQL(request.query, tenant: request.tenant)
        let facts = metric.facts(request)
        let aggregate: SQLQueryString
        switch request.query.metric {
        case .incidentCount, .openIncidents, .documentCount:
            aggregate = "SELECT part, n, k0, k1, CAST(COUNT(*) AS DOUBLE PRECISION) AS v FROM (\(facts)) facts GROUP BY part, n, k0, k1"
        case .mtta, .mttr:
            aggregate = "SELECT part, n, k0, k1, CAST(AVG(d) AS DOUBLE PRECISION) / 1000 AS v FROM (\(facts)) facts GROUP BY part, n, k0, k1"
        case .ttaP50, .ttrP50:
            switch database.dialect {
            case .postgres:
                aggregate = """
                    SELECT part, n, k0, k1, CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS DOUBLE PRECISION) / 1000 AS v
                    FROM (\(facts)) facts GROUP BY part, n, k0, k1
                    """
            case .sqlite:
                aggregate = """
                    SELECT part, n, k0, k1, CAST(AVG(d) AS DOUBLE PRECISION) / 1000 AS v FROM (
                        SELECT part, n, k0, k1, d,
                               ROW_NUMBER() OVER (PARTITION BY part, n, k0, k1 ORDER BY d) AS rn,
                               COUNT(*) OVER (PARTITION BY part, n, k0, k1) AS c
                        FROM (\(facts)) facts
                    ) ranked
                    WHERE rn * 2 IN (c, c + 1, c + 2)
                    GROUP BY part, n, k0, k1
                    """
            }
        }
        let statement: SQLQueryString = request.slices.isEmpty
            ? aggregate
            : "WITH slices (n, s, e) AS \(slicesMaterialized)(\(slices(request.slices))) " + aggregate
        let dimensions = request.query.groupBy.count
        let read: @Sendable (any SQLDatabase) async throws -> MetricMeasurement = { db in
            var measurement = MetricMeasurement(value: nil, previousValue: nil, groups: [])
            for row in try await db.raw(statement).all() {
                let value = try row.decode(column: "v", as: Double?.self)
                switch try row.decode(column: "part", as: Int.self) {
                case 0: measurement.value = value
                case 1: measurement.previousValue = value
                default:
                    let keys = try [row.decode(column: "k0", as: String?.self), row.decode(column: "k1", as: String?.self)]
                    measurement.groups.append(.init(slice: try row.decode(column: "n", as: Int.self), keys: Array(keys.prefix(dimensions)),
                                                    value: value))
                }
            }
            return measurement
        }
        guard database.dialect == .postgres else { return try await database.read(read) }
        return try await database.transaction { db in
            // The planner cannot see how few slices the JSON holds (it assumes 100) and so
            // overestimates the join a hundredfold: past `jit_above_cost`, with parallel workers.
            // For a few thousand rows both cost more than the query (measured: 48–100 ms with
            // them, 6–13 ms without, `Benchmarks/dashboards`).
            try await db.raw("SET LOCAL jit = off").run()
            try await db.raw("SET LOCAL max_parallel_workers_per_gather = 0").run()
            return try await read(db)
        }
    }

    /// SQLite inlines a CTE used once and, without statistics (the server never runs `ANALYZE`),
    /// may put `json_each` inside the loop over incidents: the JSON parsed again for every row.
    /// Materialized, the slices are parsed once. PostgreSQL plans the function scan well as is.
    private var slicesMaterialized: SQLQueryString {
        database.dialect == .sqlite ? "MATERIALIZED " : ""
    }

    /// The slices as a table `(n, s, e)` read from one bound JSON array of `[start, end]` pairs.
    private func slices(_ slices: [TimeRange]) -> SQLQueryString {
        let json = "[" + slices.map { "[\($0.from.milliseconds),\($0.to.milliseconds)]" }.joined(separator: ",") + "]"
        switch database.dialect {
        case .sqlite:
            return """
                SELECT CAST(key AS BIGINT), json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(\(bind: json))
                """
        case .postgres:
            return """
                SELECT CAST(ord - 1 AS BIGINT), CAST(v ->> 0 AS BIGINT), CAST(v ->> 1 AS BIGINT)
                FROM jsonb_array_elements(CAST(\(bind: json) AS jsonb)) WITH ORDINALITY AS x (v, ord)
                """
        }
    }
}

/// The pieces of a metric's SQL: its table, the measured value, the rows it counts, the
/// dimensions as columns.
private struct MetricSQL {
    let query: MetricQuery
    let tenant: TenantID

    init(_ query: MetricQuery, tenant: TenantID) {
        self.query = query
        self.tenant = tenant
    }

    private var isDocuments: Bool { query.metric == .documentCount }

    private var table: SQLQueryString { isDocuments ? "documents i" : "incidents i" }

    /// Milliseconds for durations, 1 for counts.
    private var measure: SQLQueryString {
        switch query.metric {
        case .mtta, .ttaP50: "(i.first_acknowledged_at - i.created_at)"
        case .mttr, .ttrP50: "(i.resolved_at - i.created_at)"
        case .incidentCount, .openIncidents, .documentCount: "1"
        }
    }

    /// What every counted row satisfies beyond tenant and time.
    private var conditions: SQLQueryString {
        var conditions: [SQLQueryString] = []
        switch query.metric {
        case .openIncidents: conditions.append("i.status IN ('OPEN', 'ACKNOWLEDGED')")
        case .mtta, .ttaP50: conditions.append("i.first_acknowledged_at IS NOT NULL")
        case .mttr, .ttrP50: conditions.append("i.status = 'RESOLVED' AND i.resolved_at IS NOT NULL")
        case .incidentCount, .documentCount: break
        }
        if isDocuments {
            // DOCUMENT_COUNT filters only by tag (`MetricQuery.validated`).
            if let tag = query.filter.tag {
                conditions.append("i.id IN (SELECT document_id FROM document_tags WHERE tenant_id = \(bind: tenant.rawValue) AND tag = \(bind: tag))")
            }
        } else {
            conditions += SQLStore.conditions(query.filter, tenant: tenant, table: "i.")
        }
        return conditions.isEmpty ? "" : " AND " + conditions.joined(separator: " AND ")
    }

    private func column(_ dimension: MetricDimension) -> SQLQueryString {
        switch dimension {
        case .severity: "i.severity"
        case .status: "i.status"
        case .assignee: "i.assignee_id"
        case .tag: "t.tag"
        }
    }

    private var tagJoin: SQLQueryString {
        guard query.groupBy.contains(.tag) else { return "" }
        return isDocuments
            ? " LEFT JOIN document_tags t ON t.document_id = i.id AND t.tenant_id = i.tenant_id"
            : " LEFT JOIN incident_tags t ON t.incident_id = i.id AND t.tenant_id = i.tenant_id"
    }

    /// Rows `(part, n, k0, k1, d)`: one per counted row of the range and of the range before, and
    /// one per (slice, group) membership.
    func facts(_ request: MetricRequest) -> SQLQueryString {
        let range = request.range, previous = request.range.previous
        let keys = (0..<2).map { index -> SQLQueryString in
            index < query.groupBy.count ? "CAST(\(column(query.groupBy[index])) AS TEXT)" : "CAST(NULL AS TEXT)"
        }
        var facts: SQLQueryString = """
            SELECT CAST(0 AS BIGINT) AS part, CAST(0 AS BIGINT) AS n, CAST(NULL AS TEXT) AS k0, CAST(NULL AS TEXT) AS k1, \(measure) AS d
            FROM \(table)
            WHERE i.tenant_id = \(bind: tenant.rawValue) AND i.created_at >= \(bind: range.from.milliseconds)
                AND i.created_at < \(bind: range.to.milliseconds)\(conditions)
            UNION ALL
            SELECT CAST(1 AS BIGINT), CAST(0 AS BIGINT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), \(measure)
            FROM \(table)
            WHERE i.tenant_id = \(bind: tenant.rawValue) AND i.created_at >= \(bind: previous.from.milliseconds)
                AND i.created_at < \(bind: previous.to.milliseconds)\(conditions)
            """
        if let first = request.slices.map(\.from.milliseconds).min(), let last = request.slices.map(\.to.milliseconds).max() {
            // The bounds of all slices together let the index find the rows once, instead of
            // every row of the tenant being tried against every slice.
            facts = facts + """

                UNION ALL
                SELECT CAST(2 AS BIGINT), sl.n, \(keys[0]), \(keys[1]), \(measure)
                FROM slices sl JOIN \(table) ON i.tenant_id = \(bind: tenant.rawValue) AND i.created_at >= sl.s AND i.created_at < sl.e\(tagJoin)
                WHERE i.created_at >= \(bind: first) AND i.created_at < \(bind: last)\(conditions)
                """
        }
        return facts
    }
}
