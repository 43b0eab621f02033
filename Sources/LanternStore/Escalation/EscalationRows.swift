import Foundation
import LanternDomain
import SQLKit

/// Escalation policies, escalations and notifications as rows. A policy's levels are one JSON
/// column: they are always read and written whole.
enum EscalationRows {
    private struct StoredLevel: Codable {
        var delaySeconds: Int
        var targetUserIds: [String]
    }

    static func levelsJSON(_ levels: [EscalationLevel]) throws -> String {
        let stored = levels.map { StoredLevel(delaySeconds: $0.delaySeconds, targetUserIds: $0.targets.map(\.userID.rawValue)) }
        return String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
    }

    static func levels(_ json: String) throws -> [EscalationLevel] {
        let stored = try JSONDecoder().decode([StoredLevel].self, from: Data(json.utf8))
        return stored.enumerated().map { index, level in
            EscalationLevel(position: index + 1, delaySeconds: level.delaySeconds,
                            targets: level.targetUserIds.map { EscalationTarget(userID: UserID($0)) })
        }
    }

    static func policy(_ row: any SQLRow) throws -> EscalationPolicy {
        EscalationPolicy(id: EscalationPolicyID(try row.decode(column: "id", as: String.self)),
                         tenantID: TenantID(try row.decode(column: "tenant_id", as: String.self)),
                         name: try row.decode(column: "name", as: String.self),
                         levels: try levels(try row.decode(column: "levels", as: String.self)),
                         repeatCount: try row.decode(column: "repeat_count", as: Int.self),
                         createdAt: try Rows.time(row, "created_at"), updatedAt: try Rows.time(row, "updated_at"))
    }

    static func escalation(_ row: any SQLRow) throws -> IncidentEscalation {
        IncidentEscalation(incidentID: IncidentID(try row.decode(column: "incident_id", as: String.self)),
                           policyID: try row.decode(column: "policy_id", as: String?.self).map(EscalationPolicyID.init(_:)),
                           level: try row.decode(column: "level", as: Int.self), loop: try row.decode(column: "loop_count", as: Int.self),
                           nextAt: try Rows.optionalTime(row, "next_at"), state: try Rows.enumValue(row, "state"))
    }

    static func notification(_ row: any SQLRow) throws -> UserNotification {
        UserNotification(id: NotificationID(try row.decode(column: "id", as: String.self)),
                     tenantID: TenantID(try row.decode(column: "tenant_id", as: String.self)),
                     userID: UserID(try row.decode(column: "user_id", as: String.self)), kind: try Rows.enumValue(row, "kind"),
                     incidentID: IncidentID(try row.decode(column: "incident_id", as: String.self)),
                     level: try row.decode(column: "level", as: Int?.self),
                     eventSequence: try row.decode(column: "event_sequence", as: Int.self),
                     createdAt: try Rows.time(row, "created_at"), readAt: try Rows.optionalTime(row, "read_at"))
    }

    @Sendable static func notificationCursor(_ notification: UserNotification) -> String {
        Cursor.encode(kind: "notification", [String(notification.createdAt.milliseconds), notification.id.rawValue])
    }
}
