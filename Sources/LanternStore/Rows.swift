import Foundation
import LanternDomain
import SQLKit

/// Rows to entities. Unknown enum values in a row are a corrupt database, reported as such.
enum Rows {
    struct CorruptRow: Error, CustomStringConvertible {
        let column: String
        let value: String
        var description: String { "Unexpected value '\(value)' in column \(column)" }
    }

    static func user(_ row: any SQLRow) throws -> User {
        User(id: UserID(try row.decode(column: "id", as: String.self)), email: try row.decode(column: "email", as: String.self),
             name: try row.decode(column: "name", as: String.self), createdAt: try time(row, "created_at"))
    }

    static func session(_ row: any SQLRow) throws -> Session {
        Session(id: SessionID(try row.decode(column: "id", as: String.self)),
                userID: UserID(try row.decode(column: "user_id", as: String.self)),
                createdAt: try time(row, "created_at"), expiresAt: try time(row, "expires_at"),
                revokedAt: try optionalTime(row, "revoked_at"))
    }

    static func tenant(_ row: any SQLRow) throws -> Tenant {
        Tenant(id: TenantID(try row.decode(column: "id", as: String.self)), slug: try row.decode(column: "slug", as: String.self),
               name: try row.decode(column: "name", as: String.self), createdAt: try time(row, "created_at"),
               costBudget: try row.decode(column: "cost_budget", as: Int?.self))
    }

    static func membership(_ row: any SQLRow) throws -> Membership {
        Membership(id: MembershipID(try row.decode(column: "id", as: String.self)),
                   tenantID: TenantID(try row.decode(column: "tenant_id", as: String.self)),
                   userID: UserID(try row.decode(column: "user_id", as: String.self)),
                   role: try enumValue(row, "role"), createdAt: try time(row, "created_at"))
    }

    static func apiKey(_ row: any SQLRow) throws -> APIKey {
        APIKey(id: APIKeyID(try row.decode(column: "id", as: String.self)),
               tenantID: TenantID(try row.decode(column: "tenant_id", as: String.self)),
               name: try row.decode(column: "name", as: String.self), role: try enumValue(row, "role"),
               prefix: try row.decode(column: "prefix", as: String.self),
               createdBy: try row.decode(column: "created_by", as: String?.self).map(UserID.init(_:)),
               createdAt: try time(row, "created_at"), lastUsedAt: try optionalTime(row, "last_used_at"),
               revokedAt: try optionalTime(row, "revoked_at"))
    }

    static func incident(_ row: any SQLRow) throws -> Incident {
        Incident(id: IncidentID(try row.decode(column: "id", as: String.self)),
                 tenantID: TenantID(try row.decode(column: "tenant_id", as: String.self)),
                 number: try row.decode(column: "number", as: Int.self),
                 title: try row.decode(column: "title", as: String.self),
                 description: try row.decode(column: "description", as: String.self),
                 severity: try enumValue(row, "severity"), status: try enumValue(row, "status"),
                 reporterID: try row.decode(column: "reporter_id", as: String?.self).map(UserID.init(_:)),
                 assigneeID: try row.decode(column: "assignee_id", as: String?.self).map(UserID.init(_:)),
                 tags: decodeTags(try row.decode(column: "tags", as: String.self)),
                 createdAt: try time(row, "created_at"), updatedAt: try time(row, "updated_at"),
                 acknowledgedAt: try optionalTime(row, "acknowledged_at"), resolvedAt: try optionalTime(row, "resolved_at"),
                 resolution: try row.decode(column: "resolution", as: String?.self),
                 version: try row.decode(column: "version", as: Int.self),
                 firstAcknowledgedAt: try optionalTime(row, "first_acknowledged_at"),
                 urgency: try enumValue(row, "urgency"))
    }

    static func timelineEntry(_ row: any SQLRow) throws -> TimelineEntry {
        TimelineEntry(id: TimelineEntryID(try row.decode(column: "id", as: String.self)),
                      tenantID: TenantID(try row.decode(column: "tenant_id", as: String.self)),
                      incidentID: IncidentID(try row.decode(column: "incident_id", as: String.self)),
                      kind: try enumValue(row, "kind"), actor: try actor(row) ?? .system,
                      at: try time(row, "at"), message: try row.decode(column: "message", as: String?.self),
                      assigneeID: try row.decode(column: "assignee_id", as: String?.self).map(UserID.init(_:)),
                      level: try row.decode(column: "level", as: Int?.self))
    }

    static func auditEntry(_ row: any SQLRow) throws -> AuditEntry {
        AuditEntry(id: AuditEntryID(try row.decode(column: "id", as: String.self)),
                   tenantID: try row.decode(column: "tenant_id", as: String?.self).map(TenantID.init(_:)),
                   actor: try actor(row), action: try row.decode(column: "action", as: String.self),
                   targetType: try row.decode(column: "target_type", as: String.self),
                   targetID: try row.decode(column: "target_id", as: String?.self),
                   at: try time(row, "at"), requestID: try row.decode(column: "request_id", as: String?.self),
                   details: try row.decode(column: "details", as: String?.self))
    }

    private static func actor(_ row: any SQLRow) throws -> Actor? {
        if let user = try row.decode(column: "actor_user_id", as: String?.self) { return .user(UserID(user)) }
        if let key = try row.decode(column: "actor_key_id", as: String?.self) { return .apiKey(APIKeyID(key)) }
        return nil
    }

    static func time(_ row: any SQLRow, _ column: String) throws -> Timestamp {
        Timestamp(milliseconds: try row.decode(column: column, as: Int.self))
    }

    static func optionalTime(_ row: any SQLRow, _ column: String) throws -> Timestamp? {
        try row.decode(column: column, as: Int?.self).map(Timestamp.init(milliseconds:))
    }

    static func enumValue<E: RawRepresentable<String>>(_ row: any SQLRow, _ column: String) throws -> E {
        let raw = try row.decode(column: column, as: String.self)
        guard let value = E(rawValue: raw) else { throw CorruptRow(column: column, value: raw) }
        return value
    }

    static func encodeTags(_ tags: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(tags), as: UTF8.self)) ?? "[]"
    }

    static func decodeTags(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
