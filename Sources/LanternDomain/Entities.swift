/// A member's role in a tenant, from most to least privileged. The raw values are the GraphQL names.
public enum Role: String, Sendable, CaseIterable, Comparable {
    case owner = "OWNER", admin = "ADMIN", responder = "RESPONDER", viewer = "VIEWER"

    /// Higher is more privileged.
    public var rank: Int {
        switch self {
        case .owner: 3
        case .admin: 2
        case .responder: 1
        case .viewer: 0
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

public enum Severity: String, Sendable, CaseIterable, Comparable {
    case low = "LOW", medium = "MEDIUM", high = "HIGH", critical = "CRITICAL"

    public var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

public enum IncidentStatus: String, Sendable, CaseIterable {
    case open = "OPEN", acknowledged = "ACKNOWLEDGED", resolved = "RESOLVED"
}

/// What happened to an incident: the kind of a timeline entry and of a live event.
public enum IncidentEventKind: String, Sendable, CaseIterable {
    case reported = "REPORTED", acknowledged = "ACKNOWLEDGED", assigned = "ASSIGNED"
    case commented = "COMMENTED", resolved = "RESOLVED", reopened = "REOPENED"
    /// An escalation level fired (the system acted, not a user).
    case escalated = "ESCALATED"
}

/// How urgently an incident needs a person: LOW never escalates.
public enum Urgency: String, Sendable, CaseIterable {
    case high = "HIGH", low = "LOW"
}

public struct User: Sendable, Hashable {
    public var id: UserID
    public var email: String
    public var name: String
    public var createdAt: Timestamp

    public init(id: UserID, email: String, name: String, createdAt: Timestamp) {
        self.id = id
        self.email = email
        self.name = name
        self.createdAt = createdAt
    }
}

public struct Tenant: Sendable, Hashable {
    public var id: TenantID
    public var slug: String
    public var name: String
    public var createdAt: Timestamp
    /// Cost points per budget window for the tenant's operations; nil: the server's default.
    public var costBudget: Int?

    public init(id: TenantID, slug: String, name: String, createdAt: Timestamp, costBudget: Int? = nil) {
        self.id = id
        self.slug = slug
        self.name = name
        self.createdAt = createdAt
        self.costBudget = costBudget
    }
}

public struct Membership: Sendable, Hashable {
    public var id: MembershipID
    public var tenantID: TenantID
    public var userID: UserID
    public var role: Role
    public var createdAt: Timestamp

    public init(id: MembershipID, tenantID: TenantID, userID: UserID, role: Role, createdAt: Timestamp) {
        self.id = id
        self.tenantID = tenantID
        self.userID = userID
        self.role = role
        self.createdAt = createdAt
    }
}

/// A signed-in session: what a refresh token renews and sign-out ends. Access tokens name it,
/// so ending the session also ends its access tokens.
public struct Session: Sendable, Hashable {
    public var id: SessionID
    public var userID: UserID
    public var createdAt: Timestamp
    public var expiresAt: Timestamp
    public var revokedAt: Timestamp?

    public init(id: SessionID, userID: UserID, createdAt: Timestamp, expiresAt: Timestamp, revokedAt: Timestamp? = nil) {
        self.id = id
        self.userID = userID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// A tenant's API key. The secret is never stored; `prefix` is the public part clients see in lists.
public struct APIKey: Sendable, Hashable {
    public var id: APIKeyID
    public var tenantID: TenantID
    public var name: String
    public var role: Role
    public var prefix: String
    public var createdBy: UserID?
    public var createdAt: Timestamp
    public var lastUsedAt: Timestamp?
    public var revokedAt: Timestamp?

    public init(id: APIKeyID, tenantID: TenantID, name: String, role: Role, prefix: String, createdBy: UserID?,
                createdAt: Timestamp, lastUsedAt: Timestamp? = nil, revokedAt: Timestamp? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.role = role
        self.prefix = prefix
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

public struct Incident: Sendable, Hashable {
    public var id: IncidentID
    public var tenantID: TenantID
    public var number: Int
    public var title: String
    public var description: String
    public var severity: Severity
    public var status: IncidentStatus
    public var reporterID: UserID?
    public var assigneeID: UserID?
    public var tags: [String]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var acknowledgedAt: Timestamp?
    /// When it was first acknowledged; kept when it is reopened (time to acknowledge counts from it).
    public var firstAcknowledgedAt: Timestamp?
    public var resolvedAt: Timestamp?
    public var resolution: String?
    public var urgency: Urgency
    /// Bumped by every change; a write names the version it read, so concurrent changes never
    /// overwrite each other.
    public var version: Int

    public init(id: IncidentID, tenantID: TenantID, number: Int, title: String, description: String,
                severity: Severity, status: IncidentStatus, reporterID: UserID?, assigneeID: UserID?,
                tags: [String], createdAt: Timestamp, updatedAt: Timestamp, acknowledgedAt: Timestamp? = nil,
                resolvedAt: Timestamp? = nil, resolution: String? = nil, version: Int = 1,
                firstAcknowledgedAt: Timestamp? = nil, urgency: Urgency = .high) {
        self.urgency = urgency
        self.id = id
        self.tenantID = tenantID
        self.number = number
        self.title = title
        self.description = description
        self.severity = severity
        self.status = status
        self.reporterID = reporterID
        self.assigneeID = assigneeID
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.acknowledgedAt = acknowledgedAt
        self.firstAcknowledgedAt = firstAcknowledgedAt ?? acknowledgedAt
        self.resolvedAt = resolvedAt
        self.resolution = resolution
        self.version = version
    }
}

/// Who did something: a signed-in user, an API key, or the service itself (escalations).
public enum Actor: Sendable, Hashable {
    case user(UserID)
    case apiKey(APIKeyID)
    case system

    public var userID: UserID? {
        if case .user(let id) = self { return id }
        return nil
    }

    public var apiKeyID: APIKeyID? {
        if case .apiKey(let id) = self { return id }
        return nil
    }
}

/// One entry of an incident's timeline; the same record is the payload of the live event.
public struct TimelineEntry: Sendable, Hashable {
    public var id: TimelineEntryID
    public var tenantID: TenantID
    public var incidentID: IncidentID
    public var kind: IncidentEventKind
    public var actor: Actor
    public var at: Timestamp
    /// The comment, the resolution, or nil.
    public var message: String?
    /// For ASSIGNED: the new assignee.
    public var assigneeID: UserID?
    /// For ESCALATED: the level that fired, from 1.
    public var level: Int?

    public init(id: TimelineEntryID, tenantID: TenantID, incidentID: IncidentID, kind: IncidentEventKind,
                actor: Actor, at: Timestamp, message: String? = nil, assigneeID: UserID? = nil, level: Int? = nil) {
        self.level = level
        self.id = id
        self.tenantID = tenantID
        self.incidentID = incidentID
        self.kind = kind
        self.actor = actor
        self.at = at
        self.message = message
        self.assigneeID = assigneeID
    }
}

/// A record of one mutation. `tenantID` is nil for account-level actions (sign-up, sign-in).
public struct AuditEntry: Sendable, Hashable {
    public var id: AuditEntryID
    public var tenantID: TenantID?
    public var actor: Actor?
    public var action: String
    public var targetType: String
    public var targetID: String?
    public var at: Timestamp
    public var requestID: String?
    /// What the entry recorded beyond its target (a retention pass's counts).
    public var details: String?

    public init(id: AuditEntryID = .generate(), tenantID: TenantID?, actor: Actor?, action: String,
                targetType: String, targetID: String?, at: Timestamp, requestID: String?, details: String? = nil) {
        self.details = details
        self.id = id
        self.tenantID = tenantID
        self.actor = actor
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.at = at
        self.requestID = requestID
    }
}

/// An incident event: the timeline entry and the incident as it was after the change, with its
/// place in the tenant's event log.
public struct IncidentEvent: Sendable, Hashable {
    public var entry: TimelineEntry
    public var incident: Incident
    /// From 1, one more for each event of the tenant, in commit order.
    public var sequence: Int

    public init(entry: TimelineEntry, incident: Incident, sequence: Int) {
        self.entry = entry
        self.incident = incident
        self.sequence = sequence
    }

    /// The opaque position a subscriber resumes after.
    public var cursor: String { EventCursor.encode(tenant: incident.tenantID, sequence: sequence) }
}

/// One page of a list in a stable order, with the total the filter matches.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var cursors: [String]
    public var hasNextPage: Bool
    public var hasPreviousPage: Bool
    public var totalCount: Int

    public init(items: [Item], cursors: [String], hasNextPage: Bool, hasPreviousPage: Bool, totalCount: Int) {
        self.items = items
        self.cursors = cursors
        self.hasNextPage = hasNextPage
        self.hasPreviousPage = hasPreviousPage
        self.totalCount = totalCount
    }
}

/// Which incidents a list shows. Nil fields do not filter.
public struct IncidentFilter: Sendable, Hashable {
    public var status: IncidentStatus?
    public var severity: Severity?
    public var assigneeID: UserID?
    public var tag: String?

    public init(status: IncidentStatus? = nil, severity: Severity? = nil, assigneeID: UserID? = nil, tag: String? = nil) {
        self.status = status
        self.severity = severity
        self.assigneeID = assigneeID
        self.tag = tag
    }
}
