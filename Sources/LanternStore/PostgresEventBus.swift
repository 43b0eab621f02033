import Foundation
import Synchronization
import LanternDomain
import Logging
import SQLKit

/// Incident events across instances: `publish` sends a PostgreSQL NOTIFY carrying the tenant and
/// the event's sequence; every instance (this one included) LISTENs, loads the events from the
/// log (in batches), and hands them to its local subscribers. On SQLite (one process) events go straight
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
            let pending = PendingNotices()
            listener = Task {
                // Notices are queued as they arrive and loaded in batches, one statement for all
                // that came in while the previous batch loaded: under load, when a pooled
                // connection takes a while to come, the listener keeps up instead of loading one
                // event per wait (events ran 95 s late that way with 500 users on two instances).
                let loader = Task {
                    for await _ in pending.arrivals {
                        while let batch = pending.take(limit: Self.batchLimit) {
                            await Self.deliver(batch, store: store, local: local, logger: logger)
                        }
                    }
                }
                await withTaskCancellationHandler {
                    await database.listen(channel: Self.channel) { payload in
                        // Only load what someone here is waiting for.
                        guard let notice = Notice(payload), local.hasSubscribers(tenant: notice.tenant) else { return }
                        pending.add(notice)
                    }
                } onCancel: {
                    loader.cancel()
                    pending.finish()
                }
            }
        } else {
            listener = nil
        }
    }

    /// The most notices loaded by one statement.
    static let batchLimit = 2_000

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

    /// Loads a batch of notified events and hands them to this instance's subscribers, in
    /// sequence order per tenant. A batch is tried three times (no pooled connection came in
    /// time, say), then dropped: a subscriber notices the gap at its next event and reads what it
    /// missed from the log.
    private static func deliver(_ batch: [TenantID: [Int]], store: SQLStore, local: LocalEventBroadcaster, logger: Logger) async {
        for attempt in 1...3 {
            let wanted = batch.filter { local.hasSubscribers(tenant: $0.key) }
            guard !wanted.isEmpty else { return }
            do {
                for event in try await store.loggedEvents(sequences: wanted) { local.deliver(event) }
                return
            } catch {
                if Task.isCancelled { return }
                logger.error("could not load notified incident events", metadata: [
                    "error": "\(error)", "events": "\(wanted.values.map(\.count).reduce(0, +))", "attempt": "\(attempt)"])
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
    }
}

/// Event notices waiting to be loaded, per tenant, and a signal that more arrived.
final class PendingNotices: Sendable {
    private let notices = Mutex<[TenantID: [Int]]>([:])
    private let signal: AsyncStream<Void>.Continuation
    /// Yields (at most one buffered signal) whenever notices were added since the last `take`.
    let arrivals: AsyncStream<Void>

    init() {
        let (arrivals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.arrivals = arrivals
        self.signal = signal
    }

    func add(_ notice: StoreEventBus.Notice) {
        notices.withLock { $0[notice.tenant, default: []].append(notice.sequence) }
        signal.yield()
    }

    /// Up to `limit` waiting notices, the oldest first; nil when none wait.
    func take(limit: Int) -> [TenantID: [Int]]? {
        notices.withLock { notices in
            guard !notices.isEmpty else { return nil }
            var batch: [TenantID: [Int]] = [:], count = 0
            for tenant in Array(notices.keys) where count < limit {
                guard let sequences = notices[tenant] else { continue }
                let taken = sequences.prefix(limit - count)
                batch[tenant] = Array(taken)
                count += taken.count
                if taken.count == sequences.count {
                    notices[tenant] = nil
                } else {
                    notices[tenant] = Array(sequences.dropFirst(taken.count))
                }
            }
            return batch
        }
    }

    func finish() { signal.finish() }
}
