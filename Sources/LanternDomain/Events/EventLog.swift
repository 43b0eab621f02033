import Foundation

/// Which incident events a subscriber or a history query wants.
public struct EventFilter: Sendable, Hashable {
    /// Only events of incidents at least this severe (as they were when the event happened).
    public var minSeverity: Severity?
    public var incidentID: IncidentID?

    public init(minSeverity: Severity? = nil, incidentID: IncidentID? = nil) {
        self.minSeverity = minSeverity
        self.incidentID = incidentID
    }

    public func matches(_ event: IncidentEvent) -> Bool {
        (minSeverity.map { event.incident.severity >= $0 } ?? true) && (incidentID.map { event.incident.id == $0 } ?? true)
    }
}

/// A tenant's event log: sequences `floor + 1 … head` are kept.
public struct EventLogBounds: Sendable, Hashable {
    /// The last sequence given out (0 before the first event).
    public var head: Int
    /// The last sequence retention deleted (0 when nothing was).
    public var floor: Int

    public init(head: Int, floor: Int) {
        self.head = head
        self.floor = floor
    }
}

/// Event cursors: base64url of `e1:<tenant id>:<sequence>`. Opaque to clients; the tenant in it
/// lets a cursor of another tenant be refused rather than read as a position in this one.
public enum EventCursor {
    public static func encode(tenant: TenantID, sequence: Int) -> String {
        SecureRandom.base64URL(Array("e1:\(tenant.rawValue):\(sequence)".utf8))
    }

    public static func decode(_ cursor: String) -> (TenantID, Int)? {
        guard cursor.utf8.count <= 200 else { return nil }
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "e1", !parts[1].isEmpty, parts[2].allSatisfy(\.isASCII),
              let sequence = Int(parts[2]), sequence >= 0 else { return nil }
        return (TenantID(String(parts[1])), sequence)
    }
}
