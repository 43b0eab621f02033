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
    private let pending: PendingNotices?

    public init(database: Database, local: LocalEventBroadcaster = LocalEventBroadcaster()) {
        self.database = database
        self.store = SQLStore(database: database)
        self.local = local
        if database.dialect == .postgres {
            let store = store, local = local, logger = database.logger
            let pending = PendingNotices(limitPerTenant: Self.waitingLimitPerTenant)
            self.pending = pending
            listener = Task {
                // Notices are queued as they arrive and loaded in batches, one statement for all
                // that came in while the previous batch loaded: under load, when a pooled
                // connection takes a while to come, the listener keeps up instead of loading one
                // event per wait (events ran 95 s late that way with 500 users on two instances).
                let loader = Task {
                    for await _ in pending.arrivals {
                        while !Task.isCancelled, let batch = pending.take(limit: Self.batchLimit) {
                            await Self.deliver(batch, store: store, local: local, logger: logger)
                            pending.delivered()
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
            pending = nil
        }
    }

    /// The most notices loaded by one statement.
    static let batchLimit = 2_000

    /// The most notices one tenant may have waiting (loads failing for a long while, say); older
    /// ones are dropped, and subscribers read what they missed from the log at their next event.
    static let waitingLimitPerTenant = 10_000

    deinit { listener?.cancel() }

    public func publish(_ event: IncidentEvent) async {
        guard database.dialect == .postgres else { return local.deliver(event) }
        let payload = Notice(tenant: event.incident.tenantID, sequence: event.sequence).payload
        do {
            try await database.notify(channel: Self.channel, payload: payload)
        } catch {
            // Subscribers that miss it (other instances) find it in the log at their next event.
            database.logger.error("could not publish an incident event; delivering locally only", metadata: ["error": "\(DatabaseFailure.describe(error))"])
            local.deliver(event)
        }
    }

    public func subscribe(tenant: TenantID) -> AsyncStream<IncidentEvent> { local.subscribe(tenant: tenant) }

    /// Notified events not yet delivered here, waiting or loading (0 on SQLite): a number that
    /// grows means loads cannot keep up or keep failing.
    public var waitingNotices: Int { pending?.count ?? 0 }

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
                // A row that does not decode is logged and skipped by the store, not retried:
                // only the statement failing (no connection, say) is worth another attempt.
                for event in try await store.loggedEvents(sequences: wanted) { local.deliver(event) }
                return
            } catch {
                if Task.isCancelled { return }
                logger.error("could not load notified incident events", metadata: [
                    "error": "\(DatabaseFailure.describe(error))", "events": "\(wanted.values.map(\.count).reduce(0, +))", "attempt": "\(attempt)"])
                if attempt < 3 { try? await Task.sleep(for: .milliseconds(250)) }
            }
        }
    }
}

/// Event notices waiting to be loaded, per tenant, and a signal that more arrived.
final class PendingNotices: Sendable {
    private struct Waiting {
        var sequences: [TenantID: [Int]] = [:]
        /// Tenants in the order a batch serves them; the one served first moves to the back.
        var turn: [TenantID] = []
        /// Notices in the batch being loaded.
        var loading = 0
    }

    private let waiting = Mutex(Waiting())
    private let limitPerTenant: Int
    private let signal: AsyncStream<Void>.Continuation
    /// Yields (at most one buffered signal) whenever notices were added since the last `take`.
    let arrivals: AsyncStream<Void>

    init(limitPerTenant: Int) {
        self.limitPerTenant = max(1, limitPerTenant)
        let (arrivals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.arrivals = arrivals
        self.signal = signal
    }

    /// Queues a notice; past the tenant's limit its oldest waiting notice is dropped.
    func add(_ notice: StoreEventBus.Notice) {
        let limit = limitPerTenant
        waiting.withLock { waiting in
            if waiting.sequences[notice.tenant] == nil { waiting.turn.append(notice.tenant) }
            waiting.sequences[notice.tenant, default: []].append(notice.sequence)
            if let count = waiting.sequences[notice.tenant]?.count, count > limit {
                waiting.sequences[notice.tenant]?.removeFirst(count - limit)
            }
        }
        signal.yield()
    }

    /// Up to `limit` waiting notices, the oldest first per tenant; nil when none wait. Every
    /// waiting tenant gets an equal share before any gets more, so one busy tenant does not hold
    /// back the others' events.
    func take(limit: Int) -> [TenantID: [Int]]? {
        waiting.withLock { waiting in
            guard !waiting.turn.isEmpty else { return nil }
            var batch: [TenantID: [Int]] = [:], count = 0
            let share = max(1, limit / waiting.turn.count)
            // Two rounds: an equal share each, then what is left of the limit in turn.
            for round in 0..<2 {
                for tenant in waiting.turn where count < limit {
                    guard let sequences = waiting.sequences[tenant], !sequences.isEmpty else { continue }
                    let room = round == 0 ? min(share, limit - count) : limit - count
                    let taken = sequences.prefix(room)
                    batch[tenant, default: []].append(contentsOf: taken)
                    count += taken.count
                    waiting.sequences[tenant] = taken.count == sequences.count ? [] : Array(sequences.dropFirst(taken.count))
                }
            }
            // Tenants served this time go behind those that were not (in their order), so with more
            // tenants than the limit every one is reached; tenants with nothing left leave the queue.
            let remaining = waiting.sequences.filter { !$0.value.isEmpty }
            waiting.turn = waiting.turn.filter { batch[$0] == nil && remaining[$0] != nil }
                + waiting.turn.filter { batch[$0] != nil && remaining[$0] != nil }
            waiting.sequences = remaining
            waiting.loading = count
            return batch
        }
    }

    /// The batch last taken has been delivered (or given up on).
    func delivered() { waiting.withLock { $0.loading = 0 } }

    /// Notices waiting or being loaded.
    var count: Int { waiting.withLock { waiting in waiting.sequences.values.reduce(waiting.loading) { $0 + $1.count } } }

    func finish() { signal.finish() }
}
