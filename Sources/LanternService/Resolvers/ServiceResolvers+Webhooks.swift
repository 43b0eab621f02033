import LanternCodegenRuntime
import LanternDomain
import LanternExecution

/// `Schema/webhooks.graphql`: webhook endpoints, their messages and delivery attempts.
extension ServiceResolvers {
    func webhookEndpoints(context: RequestContext, selection: FieldSelection) async throws -> [WebhookEndpoint] {
        try await context.services.webhooks.endpoints(try await context.tenantAccess())
    }

    func webhookEndpoint(_ arguments: QueryWebhookEndpointArguments, context: RequestContext,
                         selection: FieldSelection) async throws -> WebhookEndpoint? {
        try await context.services.webhooks.endpoint(try await context.tenantAccess(), id: arguments.id)
    }

    func webhookEventTypes(context: RequestContext, selection: FieldSelection) async throws -> [String] {
        WebhookEventTypes.all
    }

    func webhookDeliveries(_ arguments: QueryWebhookDeliveriesArguments, context: RequestContext,
                           selection: FieldSelection) async throws -> Connection<WebhookDelivery> {
        Connection(try await context.services.webhooks.deliveries(try await context.tenantAccess(), endpoint: arguments.endpointId,
                                                                  status: arguments.status, first: arguments.first, after: arguments.after))
    }

    func webhookMessages(_ arguments: QueryWebhookMessagesArguments, context: RequestContext,
                         selection: FieldSelection) async throws -> Connection<WebhookMessage> {
        Connection(try await context.services.webhooks.messages(try await context.tenantAccess(), endpoint: arguments.endpointId,
                                                               status: arguments.status, first: arguments.first, after: arguments.after))
    }

    func createWebhookEndpoint(_ arguments: MutationCreateWebhookEndpointArguments, context: RequestContext,
                               selection: FieldSelection) async throws -> CreatedWebhookEndpoint {
        let input = arguments.input
        return try await context.services.webhooks.create(try await context.tenantAccess(), url: input.url, description: input.description,
                                                          eventTypes: input.eventTypes)
    }

    func updateWebhookEndpoint(_ arguments: MutationUpdateWebhookEndpointArguments, context: RequestContext,
                               selection: FieldSelection) async throws -> WebhookEndpoint {
        let input = arguments.input
        if case .null = input.url { throw DomainError.badInput("`url` must not be null.") }
        if case .null = input.eventTypes { throw DomainError.badInput("`eventTypes` must not be null.") }
        return try await context.services.webhooks.update(try await context.tenantAccess(), id: arguments.id, url: input.url.value,
                                                          description: input.description.isAbsent ? nil : input.description.value ?? "",
                                                          eventTypes: input.eventTypes.value)
    }

    func rotateWebhookSecret(_ arguments: MutationRotateWebhookSecretArguments, context: RequestContext,
                             selection: FieldSelection) async throws -> CreatedWebhookEndpoint {
        try await context.services.webhooks.rotateSecret(try await context.tenantAccess(), id: arguments.id)
    }

    func disableWebhookEndpoint(_ arguments: MutationDisableWebhookEndpointArguments, context: RequestContext,
                                selection: FieldSelection) async throws -> WebhookEndpoint {
        try await context.services.webhooks.setEnabled(try await context.tenantAccess(), id: arguments.id, enabled: false)
    }

    func enableWebhookEndpoint(_ arguments: MutationEnableWebhookEndpointArguments, context: RequestContext,
                               selection: FieldSelection) async throws -> WebhookEndpoint {
        try await context.services.webhooks.setEnabled(try await context.tenantAccess(), id: arguments.id, enabled: true)
    }

    func deleteWebhookEndpoint(_ arguments: MutationDeleteWebhookEndpointArguments, context: RequestContext,
                               selection: FieldSelection) async throws -> Bool {
        try await context.services.webhooks.delete(try await context.tenantAccess(), id: arguments.id)
    }

    func redeliverWebhookMessage(_ arguments: MutationRedeliverWebhookMessageArguments, context: RequestContext,
                                 selection: FieldSelection) async throws -> WebhookMessage {
        try await context.services.webhooks.redeliver(try await context.tenantAccess(), message: arguments.id)
    }

    func message(of parents: [WebhookDelivery], context: RequestContext, selection: FieldSelection) async throws -> [WebhookMessage] {
        let messages = try await context.services.webhooks.messages(try await context.tenantAccess(), ids: parents.map(\.messageID))
        return try parents.map { delivery in
            guard let message = messages[delivery.messageID] else { throw DomainError.notFound("Webhook message") }
            return message
        }
    }
}
