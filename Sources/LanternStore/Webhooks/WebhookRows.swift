import Foundation
import LanternDomain
import SQLKit

/// Webhook endpoints, messages and attempts as rows.
enum WebhookRows {
    static func eventTypesJSON(_ types: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(types), as: UTF8.self)
    }

    static func eventTypes(_ json: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(json.utf8))
    }

    static func endpoint(_ row: any SQLRow) throws -> WebhookEndpoint {
        WebhookEndpoint(id: WebhookEndpointID(try row.decode(column: "id", as: String.self)),
                        tenantID: TenantID(try row.decode(column: "tenant_id", as: String.self)),
                        url: try row.decode(column: "url", as: String.self),
                        description: try row.decode(column: "description", as: String.self),
                        eventTypes: try eventTypes(try row.decode(column: "event_types", as: String.self)),
                        disabledReason: try row.decode(column: "disabled_reason", as: String?.self),
                        createdAt: try Rows.time(row, "created_at"), updatedAt: try Rows.time(row, "updated_at"),
                        previousSecretExpiresAt: try Rows.optionalTime(row, "previous_secret_expires"))
    }

    static func message(_ row: any SQLRow) throws -> WebhookMessage {
        WebhookMessage(id: try row.decode(column: "id", as: String.self),
                       tenantID: TenantID(try row.decode(column: "tenant_id", as: String.self)),
                       endpointID: WebhookEndpointID(try row.decode(column: "endpoint_id", as: String.self)),
                       eventType: try row.decode(column: "event_type", as: String.self),
                       payload: try row.decode(column: "body", as: String.self), status: try Rows.enumValue(row, "status"),
                       attempts: try row.decode(column: "attempts", as: Int.self),
                       nextAttemptAt: try Rows.optionalTime(row, "next_attempt_at"), createdAt: try Rows.time(row, "created_at"))
    }

    static func delivery(_ row: any SQLRow) throws -> WebhookDelivery {
        WebhookDelivery(id: WebhookAttemptID(try row.decode(column: "id", as: String.self)),
                        tenantID: TenantID(try row.decode(column: "tenant_id", as: String.self)),
                        endpointID: WebhookEndpointID(try row.decode(column: "endpoint_id", as: String.self)),
                        messageID: try row.decode(column: "message_id", as: String.self),
                        attempt: try row.decode(column: "attempt", as: Int.self),
                        status: try row.decode(column: "succeeded", as: Int.self) == 1 ? .succeeded : .failed,
                        statusCode: try row.decode(column: "status_code", as: Int?.self),
                        latencyMs: try row.decode(column: "latency_ms", as: Int.self),
                        error: try row.decode(column: "error", as: String?.self), attemptedAt: try Rows.time(row, "attempted_at"))
    }

    @Sendable static func deliveryCursor(_ delivery: WebhookDelivery) -> String {
        Cursor.encode(kind: "delivery", [String(delivery.attemptedAt.milliseconds), delivery.id.rawValue])
    }

    @Sendable static func messageCursor(_ message: WebhookMessage) -> String {
        Cursor.encode(kind: "message", [String(message.createdAt.milliseconds), message.id])
    }
}
