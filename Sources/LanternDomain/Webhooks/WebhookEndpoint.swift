public typealias WebhookEndpointID = EntityID<WebhookEndpoint>
public typealias WebhookAttemptID = EntityID<WebhookDelivery>

/// Where a tenant's events are POSTed, signed with the endpoint's secret.
public struct WebhookEndpoint: Sendable, Hashable {
    public var id: WebhookEndpointID
    public var tenantID: TenantID
    public var url: String
    public var description: String
    public var eventTypes: [String]
    /// Why deliveries stopped; nil while enabled.
    public var disabledReason: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// Until when the secret before the last rotation still signs.
    public var previousSecretExpiresAt: Timestamp?

    public init(id: WebhookEndpointID, tenantID: TenantID, url: String, description: String, eventTypes: [String],
                disabledReason: String?, createdAt: Timestamp, updatedAt: Timestamp, previousSecretExpiresAt: Timestamp?) {
        self.id = id
        self.tenantID = tenantID
        self.url = url
        self.description = description
        self.eventTypes = eventTypes
        self.disabledReason = disabledReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.previousSecretExpiresAt = previousSecretExpiresAt
    }

    public var enabled: Bool { disabledReason == nil }
}

/// An endpoint with its secret, the one time the secret is shown.
public struct CreatedWebhookEndpoint: Sendable, Hashable {
    public var endpoint: WebhookEndpoint
    public var secret: String

    public init(endpoint: WebhookEndpoint, secret: String) {
        self.endpoint = endpoint
        self.secret = secret
    }
}

public enum WebhookMessageStatus: String, Sendable, CaseIterable {
    case pending = "PENDING", delivered = "DELIVERED", deadLettered = "DEAD_LETTERED"
}

/// One event for one endpoint; its id is the `webhook-id` of every attempt.
public struct WebhookMessage: Sendable, Hashable {
    public var id: String
    public var tenantID: TenantID
    public var endpointID: WebhookEndpointID
    public var eventType: String
    public var payload: String
    public var status: WebhookMessageStatus
    public var attempts: Int
    public var nextAttemptAt: Timestamp?
    public var createdAt: Timestamp

    public init(id: String, tenantID: TenantID, endpointID: WebhookEndpointID, eventType: String, payload: String,
                status: WebhookMessageStatus, attempts: Int, nextAttemptAt: Timestamp?, createdAt: Timestamp) {
        self.id = id
        self.tenantID = tenantID
        self.endpointID = endpointID
        self.eventType = eventType
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
    }
}

public enum WebhookDeliveryStatus: String, Sendable, CaseIterable {
    case succeeded = "SUCCEEDED", failed = "FAILED"
}

/// One attempt to deliver a message.
public struct WebhookDelivery: Sendable, Hashable {
    public var id: WebhookAttemptID
    public var tenantID: TenantID
    public var endpointID: WebhookEndpointID
    public var messageID: String
    public var attempt: Int
    public var status: WebhookDeliveryStatus
    public var statusCode: Int?
    public var latencyMs: Int
    public var error: String?
    public var attemptedAt: Timestamp

    public init(id: WebhookAttemptID, tenantID: TenantID, endpointID: WebhookEndpointID, messageID: String, attempt: Int,
                status: WebhookDeliveryStatus, statusCode: Int?, latencyMs: Int, error: String?, attemptedAt: Timestamp) {
        self.id = id
        self.tenantID = tenantID
        self.endpointID = endpointID
        self.messageID = messageID
        self.attempt = attempt
        self.status = status
        self.statusCode = statusCode
        self.latencyMs = latencyMs
        self.error = error
        self.attemptedAt = attemptedAt
    }
}

/// The event types endpoints subscribe to, and how a subscription matches one.
public enum WebhookEventTypes {
    public static let incident: [String] = [
        "incident.reported", "incident.acknowledged", "incident.assigned", "incident.commented",
        "incident.resolved", "incident.reopened", "incident.escalated",
    ]
    public static let document: [String] = [
        "document.created", "document.updated", "document.archived", "document.restored", "document.deleted",
    ]
    public static var all: [String] { incident + document }

    /// The webhook type of an incident event.
    public static func type(of kind: IncidentEventKind) -> String {
        "incident." + kind.rawValue.lowercased()
    }

    /// The webhook type of a document change.
    public static func type(of kind: DocumentEventKind) -> String {
        "document." + kind.rawValue.lowercased()
    }

    /// Whether `subscribed` (names, or prefixes such as `incident.*`) includes `type`.
    public static func matches(_ subscribed: [String], _ type: String) -> Bool {
        subscribed.contains { pattern in
            pattern == type || (pattern.hasSuffix(".*") && type.hasPrefix(pattern.dropLast()))
        }
    }

    /// The subscribed types as given, refused unless each is a known type or a prefix of some.
    static func validated(_ types: [String]) throws(DomainError) -> [String] {
        guard (1...20).contains(types.count) else { throw .badInput("`eventTypes` must name 1 to 20 event types.") }
        for type in types where !all.contains(type) && !(type.hasSuffix(".*") && all.contains(where: { $0.hasPrefix(type.dropLast()) })) {
            throw .badInput("`eventTypes` has '\(type.prefix(100))', which is not an event type; see `webhookEventTypes` (a prefix such as `incident.*` also works).")
        }
        return Array(Set(types)).sorted()
    }
}
