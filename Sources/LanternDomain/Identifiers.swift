import Foundation

/// An entity's identifier, typed by the entity so a user id cannot be passed where an incident id
/// is expected. Stored and sent as a lower-case UUID string.
public struct EntityID<Entity>: Hashable, Sendable, CustomStringConvertible, RawRepresentable {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(rawValue: String) { self.rawValue = rawValue }

    /// A new random identifier.
    public static func generate() -> Self { Self(UUID().uuidString.lowercased()) }

    public var description: String { rawValue }
}

public typealias UserID = EntityID<User>
public typealias TenantID = EntityID<Tenant>
public typealias MembershipID = EntityID<Membership>
public typealias SessionID = EntityID<Session>
public typealias APIKeyID = EntityID<APIKey>
public typealias IncidentID = EntityID<Incident>
public typealias TimelineEntryID = EntityID<TimelineEntry>
public typealias AuditEntryID = EntityID<AuditEntry>

/// Milliseconds since the Unix epoch, UTC: how every time is stored and compared.
public struct Timestamp: Hashable, Comparable, Sendable {
    public let milliseconds: Int

    public init(milliseconds: Int) { self.milliseconds = milliseconds }

    public static func now() -> Timestamp {
        Timestamp(milliseconds: Int((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }

    public func adding(seconds: Int) -> Timestamp { Timestamp(milliseconds: milliseconds + seconds * 1000) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// RFC 3339 in UTC with milliseconds, e.g. `2026-11-21T09:30:00.000Z`.
    public var rfc3339: String {
        let seconds = Int(floor(Double(milliseconds) / 1000))
        let millis = milliseconds - seconds * 1000
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}
