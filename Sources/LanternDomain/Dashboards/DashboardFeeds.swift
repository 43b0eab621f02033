import Synchronization

/// Live dashboards: one feed per dashboard on this instance, shared by all its subscribers. A
/// feed listens to its tenant's incident and document events (from every instance, with
/// PostgreSQL), and recomputes the widgets at most once per `interval` however many events
/// arrive, pushing only the widgets whose numbers changed.
final class DashboardFeeds: Sendable {
    static let interval: Duration = .seconds(1)

    private let store: any DashboardStore
    private let incidentEvents: any IncidentEventBus
    private let documentEvents: any DocumentEventBus
    private let feeds = Mutex<[DashboardID: Feed]>([:])
    private let nextSubscriber = Atomic<Int>(0)

    private struct Feed {
        var subscribers: [Int: AsyncStream<DashboardUpdate>.Continuation]
        var task: Task<Void, Never>?
    }

    init(store: any DashboardStore, incidentEvents: any IncidentEventBus, documentEvents: any DocumentEventBus) {
        self.store = store
        self.incidentEvents = incidentEvents
        self.documentEvents = documentEvents
    }

    func subscribe(_ dashboard: Dashboard) -> AsyncStream<DashboardUpdate> {
        let (stream, continuation) = AsyncStream.makeStream(of: DashboardUpdate.self, bufferingPolicy: .bufferingNewest(256))
        let key = nextSubscriber.add(1, ordering: .relaxed).newValue
        let id = dashboard.id
        feeds.withLock { feeds in
            if feeds[id] != nil {
                feeds[id]?.subscribers[key] = continuation
            } else {
                feeds[id] = Feed(subscribers: [key: continuation], task: nil)
                feeds[id]?.task = Task { [self] in await self.run(dashboard) }
            }
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(key, from: id) }
        return stream
    }

    private func unsubscribe(_ key: Int, from id: DashboardID) {
        let ended: Task<Void, Never>? = feeds.withLock { feeds in
            feeds[id]?.subscribers[key] = nil
            guard let feed = feeds[id], feed.subscribers.isEmpty else { return nil }
            feeds[id] = nil
            return feed.task
        }
        ended?.cancel()
    }

    private func deliver(_ updates: [DashboardUpdate], to id: DashboardID) {
        let subscribers = feeds.withLock { Array(($0[id]?.subscribers ?? [:]).values) }
        for subscriber in subscribers {
            for update in updates { subscriber.yield(update) }
        }
    }

    private func finish(_ id: DashboardID) {
        let subscribers = feeds.withLock { feeds in
            let ended = Array((feeds[id]?.subscribers ?? [:]).values)
            feeds[id] = nil
            return ended
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    private func run(_ dashboard: Dashboard) async {
        let tenant = dashboard.tenantID, id = dashboard.id
        // Pending changes collapse into one signal while a round is computed or waits its turn.
        let (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let incidents = incidentEvents.subscribe(tenant: tenant), documents = documentEvents.subscribe(tenant: tenant)
        let listeners = [
            Task { for await _ in incidents { signal.yield() } },
            Task { for await _ in documents { signal.yield() } },
        ]
        defer { listeners.forEach { $0.cancel() } }
        var shown = await numbers(of: dashboard)
        var lastRound: ContinuousClock.Instant?
        for await _ in signals {
            if let lastRound, lastRound + Self.interval > .now {
                try? await Task.sleep(until: lastRound + Self.interval, clock: .continuous)
            }
            if Task.isCancelled { return }
            // Rounds are spaced from when the previous one was pushed, so however long computing
            // takes, subscribers never receive two rounds less than `interval` apart.
            defer { lastRound = .now }
            let current: Dashboard?
            do { current = try await store.dashboard(tenant: tenant, id: id) } catch { continue }
            guard let current else {
                finish(id)
                return
            }
            var updates: [DashboardUpdate] = []
            for widget in current.widgets {
                guard let data = await data(of: widget) else { continue }
                if shown[widget.id].map({ !$0.sameNumbers(as: data) }) ?? true {
                    updates.append(DashboardUpdate(widget: widget, data: data))
                    shown[widget.id] = data
                }
            }
            if !updates.isEmpty { deliver(updates, to: id) }
        }
    }

    private func numbers(of dashboard: Dashboard) async -> [WidgetID: WidgetData] {
        var shown: [WidgetID: WidgetData] = [:]
        for widget in dashboard.widgets { shown[widget.id] = await data(of: widget) }
        return shown
    }

    /// The widget's data over its dashboard's range now; nil when it cannot be computed (the
    /// next round tries again).
    private func data(of widget: Widget) async -> WidgetData? {
        try? await DashboardService.compute(store: store, tenant: widget.tenantID, query: widget.query, kind: widget.kind,
                                            range: widget.dashboardRange, timeZone: widget.dashboardTimeZone, now: .now())
    }
}

extension WidgetData {
    /// Equal numbers: a relative range moves with the clock, which alone is no change to push.
    func sameNumbers(as other: WidgetData) -> Bool {
        value == other.value && previousValue == other.previousValue && series == other.series && rows == other.rows
    }
}
