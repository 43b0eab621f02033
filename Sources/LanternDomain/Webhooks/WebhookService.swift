/// Webhook endpoints of a tenant (ADMIN only: their URLs and deliveries reveal integrations)
/// and the visibility of their deliveries. Sending is the background worker's.
public struct WebhookService: Sendable {
    public let store: any WebhookStore
    public let addresses: WebhookAddressPolicy
    /// How long the secret before a rotation keeps signing.
    public static let rotationOverlapSeconds = 24 * 3_600
    public static let maximumEndpoints = 20

    public init(store: any WebhookStore, addresses: WebhookAddressPolicy) {
        self.store = store
        self.addresses = addresses
    }

    public func endpoints(_ access: TenantAccess) async throws -> [WebhookEndpoint] {
        try access.require(.admin, to: "manage webhooks")
        return try await store.webhookEndpoints(tenant: access.tenant.id)
    }

    /// NOT_FOUND for an endpoint of another tenant, as for one that does not exist.
    public func endpoint(_ access: TenantAccess, id: WebhookEndpointID) async throws -> WebhookEndpoint {
        try access.require(.admin, to: "manage webhooks")
        guard let endpoint = try await store.webhookEndpoint(tenant: access.tenant.id, id: id) else { throw DomainError.notFound("Webhook endpoint") }
        return endpoint
    }

    public func create(_ access: TenantAccess, url: String, description: String?, eventTypes: [String]) async throws -> CreatedWebhookEndpoint {
        try access.require(.admin, to: "manage webhooks")
        // Every change of the tenant writes a message per endpoint: the count is bounded.
        guard try await store.webhookEndpoints(tenant: access.tenant.id).count < Self.maximumEndpoints else {
            throw DomainError.badInput("A tenant has at most \(Self.maximumEndpoints) webhook endpoints; delete one first.")
        }
        let now = Timestamp.now()
        let endpoint = WebhookEndpoint(id: .generate(), tenantID: access.tenant.id, url: try await addresses.validatedOffThread(url).absoluteString,
                                       description: try InputRules.text(description ?? "", field: "description", maximum: 500, allowEmpty: true),
                                       eventTypes: try WebhookEventTypes.validated(eventTypes), disabledReason: nil,
                                       createdAt: now, updatedAt: now, previousSecretExpiresAt: nil)
        let secret = WebhookSignature.newSecret()
        try await store.insertWebhookEndpoint(endpoint, secret: secret,
                                              audit: access.audit("webhookEndpoint.create", "WebhookEndpoint", endpoint.id.rawValue, at: now))
        return CreatedWebhookEndpoint(endpoint: endpoint, secret: secret)
    }

    /// Nil arguments keep their value.
    public func update(_ access: TenantAccess, id: WebhookEndpointID, url: String?, description: String?,
                       eventTypes: [String]?) async throws -> WebhookEndpoint {
        var endpoint = try await endpoint(access, id: id)
        if let url { endpoint.url = try await addresses.validatedOffThread(url).absoluteString }
        if let description { endpoint.description = try InputRules.text(description, field: "description", maximum: 500, allowEmpty: true) }
        if let eventTypes { endpoint.eventTypes = try WebhookEventTypes.validated(eventTypes) }
        return try await save(access, endpoint, action: "webhookEndpoint.update")
    }

    public func setEnabled(_ access: TenantAccess, id: WebhookEndpointID, enabled: Bool) async throws -> WebhookEndpoint {
        try access.require(.admin, to: "manage webhooks")
        let now = Timestamp.now()
        guard let endpoint = try await store.setWebhookEndpointDisabled(
            tenant: access.tenant.id, id: id, reason: enabled ? nil : "Disabled by a user.", at: now,
            audit: access.audit(enabled ? "webhookEndpoint.enable" : "webhookEndpoint.disable", "WebhookEndpoint", id.rawValue, at: now)) else {
            throw DomainError.notFound("Webhook endpoint")
        }
        return endpoint
    }

    public func rotateSecret(_ access: TenantAccess, id: WebhookEndpointID) async throws -> CreatedWebhookEndpoint {
        try access.require(.admin, to: "manage webhooks")
        let now = Timestamp.now(), secret = WebhookSignature.newSecret()
        guard let endpoint = try await store.rotateWebhookSecret(
            tenant: access.tenant.id, id: id, secret: secret, previousExpiresAt: now.adding(seconds: Self.rotationOverlapSeconds),
            audit: access.audit("webhookEndpoint.rotateSecret", "WebhookEndpoint", id.rawValue, at: now)) else {
            throw DomainError.notFound("Webhook endpoint")
        }
        return CreatedWebhookEndpoint(endpoint: endpoint, secret: secret)
    }

    public func delete(_ access: TenantAccess, id: WebhookEndpointID) async throws -> Bool {
        try access.require(.admin, to: "manage webhooks")
        guard try await store.deleteWebhookEndpoint(tenant: access.tenant.id, id: id,
                                                    audit: access.audit("webhookEndpoint.delete", "WebhookEndpoint", id.rawValue, at: .now())) else {
            throw DomainError.notFound("Webhook endpoint")
        }
        return true
    }

    public func deliveries(_ access: TenantAccess, endpoint id: WebhookEndpointID, status: WebhookDeliveryStatus?, first: Int?,
                           after: String?) async throws -> Page<WebhookDelivery> {
        _ = try await endpoint(access, id: id)
        return try await store.webhookDeliveries(tenant: access.tenant.id, endpoint: id, status: status, first: try Paging.size(first), after: after)
    }

    public func messages(_ access: TenantAccess, endpoint id: WebhookEndpointID, status: WebhookMessageStatus?, first: Int?,
                         after: String?) async throws -> Page<WebhookMessage> {
        _ = try await endpoint(access, id: id)
        return try await store.webhookMessages(tenant: access.tenant.id, endpoint: id, status: status, first: try Paging.size(first), after: after)
    }

    /// Messages by id for batched fields (of the caller's tenant only).
    public func messages(_ access: TenantAccess, ids: [String]) async throws -> [String: WebhookMessage] {
        try access.require(.admin, to: "manage webhooks")
        return try await store.webhookMessages(tenant: access.tenant.id, ids: ids)
    }

    public func redeliver(_ access: TenantAccess, message id: String) async throws -> WebhookMessage {
        try access.require(.admin, to: "manage webhooks")
        let now = Timestamp.now()
        guard let message = try await store.redeliverWebhookMessage(
            tenant: access.tenant.id, id: id, at: now, audit: access.audit("webhookMessage.redeliver", "WebhookMessage", id, at: now)) else {
            throw DomainError.notFound("Webhook message")
        }
        return message
    }

    private func save(_ access: TenantAccess, _ endpoint: WebhookEndpoint, action: String) async throws -> WebhookEndpoint {
        var endpoint = endpoint
        endpoint.updatedAt = .now()
        guard let saved = try await store.updateWebhookEndpoint(
            endpoint, audit: access.audit(action, "WebhookEndpoint", endpoint.id.rawValue, at: endpoint.updatedAt)) else {
            throw DomainError.notFound("Webhook endpoint")
        }
        return saved
    }
}
