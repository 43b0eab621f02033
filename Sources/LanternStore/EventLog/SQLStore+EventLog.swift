import Foundation
import LanternDomain
import SQLKit

/// The per-tenant incident event log: appended in the transaction of each change (with the
/// change's webhook messages), read in sequence order for replays and history, trimmed by retention.
extension SQLStore {
    static func appendToEventLog(_ event: IncidentEvent, _ db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO incident_event_log (tenant_id, sequence, entry_id, incident_id, severity, incident, at)
            VALUES (\(bind: event.incident.tenantID.rawValue), \(bind: event.sequence), \(bind: event.entry.id.rawValue),
                    \(bind: event.incident.id.rawValue), \(bind: event.incident.severity.rawValue),
                    \(bind: try EventLogRows.json(event.incident)), \(bind: event.entry.at.milliseconds))
            """).run()
        try await enqueueWebhooks(for: event, db)
    }

    public func loggedEvents(tenant: TenantID, after: Int, before: Int?, filter: EventFilter, limit: Int) async throws -> [IncidentEvent] {
        var conditions: [SQLQueryString] = ["l.tenant_id = \(bind: tenant.rawValue)", "l.sequence > \(bind: after)"]
        if let before { conditions.append("l.sequence < \(bind: before)") }
        conditions += Self.eventConditions(filter)
        let matching = conditions.joined(separator: " AND ")
        return try await database.read { db in
            try await db.raw("""
                SELECT l.sequence, l.incident, t.* FROM incident_event_log l
                JOIN timeline_entries t ON t.id = l.entry_id AND t.tenant_id = l.tenant_id
                WHERE \(matching) ORDER BY l.sequence LIMIT \(literal: max(0, limit))
                """).all().map(EventLogRows.event)
        }
    }

    /// The logged events with the given sequences, several tenants' at once, in sequence order
    /// per tenant: one statement for every event notice that arrived while the last batch loaded.
    /// Rows that do not decode are logged and left out; only the statement failing throws.
    public func loggedEvents(sequences: [TenantID: [Int]]) async throws -> [IncidentEvent] {
        let wanted = sequences.filter { !$0.value.isEmpty }
        guard !wanted.isEmpty else { return [] }
        let matching = wanted.map { tenant, numbers -> SQLQueryString in
            "(l.tenant_id = \(bind: tenant.rawValue) AND l.sequence IN (\(binds: numbers)))"
        }.joined(separator: " OR ")
        return try await database.read { db in
            try await db.raw("""
                SELECT l.sequence, l.incident, t.* FROM incident_event_log l
                JOIN timeline_entries t ON t.id = l.entry_id AND t.tenant_id = l.tenant_id
                WHERE \(matching) ORDER BY l.tenant_id, l.sequence
                """).all()
        }.compactMap { row in
            // One row that does not decode costs its subscribers that event (they find the gap
            // and read the log, where it fails loudly), not every other tenant's events in the batch.
            do {
                return try EventLogRows.event(row)
            } catch {
                database.logger.error("skipped a logged incident event that does not decode", metadata: ["error": "\(error)"])
                return nil
            }
        }
    }

    public func countLoggedEvents(tenant: TenantID, after: Int, filter: EventFilter) async throws -> Int {
        let matching = (["l.tenant_id = \(bind: tenant.rawValue)", "l.sequence > \(bind: after)"] + Self.eventConditions(filter))
            .joined(separator: " AND ")
        return try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS total FROM incident_event_log l WHERE \(matching)").first()?
                .decode(column: "total", as: Int.self) ?? 0
        }
    }

    public func eventLogBounds(tenant: TenantID) async throws -> EventLogBounds {
        try await database.read { db in
            guard let row = try await db.raw("SELECT event_seq, event_floor FROM tenants WHERE id = \(bind: tenant.rawValue)").first() else {
                throw DomainError.notFound("Tenant")
            }
            return EventLogBounds(head: try row.decode(column: "event_seq", as: Int.self), floor: try row.decode(column: "event_floor", as: Int.self))
        }
    }

    public func deleteLoggedEvents(before cutoff: Timestamp, limit: Int) async throws -> Int {
        try await database.transaction { db in
            // Tenants with a window of their own are trimmed by it (`RetentionJob`).
            let doomed = try await db.raw("""
                SELECT tenant_id, sequence FROM incident_event_log WHERE at < \(bind: cutoff.milliseconds)
                    AND tenant_id NOT IN (SELECT tenant_id FROM tenant_retention WHERE event_log_days IS NOT NULL)
                ORDER BY at LIMIT \(literal: max(1, limit))
                """).all()
            guard !doomed.isEmpty else { return 0 }
            var highest: [String: Int] = [:]
            for row in doomed {
                let tenant = try row.decode(column: "tenant_id", as: String.self), sequence = try row.decode(column: "sequence", as: Int.self)
                highest[tenant] = max(highest[tenant] ?? 0, sequence)
            }
            // Floors first: a reader never sees a hole below a floor it was not told about.
            for (tenant, sequence) in highest {
                try await db.raw("""
                    UPDATE tenants SET event_floor = \(bind: sequence) WHERE id = \(bind: tenant) AND event_floor < \(bind: sequence)
                    """).run()
                try await db.raw("""
                    DELETE FROM incident_event_log WHERE tenant_id = \(bind: tenant) AND sequence <= \(bind: sequence)
                    """).run()
            }
            return doomed.count
        }
    }

    private static func eventConditions(_ filter: EventFilter) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = []
        if let incident = filter.incidentID { conditions.append("l.incident_id = \(bind: incident.rawValue)") }
        if let minimum = filter.minSeverity {
            let severities = Severity.allCases.filter { $0 >= minimum }.map(\.rawValue)
            conditions.append("l.severity IN (\(binds: severities))")
        }
        return conditions
    }
}

/// The incident snapshot a log row carries, as JSON.
enum EventLogRows {
    private struct Snapshot: Codable {
        var id: String, tenantID: String, number: Int, title: String, description: String, severity: String, status: String
        var reporterID: String?, assigneeID: String?, tags: [String], createdAt: Int, updatedAt: Int
        var acknowledgedAt: Int?, firstAcknowledgedAt: Int?, resolvedAt: Int?, resolution: String?, version: Int
        /// Absent in events logged before urgencies existed (all HIGH).
        var urgency: String?
    }

    static func json(_ incident: Incident) throws -> String {
        let snapshot = Snapshot(id: incident.id.rawValue, tenantID: incident.tenantID.rawValue, number: incident.number, title: incident.title,
                                description: incident.description, severity: incident.severity.rawValue, status: incident.status.rawValue,
                                reporterID: incident.reporterID?.rawValue, assigneeID: incident.assigneeID?.rawValue, tags: incident.tags,
                                createdAt: incident.createdAt.milliseconds, updatedAt: incident.updatedAt.milliseconds,
                                acknowledgedAt: incident.acknowledgedAt?.milliseconds,
                                firstAcknowledgedAt: incident.firstAcknowledgedAt?.milliseconds,
                                resolvedAt: incident.resolvedAt?.milliseconds, resolution: incident.resolution, version: incident.version,
                                urgency: incident.urgency.rawValue)
        return String(decoding: try JSONEncoder().encode(snapshot), as: UTF8.self)
    }

    /// A log row joined with its timeline entry (`t.*`, plus `sequence` and `incident`).
    static func event(_ row: any SQLRow) throws -> IncidentEvent {
        let json = try row.decode(column: "incident", as: String.self)
        let snapshot = try JSONDecoder().decode(Snapshot.self, from: Data(json.utf8))
        guard let severity = Severity(rawValue: snapshot.severity), let status = IncidentStatus(rawValue: snapshot.status) else {
            throw StoreError.corrupt("event log incident \(snapshot.id)")
        }
        let incident = Incident(id: IncidentID(snapshot.id), tenantID: TenantID(snapshot.tenantID), number: snapshot.number,
                                title: snapshot.title, description: snapshot.description, severity: severity, status: status,
                                reporterID: snapshot.reporterID.map(UserID.init(_:)), assigneeID: snapshot.assigneeID.map(UserID.init(_:)),
                                tags: snapshot.tags, createdAt: Timestamp(milliseconds: snapshot.createdAt),
                                updatedAt: Timestamp(milliseconds: snapshot.updatedAt),
                                acknowledgedAt: snapshot.acknowledgedAt.map(Timestamp.init(milliseconds:)),
                                resolvedAt: snapshot.resolvedAt.map(Timestamp.init(milliseconds:)), resolution: snapshot.resolution,
                                version: snapshot.version, firstAcknowledgedAt: snapshot.firstAcknowledgedAt.map(Timestamp.init(milliseconds:)),
                                urgency: snapshot.urgency.flatMap(Urgency.init(rawValue:)) ?? .high)
        return IncidentEvent(entry: try Rows.timelineEntry(row), incident: incident, sequence: try row.decode(column: "sequence", as: Int.self))
    }
}
