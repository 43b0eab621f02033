import Foundation
import LanternDomain
import Logging
import SQLKit

/// Incident events across instances: `publish` sends a PostgreSQL NOTIFY carrying the ids; every
/// instance (this one included) LISTENs, loads the incident and timeline entry once, and hands
/// the event to its local subscribers. On SQLite (one process) events go straight to the local
/// subscribers.
public final class StoreEventBus: IncidentEventBus {
    public static let channel = "lantern_incident_events"

    private let database: Database
    private let store: SQLStore
    private let local: LocalEventBroadcaster
    private let listener: Task<Void, Never>?

    public init(database: Database, local: LocalEventBroadcaster = LocalEventBroadcaster()) {
        self.database = database
        self.store = SQLStore(database: database)
        self.local = local
        if database.dialect == .postgres {
            let store = store, local = local, logger = database.logger
            listener = Task {
                await database.listen(channel: Self.channel) { payload in
                    // Only load what someone here is waiting for.
                    guard let notice = Notice(payload), local.hasSubscribers(tenant: notice.tenant),
                          let event = await Self.load(notice, store: store, logger: logger) else { return }
                    local.deliver(event)
                }
            }
        } else {
            listener = nil
        }
    }

    deinit { listener?.cancel() }

    public func publish(_ event: IncidentEvent) async {
        guard database.dialect == .postgres else { return local.deliver(event) }
        let payload = Notice(tenant: event.incident.tenantID, incident: event.incident.id, entry: event.entry.id).payload
        do {
            try await database.notify(channel: Self.channel, payload: payload)
        } catch {
            database.logger.error("could not publish an incident event; delivering locally only", metadata: ["error": "\(error)"])
            local.deliver(event)
        }
    }

    public func subscribe(tenant: TenantID) -> AsyncStream<IncidentEvent> { local.subscribe(tenant: tenant) }

    /// Stops listening.
    public func stop() { listener?.cancel() }

    /// What a NOTIFY carries: the ids to load the event by (`tenant incident entry`), well under
    /// PostgreSQL's 8,000-byte payload limit.
    struct Notice {
        var tenant: TenantID
        var incident: IncidentID
        var entry: TimelineEntryID

        init(tenant: TenantID, incident: IncidentID, entry: TimelineEntryID) {
            self.tenant = tenant
            self.incident = incident
            self.entry = entry
        }

        init?(_ payload: String) {
            let parts = payload.split(separator: " ").map(String.init)
            guard parts.count == 3 else { return nil }
            self.init(tenant: TenantID(parts[0]), incident: IncidentID(parts[1]), entry: TimelineEntryID(parts[2]))
        }

        var payload: String { "\(tenant.rawValue) \(incident.rawValue) \(entry.rawValue)" }
    }

    private static func load(_ notice: Notice, store: SQLStore, logger: Logger) async -> IncidentEvent? {
        do {
            guard let incident = try await store.incident(tenant: notice.tenant, id: notice.incident),
                  let entry = try await store.timelineEntry(tenant: notice.tenant, id: notice.entry) else { return nil }
            return IncidentEvent(entry: entry, incident: incident)
        } catch {
            logger.error("could not load a notified incident event", metadata: ["error": "\(error)"])
            return nil
        }
    }
}

extension SQLStore {
    func timelineEntry(tenant: TenantID, id: TimelineEntryID) async throws -> TimelineEntry? {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT * FROM timeline_entries WHERE tenant_id = \(bind: tenant.rawValue) AND id = \(bind: id.rawValue)
                """).first().map(Rows.timelineEntry)
        }
    }
}
