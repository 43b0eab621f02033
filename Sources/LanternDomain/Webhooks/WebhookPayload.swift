import Foundation

/// The JSON body of an incident event's webhook: `{"type", "timestamp", "data"}` as Standard
/// Webhooks lays it out, with the incident as it was right after the change. Fixed when the
/// message is written, so every attempt sends (and signs) the same bytes.
public enum WebhookPayload {
    public static func body(for event: IncidentEvent, tenantSlug: String) throws -> String {
        let payload = Body(type: WebhookEventTypes.type(of: event.entry.kind), timestamp: event.entry.at.rfc3339,
                           data: Data(tenant: Tenant(id: event.incident.tenantID.rawValue, slug: tenantSlug),
                                      incident: IncidentJSON(event.incident), actor: ActorJSON(event.entry.actor),
                                      message: event.entry.message, level: event.entry.level, sequence: event.sequence))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(payload), as: UTF8.self)
    }

    /// A document change: the document's metadata after it (not its body, which can be large;
    /// null once deleted).
    public static func body(for kind: DocumentEventKind, documentID: DocumentID, document: Document?, tenantID: TenantID, tenantSlug: String,
                            actor: Actor?, at: Timestamp) throws -> String {
        let payload = DocumentBody(type: WebhookEventTypes.type(of: kind), timestamp: at.rfc3339,
                                   data: DocumentData(tenant: Tenant(id: tenantID.rawValue, slug: tenantSlug), documentId: documentID.rawValue,
                                                      document: document.map(DocumentJSON.init), actor: actor.flatMap(ActorJSON.init)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(payload), as: UTF8.self)
    }

    private struct Body: Encodable {
        var type: String
        var timestamp: String
        var data: Data
    }

    private struct DocumentBody: Encodable {
        var type: String
        var timestamp: String
        var data: DocumentData
    }

    private struct DocumentData: Encodable {
        var tenant: Tenant
        var documentId: String
        var document: DocumentJSON?
        var actor: ActorJSON?

        enum CodingKeys: String, CodingKey { case tenant, documentId, document, actor }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tenant, forKey: .tenant)
            try container.encode(documentId, forKey: .documentId)
            try container.encode(document, forKey: .document)
            try container.encode(actor, forKey: .actor)
        }
    }

    private struct DocumentJSON: Encodable {
        var id: String, title: String, kind: String, tags: [String], version: Int, sha256: String, sizeBytes: Int
        var createdAt: String, updatedAt: String, archivedAt: String?, incidentIds: [String]

        init(_ document: Document) {
            id = document.id.rawValue
            title = document.title
            kind = document.kind.rawValue
            tags = document.tags
            version = document.version
            sha256 = document.sha256
            sizeBytes = document.sizeBytes
            createdAt = document.createdAt.rfc3339
            updatedAt = document.updatedAt.rfc3339
            archivedAt = document.archivedAt?.rfc3339
            incidentIds = document.incidentIDs.map(\.rawValue)
        }
    }

    private struct Data: Encodable {
        var tenant: Tenant
        var incident: IncidentJSON
        var actor: ActorJSON?
        var message: String?
        var level: Int?
        var sequence: Int

        enum CodingKeys: String, CodingKey { case tenant, incident, actor, message, level, sequence }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tenant, forKey: .tenant)
            try container.encode(incident, forKey: .incident)
            try container.encode(actor, forKey: .actor)
            try container.encode(message, forKey: .message)
            try container.encode(level, forKey: .level)
            try container.encode(sequence, forKey: .sequence)
        }
    }

    private struct Tenant: Encodable {
        var id: String
        var slug: String
    }

    private struct ActorJSON: Encodable {
        var userId: String?
        var apiKeyId: String?

        init?(_ actor: Actor) {
            switch actor {
            case .user(let id): userId = id.rawValue
            case .apiKey(let id): apiKeyId = id.rawValue
            case .system: return nil
            }
        }
    }

    private struct IncidentJSON: Encodable {
        let incident: Incident

        init(_ incident: Incident) { self.incident = incident }

        enum CodingKeys: String, CodingKey {
            case id, number, title, description, severity, status, urgency, tags, reporterId, assigneeId
            case createdAt, updatedAt, acknowledgedAt, resolvedAt, resolution
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(incident.id.rawValue, forKey: .id)
            try container.encode(incident.number, forKey: .number)
            try container.encode(incident.title, forKey: .title)
            try container.encode(incident.description, forKey: .description)
            try container.encode(incident.severity.rawValue, forKey: .severity)
            try container.encode(incident.status.rawValue, forKey: .status)
            try container.encode(incident.urgency.rawValue, forKey: .urgency)
            try container.encode(incident.tags, forKey: .tags)
            try container.encode(incident.reporterID?.rawValue, forKey: .reporterId)
            try container.encode(incident.assigneeID?.rawValue, forKey: .assigneeId)
            try container.encode(incident.createdAt.rfc3339, forKey: .createdAt)
            try container.encode(incident.updatedAt.rfc3339, forKey: .updatedAt)
            try container.encode(incident.acknowledgedAt?.rfc3339, forKey: .acknowledgedAt)
            try container.encode(incident.resolvedAt?.rfc3339, forKey: .resolvedAt)
            try container.encode(incident.resolution, forKey: .resolution)
        }
    }
}
