import Synchronization
import Testing
@testable import LanternExecution

/// A ticking source per `subscribe` call; counts sources and executions of `Tick.label`.
private final class TickCounters: Sendable {
    let sources = Atomic<Int>(0)
    let cancelledSources = Atomic<Int>(0)
    let labels = Atomic<Int>(0)
}

private enum TickValue: Sendable { case root, tick(Int), scalar(JSONValue), null }

private struct TickResolvers: Resolvers {
    typealias Source = TickValue
    typealias Context = String
    let counters: TickCounters

    func resolve(_ info: ResolveInfo, source: TickValue, arguments: JSONObject, context: String) throws -> Resolution<TickValue> {
        switch (source, info.fieldName) {
        case (.tick(let n), "ticks"): return .value(.tick(n))
        case (.tick(let n), "label"):
            counters.labels.add(1, ordering: .relaxed)
            let prefix = arguments["prefix"].flatMap { if case .string(let text) = $0 { text } else { nil } } ?? ""
            return .pending { .scalar(.string("\(prefix)\(n)")) }
        default: return .value(.null)
        }
    }

    func typeName(of value: TickValue, abstractType: SchemaType) throws -> String? { nil }
    func view(_ value: TickValue) -> ValueView { if case .null = value { return .null }; return .value }
    func element(of list: TickValue, at index: Int) -> TickValue { .null }
    func leafValue(_ value: TickValue) -> JSONValue { if case .scalar(let json) = value { return json }; return .null }

    func subscribe(_ info: ResolveInfo, source: TickValue, arguments: JSONObject, context: String) async throws
        -> AsyncThrowingStream<TickValue, any Error> {
        counters.sources.add(1, ordering: .relaxed)
        let (stream, continuation) = AsyncThrowingStream<TickValue, any Error>.makeStream()
        let counters = self.counters
        let producer = Task {
            var n = 0
            while !Task.isCancelled {
                continuation.yield(.tick(n))
                n += 1
                try? await Task.sleep(for: .milliseconds(5))
            }
            counters.cancelledSources.add(1, ordering: .relaxed)
            continuation.finish()
        }
        continuation.onTermination = { _ in producer.cancel() }
        return stream
    }
}

private let tickSchema = "type Query { a: Int } type Subscription { ticks: Tick } type Tick { label(prefix: String): String }"

@Suite("Shared subscriptions: one execution per event for equal subscribers")
struct SharedSubscriptionTests {
    private func engine(_ counters: TickCounters) throws -> GraphQLEngine<TickResolvers> {
        GraphQLEngine(schema: try Schema.build(sdl: tickSchema), resolvers: TickResolvers(counters: counters), root: .root,
                      subscriptionSharingKey: { context, _ in context.isEmpty ? nil : context })
    }

    private func stream(_ result: SubscriptionResult) throws -> AsyncThrowingStream<ExecutionResponse, any Error> {
        guard case .stream(let stream) = result else { throw SubscriptionRefused() }
        return stream
    }

    private func labels(_ stream: AsyncThrowingStream<ExecutionResponse, any Error>, count: Int) async throws -> [String] {
        var seen: [String] = []
        for try await response in stream {
            seen.append(String(decoding: response.json, as: UTF8.self))
            if seen.count == count { break }
        }
        return seen
    }

    @Test("equal subscribers share one source and one execution per event; each gets every result")
    func equalSubscribersShare() async throws {
        let counters = TickCounters()
        let engine = try engine(counters)
        let request = GraphQLRequest(query: "subscription { ticks { label(prefix: \"t\") } }")
        let first = try stream(await engine.subscribe(request, context: "alice"))
        let second = try stream(await engine.subscribe(request, context: "alice"))
        let third = try stream(await engine.subscribe(request, context: "alice"))
        #expect(counters.sources.load(ordering: .relaxed) == 1)
        #expect(engine.sharedSubscriptionCount == 1)
        async let a = labels(first, count: 20)
        async let b = labels(second, count: 20)
        async let c = labels(third, count: 20)
        let (seenA, seenB, seenC) = try await (a, b, c)
        // Every subscriber sees a run of consecutive events, the same results in the same shape.
        for seen in [seenA, seenB, seenC] {
            #expect(seen.count == 20)
            #expect(seen.allSatisfy { $0.hasPrefix("{\"data\":{\"ticks\":{\"label\":\"t") })
        }
        #expect(Set(seenA).intersection(seenB).count >= 10)
        // Executions of `label` follow events, not subscribers: far fewer than 3 × 20.
        #expect(counters.labels.load(ordering: .relaxed) < 45)
    }

    @Test("a shared subscriber that falls far behind is ended with SUBSCRIBER_FELL_BEHIND, never silently skipped")
    func aSubscriberFallingBehindIsEnded() async throws {
        let engine = try engine(TickCounters())
        let request = GraphQLRequest(query: "subscription { ticks { label } }")
        let reader = try stream(await engine.subscribe(request, context: "alice"))
        let idle = try stream(await engine.subscribe(request, context: "alice"))
        _ = try await labels(reader, count: 300)
        var taken = 0
        do {
            for try await _ in idle { taken += 1 }
            Issue.record("the idle subscriber's stream ended without saying why")
        } catch let error as SubscriberFellBehind {
            #expect(error.code == "SUBSCRIBER_FELL_BEHIND")
        }
        // What it was sent before falling behind still arrives, in order.
        #expect(taken == 256)
    }

    @Test("different keys, variables or documents are executed apart; nil keys are never shared")
    func differentRequestsAreApart() async throws {
        let counters = TickCounters()
        let engine = try engine(counters)
        let query = "subscription ($p: String) { ticks { label(prefix: $p) } }"
        let streams = [
            try stream(await engine.subscribe(GraphQLRequest(query: query, variables: JSONObject([("p", .string("x"))])), context: "alice")),
            try stream(await engine.subscribe(GraphQLRequest(query: query, variables: JSONObject([("p", .string("y"))])), context: "alice")),
            try stream(await engine.subscribe(GraphQLRequest(query: query, variables: JSONObject([("p", .string("x"))])), context: "bob")),
            try stream(await engine.subscribe(GraphQLRequest(query: query, variables: JSONObject([("p", .string("x"))])), context: "")),
            try stream(await engine.subscribe(GraphQLRequest(query: query, variables: JSONObject([("p", .string("x"))])), context: "")),
        ]
        #expect(counters.sources.load(ordering: .relaxed) == 5)
        #expect(engine.sharedSubscriptionCount == 3)
        let x = try await labels(streams[0], count: 1)
        let y = try await labels(streams[1], count: 1)
        #expect(x[0].contains("\"x"))
        #expect(y[0].contains("\"y"))
    }

    @Test("a subscriber leaving does not end the others; the last one leaving cancels the source")
    func leavingAndTheLast() async throws {
        let counters = TickCounters()
        let engine = try engine(counters)
        let request = GraphQLRequest(query: "subscription { ticks { label } }")
        var first: AsyncThrowingStream<ExecutionResponse, any Error>? = try stream(await engine.subscribe(request, context: "alice"))
        let second = try stream(await engine.subscribe(request, context: "alice"))
        _ = try await labels(first!, count: 2)
        first = nil
        try await Task.sleep(for: .milliseconds(30))
        #expect(counters.cancelledSources.load(ordering: .relaxed) == 0)
        #expect(try await labels(second, count: 5).count == 5)
        let task = Task { for try await _ in second {} }
        task.cancel()
        _ = await task.result
        for _ in 0..<200 where counters.cancelledSources.load(ordering: .relaxed) == 0 {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(counters.cancelledSources.load(ordering: .relaxed) == 1)
        #expect(engine.sharedSubscriptionCount == 0)
        // A later subscriber starts a new source.
        _ = try stream(await engine.subscribe(request, context: "alice"))
        #expect(counters.sources.load(ordering: .relaxed) == 2)
    }
}

private struct SubscriptionRefused: Error {}
