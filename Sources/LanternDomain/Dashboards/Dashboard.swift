public typealias DashboardID = EntityID<Dashboard>
public typealias WidgetID = EntityID<Widget>

/// A named set of widgets over one tenant's metrics, shown over `timeRange` with buckets in
/// `timeZone` (UTC when nil).
public struct Dashboard: Sendable, Hashable {
    public var id: DashboardID
    public var tenantID: TenantID
    public var name: String
    public var description: String
    public var timeRange: TimeRangeSpec
    /// An IANA name, checked when set.
    public var timeZone: String?
    /// Top to bottom, then left to right.
    public var widgets: [Widget]
    /// Nil when an API key created it, and for the default dashboard a new tenant starts with.
    public var createdBy: UserID?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(id: DashboardID, tenantID: TenantID, name: String, description: String, timeRange: TimeRangeSpec,
                timeZone: String?, widgets: [Widget], createdBy: UserID?, createdAt: Timestamp, updatedAt: Timestamp) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.description = description
        self.timeRange = timeRange
        self.timeZone = timeZone
        self.widgets = widgets
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public enum WidgetKind: String, Sendable, CaseIterable, Hashable {
    case stat = "STAT"
    case timeseries = "TIMESERIES"
    case bar = "BAR"
    case table = "TABLE"
}

public struct Widget: Sendable, Hashable {
    public var id: WidgetID
    public var dashboardID: DashboardID
    public var tenantID: TenantID
    public var title: String
    public var kind: WidgetKind
    public var layout: WidgetLayout
    public var query: MetricQuery
    /// The range and time zone of its dashboard, which its data is computed over by default.
    public var dashboardRange: TimeRangeSpec
    public var dashboardTimeZone: String?

    public init(id: WidgetID, dashboardID: DashboardID, tenantID: TenantID, title: String, kind: WidgetKind,
                layout: WidgetLayout, query: MetricQuery, dashboardRange: TimeRangeSpec, dashboardTimeZone: String?) {
        self.id = id
        self.dashboardID = dashboardID
        self.tenantID = tenantID
        self.title = title
        self.kind = kind
        self.layout = layout
        self.query = query
        self.dashboardRange = dashboardRange
        self.dashboardTimeZone = dashboardTimeZone
    }
}

/// A rectangle on a dashboard's grid of 24 columns (rows are unbounded).
public struct WidgetLayout: Sendable, Hashable {
    public static let columns = 24

    public var x: Int
    public var y: Int
    public var w: Int
    public var h: Int

    public init(x: Int, y: Int, w: Int, h: Int) {
        self.x = x
        self.y = y
        self.w = w
        self.h = h
    }

    /// Throws BAD_USER_INPUT, naming the rule broken, unless the rectangle lies on the grid.
    public func validated() throws(DomainError) -> WidgetLayout {
        guard x >= 0, y >= 0 else { throw .badInput("`layout.x` and `layout.y` must be 0 or more; got x \(x), y \(y).") }
        guard w >= 1, h >= 1 else { throw .badInput("`layout.w` and `layout.h` must be 1 or more; got w \(w), h \(h).") }
        guard x <= Self.columns - w else {
            throw .badInput("`layout.x + layout.w` must be at most \(Self.columns) (the grid's columns); got \(x) + \(w).")
        }
        guard y <= 10_000 - h else { throw .badInput("`layout.y + layout.h` must be at most 10000.") }
        return self
    }

    /// Whether the two rectangles share a cell (touching edges do not).
    public func overlaps(_ other: WidgetLayout) -> Bool {
        x < other.x + other.w && other.x < x + w && y < other.y + other.h && other.y < y + h
    }

    /// Throws BAD_USER_INPUT naming the widget this one would overlap.
    public func checkFree(among widgets: [Widget], except excluded: WidgetID? = nil) throws(DomainError) {
        if let taken = widgets.first(where: { $0.id != excluded && $0.layout.overlaps(self) }) {
            throw .badInput("The layout (x \(x), y \(y), w \(w), h \(h)) overlaps widget '\(taken.title)' at "
                + "(x \(taken.layout.x), y \(taken.layout.y), w \(taken.layout.w), h \(taken.layout.h)).")
        }
    }
}
