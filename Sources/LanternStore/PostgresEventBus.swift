import Foundation
import LanternDomain
import Logging
import SQLKit

/// Incident events across instances: `publish` sends a PostgreSQL NOTIFY carrying the tenant and
/// the event's sequence; every instance (this one included) LISTENs, loads the event from the
/// log once, and hands it to its local subscribers. On SQLite (one process) events go straight
/// to the local subscribers.
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
        let payload = Notice(tenant: event.incident.tenantID, sequence: event.sequence).payload
        do {
            try await database.notify(channel: Self.channel, payload: payload)
        } catch {
            // Subscribers that miss it (other instances) find it in the log at their next event.
            database.logger.error("could not publish an incident event; delivering locally only", metadata: ["error": "\(error)"])
            local.deliver(event)
        }
    }

    public func subscribe(tenant: TenantID) -> AsyncStream<IncidentEvent> { local.subscribe(tenant: tenant) }

    /// Stops listening.
    public func stop() { listener?.cancel() }

    /// What a NOTIFY carries: the tenant and the sequence to load the event by, well under
    /// PostgreSQL's 8,000-byte payload limit.
    struct Notice {
        var tenant: TenantID
        var sequence: Int

        init(tenant: TenantID, sequence: Int) {
            self.tenant = tenant
            self.sequence = sequence
        }

        init?(_ payload: String) {
            let parts = payload.split(separator: " ").map(String.init)
            guard parts.count == 2, let sequence = Int(parts[1]) else { return nil }
            self.init(tenant: TenantID(parts[0]), sequence: sequence)
        }

        var payload: String { "\(tenant.rawValue) \(sequence)" }
    }

    private static func load(_ notice: Notice, store: SQLStore, logger: Logger) async -> IncidentEvent? {
        do {
            return try await store.loggedEvents(tenant: notice.tenant, after: notice.sequence - 1, before: notice.sequence + 1,
                                                filter: EventFilter(), limit: 1).first
        } catch {
            logger.error("could not load a notified incident event", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
