import Synchronization

/// Subscriptions that share one execution per event. Subscribers whose requests are the same
/// document, operation and variables, and whose contexts have the same sharing key, get the
/// results of one source stream executed once per event: a thousand phones following one
/// tenant's incidents cost one execution per event, not a thousand.
///
/// The sharing key is the application's promise that two contexts would produce the same
/// results (same principal, tenant and role, say); the first subscriber's context runs the
/// shared execution. Each subscriber keeps its own bounded buffer, so a slow one only loses its
/// own oldest results.
final class SharedSubscriptions: Sendable {
    private let groups = Mutex<[String: SubscriptionGroup]>([:])

    /// Joins the group for `key`, starting it with `start` when there is none.
    func subscribe(key: String, start: @escaping @Sendable () async -> SubscriptionResult) async -> SubscriptionResult {
        let group = groups.withLock { groups in
            if let running = groups[key], !running.isFinished { return running }
            let created = SubscriptionGroup(start: start)
            groups[key] = created
            return created
        }
        if let failure = await group.started() {
            remove(group, key: key)
            return .failure(failure)
        }
        guard let stream = group.join(onEmpty: { [weak self] in self?.remove(group, key: key) }) else {
            // The source ended between starting and joining: a new group serves this subscriber.
            remove(group, key: key)
            return await subscribe(key: key, start: start)
        }
        return .stream(stream)
    }

    /// How many groups are running (for tests and metrics).
    var count: Int { groups.withLock { $0.count } }

    private func remove(_ group: SubscriptionGroup, key: String) {
        groups.withLock { groups in
            if groups[key] === group { groups[key] = nil }
        }
    }
}

/// One shared source stream and the subscribers its results go to.
final class SubscriptionGroup: Sendable {
    private struct State {
        var subscribers: [Int: AsyncThrowingStream<ExecutionResponse, any Error>.Continuation] = [:]
        var nextID = 0
        var pump: Task<Void, Never>?
        var finished = false
    }

    private final class SharedState: Sendable {
        let mutex = Mutex(State())

        func withLock<T>(_ body: (inout State) -> T) -> T { mutex.withLock { body(&$0) } }
    }

    private let state: SharedState
    private let starting: Task<ExecutionResponse?, Never>

    init(start: @escaping @Sendable () async -> SubscriptionResult) {
        let state = SharedState()
        self.state = state
        starting = Task {
            switch await start() {
            case .failure(let response): return response
            case .stream(let source):
                let pump = Task {
                    var failure: (any Error)?
                    do {
                        for try await response in source {
                            let subscribers = state.withLock { Array($0.subscribers.values) }
                            for subscriber in subscribers {
                                // A subscriber this far behind the others would lose results
                                // without knowing: it is ended instead, and told to resubscribe.
                                if case .dropped = subscriber.yield(response) { subscriber.finish(throwing: SubscriberFellBehind()) }
                            }
                        }
                    } catch {
                        failure = error
                    }
                    let subscribers = state.withLock { state in
                        state.finished = true
                        return Array(state.subscribers.values)
                    }
                    for subscriber in subscribers { subscriber.finish(throwing: failure) }
                }
                state.withLock { $0.pump = pump }
                return nil
            }
        }
    }

    var isFinished: Bool { state.withLock { $0.finished } }

    /// Nil when the source stream started; else the response that refused it.
    func started() async -> ExecutionResponse? { await starting.value }

    /// A stream of the group's results from now on; nil when the source has already ended.
    /// When the last subscriber leaves, the source is cancelled and `onEmpty` runs.
    func join(onEmpty: @escaping @Sendable () -> Void) -> AsyncThrowingStream<ExecutionResponse, any Error>? {
        let (stream, continuation) = AsyncThrowingStream<ExecutionResponse, any Error>.makeStream(bufferingPolicy: .bufferingOldest(256))
        let id: Int? = state.withLock { state in
            if state.finished { return nil }
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = continuation
            return id
        }
        guard let id else { return nil }
        continuation.onTermination = { [state] _ in
            let pump: Task<Void, Never>? = state.withLock { state in
                state.subscribers[id] = nil
                guard state.subscribers.isEmpty else { return nil }
                state.finished = true
                return state.pump
            }
            if let pump {
                pump.cancel()
                onEmpty()
            }
        }
        return stream
    }
}

/// Why a shared subscription's stream ended for one subscriber: it took results more slowly
/// than the others for long enough that its buffer filled.
public struct SubscriberFellBehind: PublicError, Sendable {
    public var message: String { "This subscriber fell behind the results of its subscription; subscribe again (resuming, where the field offers it)." }
    public var code: String { "SUBSCRIBER_FELL_BEHIND" }

    public init() {}
}
