import LanternDomain
import LanternStore
import Synchronization
import Testing

/// The per-tenant event log and resumable subscriptions, on both databases.
@Suite("Event log and resumable subscriptions")
struct EventLogTests {
    /// Collects `count` events from `stream` (or fewer if it ends or 10 s pass).
    static func take(_ count: Int, from stream: some AsyncSequence<IncidentEvent, any Error> & Sendable) async -> [IncidentEvent] {
        await EventReader(stream).take(count)
    }

    static func waitForListener(_ dialect: Database.Dialect) async throws {
        if dialect == .postgres { try await Task.sleep(for: .milliseconds(300)) }  // the LISTEN connection starts
    }

    @Test(arguments: bothDialects) func sequencesCursorsAndResumption(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, a) = try await fixture.owner("log-a")
        let (_, b) = try await fixture.owner("log-b")
        let incidents = fixture.incidents
        try await Self.waitForListener(dialect)

        // Sequences count per tenant from 1, in commit order, and the event says so.
        let first = try await incidents.report(a, title: "One", description: nil, severity: .low, tags: nil)
        _ = try await incidents.report(b, title: "Other tenant", description: nil, severity: .high, tags: nil)
        _ = try await incidents.acknowledge(a, id: first.id)
        let history = try await incidents.eventHistory(a, filter: EventFilter(), first: 10, after: nil)
        #expect(history.items.map(\.sequence) == [1, 2] && history.items.map(\.entry.kind) == [.reported, .acknowledged])
        #expect(history.items[0].incident.status == .open && history.items[1].incident.status == .acknowledged)
        #expect(history.cursors == history.items.map(\.cursor) && history.totalCount == 2)
        #expect(try await incidents.eventHistory(b, filter: EventFilter(), first: 10, after: nil).items.map(\.sequence) == [1])

        // A subscriber that left after event 2 resumes with exactly the matching events it missed, then live ones.
        let cursor = history.items[1].cursor
        var raised: [Incident] = []
        for (index, severity) in [Severity.low, .critical, .medium, .high, .low, .critical].enumerated() {
            raised.append(try await incidents.report(a, title: "Missed \(index)", description: nil, severity: severity, tags: nil))
        }
        let resumed = EventReader(try await incidents.events(a, filter: EventFilter(minSeverity: .high), after: cursor))
        let replayed = await resumed.take(3)
        #expect(replayed.map(\.sequence) == [4, 6, 8] && replayed.map(\.incident.title) == ["Missed 1", "Missed 3", "Missed 5"])
        _ = try await incidents.report(a, title: "Live low", description: nil, severity: .low, tags: nil)
        _ = try await incidents.report(a, title: "Live high", description: nil, severity: .high, tags: nil)
        let live = await resumed.take(1)
        #expect(live.map(\.sequence) == [10] && live.first?.incident.title == "Live high")

        // The history pages with its own cursors and the same filter.
        let severe = try await incidents.eventHistory(a, filter: EventFilter(minSeverity: .high), first: 2, after: cursor)
        #expect(severe.items.map(\.sequence) == [4, 6] && severe.hasNextPage && severe.totalCount == 4)
        let rest = try await incidents.eventHistory(a, filter: EventFilter(minSeverity: .high), first: 10, after: severe.cursors.last)
        #expect(rest.items.map(\.sequence) == [8, 10] && !rest.hasNextPage)

        // Cursors of another tenant, made up, or ahead of the log are refused.
        let foreign = try await incidents.eventHistory(b, filter: EventFilter(), first: 1, after: nil).cursors[0]
        await expectDomainError(.badUserInput) { try await incidents.events(a, filter: EventFilter(), after: foreign) }
        await expectDomainError(.badUserInput) { try await incidents.events(a, filter: EventFilter(), after: "not-a-cursor") }
        await expectDomainError(.badUserInput) {
            try await incidents.events(a, filter: EventFilter(), after: EventCursor.encode(tenant: a.tenant.id, sequence: 999))
        }
        await expectDomainError(.badUserInput) { try await incidents.eventHistory(a, filter: EventFilter(), first: 5_000, after: nil) }

        // Retention trims old events; a cursor before what is kept has expired.
        let retention = EventLogRetention(store: fixture.store, windowSeconds: 0, interval: .seconds(60), batchSize: 3)
        #expect(try await retention.trim(now: Timestamp.now().adding(seconds: 1)) == 11)
        await expectDomainError(.cursorExpired) { try await incidents.events(a, filter: EventFilter(), after: cursor) }
        await expectDomainError(.cursorExpired) { try await incidents.eventHistory(a, filter: EventFilter(), first: 5, after: cursor) }
        // The head cursor still resumes (nothing missed), and new events follow it.
        let head = EventCursor.encode(tenant: a.tenant.id, sequence: 10)
        let afterTrim = EventReader(try await incidents.events(a, filter: EventFilter(), after: head))
        _ = try await incidents.report(a, title: "After the trim", description: nil, severity: .low, tags: nil)
        #expect(await afterTrim.take(1).map(\.sequence) == [11])
    }

    /// Two instances on PostgreSQL: notices that pile up while the other instance's pool is busy
    /// are loaded together (a few statements, not one per event, which made events run late
    /// under load), and its subscriber still gets every event once and in order from the bus alone.
    @Test func noticesThatPileUpAreLoadedTogether() async throws {
        let fixture = try await Fixture(.postgres)
        defer { Task { await fixture.close() } }
        let (_, access) = try await fixture.owner("piled")
        let other = try await Database.open(url: fixture.url, logger: TestDatabases.logger, connectionWait: .seconds(60))
        let otherBus = StoreEventBus(database: other)
        defer { Task { otherBus.stop(); await other.close() } }
        let stream = otherBus.subscribe(tenant: access.tenant.id)
        try await Self.waitForListener(.postgres)
        // Every pooled connection of the other instance is held (running nothing) while 200
        // events are raised, until their notices have had time to arrive.
        let gate = Gate(), holding = HeldCount()
        let holders = (0..<20).map { _ in
            Task { try await other.withConnection { _ in holding.value.add(1, ordering: .relaxed); await gate.wait() } }
        }
        for _ in 0..<200 where holding.value.load(ordering: .relaxed) < 20 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(holding.value.load(ordering: .relaxed) == 20)
        let before = other.statementCount
        for index in 0..<200 {
            _ = try await fixture.incidents.report(access, title: "Piled \(index)", description: nil, severity: .low, tags: nil)
        }
        // The notices have all arrived (and wait) before the connections are let go.
        for _ in 0..<200 where otherBus.waitingNotices < 200 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(otherBus.waitingNotices == 200, "notices waiting or loading")
        gate.open()
        for holder in holders { try await holder.value }
        let reading = Task {
            var sequences: [Int] = []
            for await event in stream {
                sequences.append(event.sequence)
                if sequences.count == 200 { break }
            }
            return sequences
        }
        let timer = Task {
            try await Task.sleep(for: .seconds(20))
            reading.cancel()
        }
        let received = await reading.value
        timer.cancel()
        #expect(received == Array(1...200))
        let loads = other.statementCount - before
        #expect(loads < 20, "the other instance loaded 200 notified events with \(loads) statements")
    }

    /// A logged event that no longer decodes costs only itself: the batch load that delivers
    /// notified events returns the others instead of failing for every tenant in the batch.
    @Test(arguments: bothDialects) func anUndecodableLoggedEventIsLeftOutOfABatch(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, a) = try await fixture.owner("decode-a")
        let (_, b) = try await fixture.owner("decode-b")
        for index in 0..<3 { _ = try await fixture.incidents.report(a, title: "A\(index)", description: nil, severity: .low, tags: nil) }
        _ = try await fixture.incidents.report(b, title: "B", description: nil, severity: .low, tags: nil)
        try await fixture.database.withConnection { db in
            try await db.raw("""
                UPDATE incident_event_log SET incident = 'not json' WHERE tenant_id = \(bind: a.tenant.id.rawValue) AND sequence = 2
                """).run()
        }
        let loaded = try await fixture.store.loggedEvents(sequences: [a.tenant.id: [1, 2, 3], b.tenant.id: [1]])
        #expect(loaded.filter { $0.incident.tenantID == a.tenant.id }.map(\.sequence) == [1, 3])
        #expect(loaded.filter { $0.incident.tenantID == b.tenant.id }.map(\.incident.title) == ["B"])
    }

    /// Events raised while a long replay is read arrive once, in order, with none missing.
    @Test(arguments: bothDialects) func theSeamBetweenReplayAndLiveHasNoGapOrRepeat(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, access) = try await fixture.owner("seam")
        let incidents = fixture.incidents
        try await Self.waitForListener(dialect)
        let incident = try await incidents.report(access, title: "Long one", description: nil, severity: .high, tags: nil)
        for index in 0..<2_100 { _ = try await incidents.comment(access, id: incident.id, body: "backlog \(index)") }
        let start = EventCursor.encode(tenant: access.tenant.id, sequence: 1)
        let stream = try await incidents.events(access, filter: EventFilter(), after: start)
        let writer = Task {
            for index in 0..<150 { _ = try await incidents.comment(access, id: incident.id, body: "during \(index)") }
        }
        let received = await Self.take(2_250, from: stream)
        try await writer.value
        #expect(received.map(\.sequence) == Array(2...2_251))
        #expect(received.last?.entry.message == "during 149")
    }

    /// Live events that reach a subscriber out of order, or not at all (a full buffer), are put
    /// right from the log: the stream is the log's order whatever the bus does.
    @Test(arguments: bothDialects) func gapsInTheLiveStreamAreFilledFromTheLog(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, access) = try await fixture.owner("gaps")
        _ = try await fixture.incidents.report(access, title: "Before", description: nil, severity: .low, tags: nil)
        let bus = ScriptedBus()
        let service = IncidentService(store: fixture.store, events: bus)
        let stream = EventReader(try await service.events(access, filter: EventFilter(), after: nil))
        for index in 0..<5 { _ = try await fixture.incidents.report(access, title: "E\(index)", description: nil, severity: .low, tags: nil) }
        let logged = try await fixture.store.loggedEvents(tenant: access.tenant.id, after: 1, before: nil, filter: EventFilter(), limit: 10)
        // The bus delivers 2, then 5 (3 and 4 are late), then 4, 3 and 6; event 1 came before the subscription.
        bus.deliver([1, 0, 3, 2, 1, 4].map { logged[$0] })
        #expect(await stream.take(5).map(\.sequence) == [2, 3, 4, 5, 6])
    }

    /// Subscribers come and go at random while events are raised; each one's received events,
    /// over all its connections, are exactly the log's matching events from where it started.
    @Test(arguments: bothDialects) func randomDisconnectsNeverLoseOrRepeatAnEvent(_ dialect: Database.Dialect) async throws {
        let fixture = try await Fixture(dialect)
        defer { Task { await fixture.close() } }
        let (_, access) = try await fixture.owner("random")
        let incidents = fixture.incidents
        try await Self.waitForListener(dialect)
        var generator = SeededGenerator(seed: 0x5EED_2026)
        let target = try await incidents.report(access, title: "Target", description: nil, severity: .medium, tags: nil)
        let filters = [EventFilter(), EventFilter(minSeverity: .high), EventFilter(incidentID: target.id)]
        let start = EventCursor.encode(tenant: access.tenant.id, sequence: 1)
        var received: [[Int]] = Array(repeating: [], count: filters.count)
        var connections: [EventReader?] = Array(repeating: nil, count: filters.count)
        var lastCursor: [String] = Array(repeating: start, count: filters.count)
        var open: [Incident] = [target]
        /// Reads up to `expected` of what a connected subscriber has been sent.
        func drain(_ index: Int, expected: Int) async {
            guard let reader = connections[index], expected > 0 else { return }
            for event in await reader.take(expected, patience: .seconds(5)) {
                received[index].append(event.sequence)
                lastCursor[index] = event.cursor
            }
        }
        func pending(_ index: Int) async throws -> Int {
            let after = EventCursor.decode(lastCursor[index])!.1
            return try await fixture.store.countLoggedEvents(tenant: access.tenant.id, after: after, filter: filters[index])
        }
        for _ in 0..<240 {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<6:
                let severity = Severity.allCases.randomElement(using: &generator)!
                if Bool.random(using: &generator), let incident = open.randomElement(using: &generator) {
                    _ = try await incidents.comment(access, id: incident.id, body: "note")
                } else {
                    open.append(try await incidents.report(access, title: "R", description: nil, severity: severity, tags: nil))
                }
            case 6..<8:
                let index = Int.random(in: 0..<filters.count, using: &generator)
                if connections[index] != nil {
                    await drain(index, expected: min(try await pending(index), Int.random(in: 0...2, using: &generator)))
                    connections[index] = nil
                }
            default:
                let index = Int.random(in: 0..<filters.count, using: &generator)
                if connections[index] == nil {
                    connections[index] = EventReader(try await incidents.events(access, filter: filters[index], after: lastCursor[index]))
                }
            }
        }
        for index in filters.indices {
            if connections[index] == nil {
                connections[index] = EventReader(try await incidents.events(access, filter: filters[index], after: lastCursor[index]))
            }
            await drain(index, expected: try await pending(index))
            let expected = try await fixture.store.loggedEvents(tenant: access.tenant.id, after: 1, before: nil, filter: filters[index],
                                                                limit: 10_000).map(\.sequence)
            #expect(received[index] == expected, "subscriber \(index)")
            #expect(Set(received[index]).count == received[index].count)
        }
    }
}

/// A bus whose subscribers get exactly what the test delivers, in that order.
final class ScriptedBus: IncidentEventBus, @unchecked Sendable {
    private var continuations: [AsyncStream<IncidentEvent>.Continuation] = []

    func publish(_ event: IncidentEvent) async {}

    func subscribe(tenant: TenantID) -> AsyncStream<IncidentEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: IncidentEvent.self)
        continuations.append(continuation)
        return stream
    }

    func deliver(_ events: [IncidentEvent]) {
        for continuation in continuations { for event in events { continuation.yield(event) } }
    }
}

/// Reads one subscription's events a few at a time, as a client would.
final class EventReader: @unchecked Sendable {
    private var iterator: any AsyncIteratorProtocol<IncidentEvent, any Error>

    init(_ events: some AsyncSequence<IncidentEvent, any Error>) { iterator = events.makeAsyncIterator() }

    /// The next `count` events (fewer if the stream ends or `patience` passes).
    func take(_ count: Int, patience: Duration = .seconds(10)) async -> [IncidentEvent] {
        let reading = Task {
            var events: [IncidentEvent] = []
            while events.count < count, let event = try await self.iterator.next() { events.append(event) }
            return events
        }
        let timer = Task {
            try await Task.sleep(for: patience)
            reading.cancel()
        }
        defer { timer.cancel() }
        return (try? await reading.value) ?? []
    }
}

/// A small deterministic generator, so a failing random run can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Suspends its waiters until it is opened.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let proceed = state.withLock { state in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if proceed { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// A count tasks add to while a test watches it.
final class HeldCount: Sendable {
    let value = Atomic<Int>(0)
}
