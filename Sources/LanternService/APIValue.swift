import LanternDomain
import LanternExecution

/// Every value the API's resolvers pass around: domain entities as they are, so a stored field
/// is read synchronously from the entity, and leaves as JSON.
public indirect enum APIValue: Sendable {
    case null
    case root
    case leaf(JSONValue)
    case list([APIValue])
    case user(User)
    case tenant(Tenant)
    case membership(Membership)
    case auth(AuthResult)
    case apiKey(APIKey)
    case createdAPIKey(CreatedAPIKey)
    case incident(Incident)
    case timelineEntry(TimelineEntry)
    case event(IncidentEvent)
    case auditEntry(AuditEntry)
    case connection(Connection)
    case edge(cursor: String, node: APIValue)
    case pageInfo(Connection)
    case rateLimit(CostBudgets.Standing)

    static func string(_ value: String) -> APIValue { .leaf(.string(value)) }
    static func optionalString(_ value: String?) -> APIValue { value.map { .leaf(.string($0)) } ?? .null }
    static func time(_ value: Timestamp) -> APIValue { .leaf(.string(value.rfc3339)) }
    static func optionalTime(_ value: Timestamp?) -> APIValue { value.map(time) ?? .null }
}

/// A Relay connection: nodes with their cursors, and what the page knows of its neighbours.
public struct Connection: Sendable {
    var nodes: [APIValue]
    var cursors: [String]
    var hasNextPage: Bool
    var hasPreviousPage: Bool
    var totalCount: Int

    init<Item>(_ page: Page<Item>, node: (Item) -> APIValue) {
        nodes = page.items.map(node)
        cursors = page.cursors
        hasNextPage = page.hasNextPage
        hasPreviousPage = page.hasPreviousPage
        totalCount = page.totalCount
    }
}
