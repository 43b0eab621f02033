/// A widget's numbers over a range: the total, the total of the range before, and the series or
/// rows its kind shows.
public struct WidgetData: Sendable, Hashable {
    public var from: Timestamp
    public var to: Timestamp
    public var value: Double?
    public var previousValue: Double?
    public var series: [MetricSeries]
    public var rows: [MetricRow]

    public init(from: Timestamp, to: Timestamp, value: Double?, previousValue: Double?, series: [MetricSeries], rows: [MetricRow]) {
        self.from = from
        self.to = to
        self.value = value
        self.previousValue = previousValue
        self.series = series
        self.rows = rows
    }
}

public struct MetricSeries: Sendable, Hashable {
    /// The keys joined with `/` (a missing key as `none`); nil without `groupBy`.
    public var key: String?
    public var keys: [String?]
    public var points: [MetricPoint]

    public init(key: String?, keys: [String?], points: [MetricPoint]) {
        self.key = key
        self.keys = keys
        self.points = points
    }
}

public struct MetricPoint: Sendable, Hashable {
    public var t: Timestamp
    public var v: Double?

    public init(t: Timestamp, v: Double?) {
        self.t = t
        self.v = v
    }
}

public struct MetricRow: Sendable, Hashable {
    public var keys: [String?]
    public var value: Double?

    public init(keys: [String?], value: Double?) {
        self.keys = keys
        self.value = value
    }
}

/// What a metric is computed over: the range, the one before it, and the slices to group by
/// (the buckets of a time series, or the whole range for rows; none for a single number).
public struct MetricRequest: Sendable, Hashable {
    public var tenant: TenantID
    public var query: MetricQuery
    public var range: TimeRange
    public var slices: [TimeRange]

    public init(tenant: TenantID, query: MetricQuery, range: TimeRange, slices: [TimeRange]) {
        self.tenant = tenant
        self.query = query
        self.range = range
        self.slices = slices
    }
}

/// The store's answer to a `MetricRequest`: the metric over the range and the one before, and
/// over each (slice, group) that has something to measure.
public struct MetricMeasurement: Sendable, Hashable {
    public struct Group: Sendable, Hashable {
        /// An index into `MetricRequest.slices`.
        public var slice: Int
        public var keys: [String?]
        public var value: Double?

        public init(slice: Int, keys: [String?], value: Double?) {
            self.slice = slice
            self.keys = keys
            self.value = value
        }
    }

    public var value: Double?
    public var previousValue: Double?
    public var groups: [Group]

    public init(value: Double?, previousValue: Double?, groups: [Group]) {
        self.value = value
        self.previousValue = previousValue
        self.groups = groups
    }
}

extension WidgetData {
    /// Series for a time series (every bucket of every group present: 0 for counts, null for
    /// durations where nothing was measured), rows otherwise.
    init(_ measurement: MetricMeasurement, metric: Metric, range: TimeRange, kind: WidgetKind,
         buckets: [TimeBucketSlot], grouped: Bool) {
        let empty: Double? = metric.isCount ? 0 : nil
        let value = measurement.value ?? empty
        let previous = measurement.previousValue ?? empty
        var series: [MetricSeries] = [], rows: [MetricRow] = []
        switch kind {
        case .stat:
            break
        case .timeseries:
            var byKeys: [[String?]: [Int: Double?]] = [:]
            for group in measurement.groups { byKeys[group.keys, default: [:]][group.slice] = group.value }
            if byKeys.isEmpty && !grouped { byKeys[[]] = [:] }
            for keys in byKeys.keys.sorted(by: Self.ordered) {
                let values = byKeys[keys] ?? [:]
                let points = buckets.indices.map { index in MetricPoint(t: buckets[index].start, v: values[index] ?? empty) }
                series.append(MetricSeries(key: grouped ? keys.map { $0 ?? "none" }.joined(separator: "/") : nil, keys: keys, points: points))
            }
        case .bar, .table:
            rows = measurement.groups.filter { $0.slice == 0 }.sorted { Self.ordered($0.keys, $1.keys) }
                .map { MetricRow(keys: $0.keys, value: $0.value ?? empty) }
            if rows.isEmpty && !grouped { rows = [MetricRow(keys: [], value: value)] }
        }
        self.init(from: range.from, to: range.to, value: value, previousValue: previous, series: series, rows: rows)
    }

    /// Keys in a stable order: missing keys last, then by text.
    static func ordered(_ a: [String?], _ b: [String?]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            switch (x, y) {
            case (nil, _): return false
            case (_, nil): return true
            case let (x?, y?): return x < y
            }
        }
        return a.count < b.count
    }
}
