/// What webhook endpoints, their outbox and its delivery need from persistence. Tenant-facing
/// reads and writes name their tenant; the worker's claims span tenants.
public protocol WebhookStore: Sendable {
    /// Oldest first.
    func webhookEndpoints(tenant: TenantID) async throws -> [WebhookEndpoint]
    func webhookEndpoint(tenant: TenantID, id: WebhookEndpointID) async throws -> WebhookEndpoint?
    func insertWebhookEndpoint(_ endpoint: WebhookEndpoint, secret: String, audit: AuditEntry) async throws
    /// Writes URL, description and event types (not whether it is disabled: that has its own
    /// write, so an edit never undoes a concurrent disable); nil when there is none.
    func updateWebhookEndpoint(_ endpoint: WebhookEndpoint, audit: AuditEntry) async throws -> WebhookEndpoint?
    /// Disables the endpoint with `reason`, or enables it when nil; nil when there is none.
    func setWebhookEndpointDisabled(tenant: TenantID, id: WebhookEndpointID, reason: String?, at: Timestamp,
                                    audit: AuditEntry) async throws -> WebhookEndpoint?
    /// Makes `secret` the signing secret, keeping the current one as the previous secret until
    /// `previousExpiresAt`; nil when there is no such endpoint.
    func rotateWebhookSecret(tenant: TenantID, id: WebhookEndpointID, secret: String, previousExpiresAt: Timestamp,
                             audit: AuditEntry) async throws -> WebhookEndpoint?
    /// Deletes the endpoint with its messages and attempts; false when there was none.
    func deleteWebhookEndpoint(tenant: TenantID, id: WebhookEndpointID, audit: AuditEntry) async throws -> Bool

    /// Newest first.
    func webhookDeliveries(tenant: TenantID, endpoint: WebhookEndpointID, status: WebhookDeliveryStatus?, first: Int,
                           after: String?) async throws -> Page<WebhookDelivery>
    /// Newest first.
    func webhookMessages(tenant: TenantID, endpoint: WebhookEndpointID, status: WebhookMessageStatus?, first: Int,
                         after: String?) async throws -> Page<WebhookMessage>
    func webhookMessages(tenant: TenantID, ids: [String]) async throws -> [String: WebhookMessage]
    /// Makes the message PENDING and due at `at`; nil when there is none.
    func redeliverWebhookMessage(tenant: TenantID, id: String, at: Timestamp, audit: AuditEntry) async throws -> WebhookMessage?

    // MARK: Delivery (the worker)

    /// Claims up to `limit` PENDING messages of enabled endpoints due at `now` (none another
    /// instance holds), leasing them until `leaseUntil` (the lease is the claim's token).
    func claimDueWebhookMessages(now: Timestamp, leaseUntil: Timestamp, limit: Int) async throws -> [WebhookDispatch]
    /// Records an attempt; the message takes the outcome (and counts the attempt) only if it is
    /// still under the lease `lease` — not when the lease ran out and another worker took it.
    func recordWebhookAttempt(_ attempt: WebhookDelivery, lease: Timestamp, outcome: WebhookAttemptOutcome) async throws
    /// Ends every lease (at startup, when this process is the database's only worker).
    func releaseWebhookLeases() async throws
    /// PENDING messages of enabled endpoints due at `now`.
    func webhookBacklog(now: Timestamp) async throws -> Int
}

/// A claimed message, ready to send.
public struct WebhookDispatch: Sendable, Hashable {
    public var messageID: String
    public var tenantID: TenantID
    public var endpointID: WebhookEndpointID
    public var url: String
    /// The current secret, then the previous one while it still signs.
    public var secrets: [String]
    public var body: String
    /// This attempt's number, from 1.
    public var attempt: Int
    /// The claim's lease (its end): recording the outcome needs it.
    public var lease: Timestamp

    public init(messageID: String, tenantID: TenantID, endpointID: WebhookEndpointID, url: String, secrets: [String], body: String,
                attempt: Int, lease: Timestamp) {
        self.lease = lease
        self.messageID = messageID
        self.tenantID = tenantID
        self.endpointID = endpointID
        self.url = url
        self.secrets = secrets
        self.body = body
        self.attempt = attempt
    }
}

/// What an attempt leaves the message as.
public enum WebhookAttemptOutcome: Sendable, Hashable {
    case delivered
    case retry(at: Timestamp)
    case deadLettered
    /// 410 Gone: dead-lettered, and the endpoint is disabled.
    case gone
}
