/// What a widget measures, from a closed set: clients choose a metric, dimensions, a bucket and
/// an incident filter, and the store turns them into SQL it wrote itself.
public struct MetricQuery: Sendable, Hashable {
    public var metric: Metric
    public var groupBy: [MetricDimension]
    public var bucket: TimeBucket?
    public var filter: IncidentFilter

    public init(metric: Metric, groupBy: [MetricDimension] = [], bucket: TimeBucket? = nil, filter: IncidentFilter = IncidentFilter()) {
        self.metric = metric
        self.groupBy = groupBy
        self.bucket = bucket
        self.filter = filter
    }

    /// Throws BAD_USER_INPUT unless the query makes sense for a widget of `kind`.
    public func validated(for kind: WidgetKind?) throws(DomainError) -> MetricQuery {
        guard groupBy.count <= 2 else { throw .badInput("`groupBy` takes at most two dimensions.") }
        guard Set(groupBy).count == groupBy.count else { throw .badInput("`groupBy` names a dimension twice.") }
        if kind == .timeseries, bucket == nil { throw .badInput("A TIMESERIES widget needs `query.bucket` (HOUR, DAY or WEEK).") }
        if metric == .documentCount {
            guard groupBy.allSatisfy({ $0 == .tag }) else { throw .badInput("DOCUMENT_COUNT groups only by TAG.") }
            guard filter.status == nil, filter.severity == nil, filter.assigneeID == nil else {
                throw .badInput("DOCUMENT_COUNT filters only by `tag`.")
            }
        }
        var query = self
        if let tag = filter.tag { query.filter.tag = try InputRules.tags([tag]).first }
        return query
    }
}

public enum Metric: String, Sendable, CaseIterable, Hashable {
    case incidentCount = "INCIDENT_COUNT"
    case openIncidents = "OPEN_INCIDENTS"
    case mtta = "MTTA"
    case mttr = "MTTR"
    case ttaP50 = "TTA_P50"
    case ttrP50 = "TTR_P50"
    case documentCount = "DOCUMENT_COUNT"

    /// Counts are 0 over nothing; durations (seconds) are null over nothing.
    public var isCount: Bool {
        switch self {
        case .incidentCount, .openIncidents, .documentCount: true
        case .mtta, .mttr, .ttaP50, .ttrP50: false
        }
    }
}

public enum MetricDimension: String, Sendable, CaseIterable, Hashable {
    case severity = "SEVERITY"
    case status = "STATUS"
    case assignee = "ASSIGNEE"
    case tag = "TAG"
}

public enum TimeBucket: String, Sendable, CaseIterable, Hashable {
    case hour = "HOUR"
    case day = "DAY"
    case week = "WEEK"
}
